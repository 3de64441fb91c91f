"""Detection of Swedish personal identity numbers (personnummer and samordningsnummer).

The network does not handle individual cases, so free text must not identify anyone. A match
is a ten- or twelve-digit number whose date is a real calendar date (for a samordningsnummer:
the day plus 60) and whose last digit is the Luhn check digit of the ten-digit form.

Text is pasted from word processors, e-mail and phones, so the number may come with en dashes,
minus signs, soft hyphens, zero-width characters, no-break spaces or fullwidth digits. All of
that is folded away before matching (see ``_fold``); the pattern then accepts the ways people
actually write the number: ``YYMMDD-NNNN``, ``YYYYMMDDNNNN``, ``YY.MM.DD-NNNN``,
``YYYY-MM-DD-NNNN``, ``YYMMDD/NNNN``, ``YYMMDD NNNN``, ``YYMMDD+NNNN`` and so on.

``frontend/static/frontend/personal-data.js`` repeats this detection in the browser so the
warning and the server agree; change both together.
"""

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

from stdnum import luhn
from stdnum.exceptions import ValidationError as NumberError
from stdnum.se import personnummer

# Dashes outside category Pd that people (or their software) use as one.
_EXTRA_DASHES = frozenset("\u02d7\u2043\u2053\u2212\u2796")
_EXTRA_SLASHES = frozenset("\u2044\u2215")
# Characters that are not shown, or only decorate the character before them, and so can hide
# inside a number: format characters (soft hyphen, zero-width space and joiners, word joiner,
# byte order mark, bidi controls) and non-spacing or enclosing marks (variation selectors,
# the keycap of 1️⃣).
_DROPPED_CATEGORIES = frozenset({"Cf", "Mn", "Me"})

# The candidate pattern runs on folded text, where digits are ASCII, every dash is "-" and
# every space is " ". Between the date groups the same separator throughout (".", " ", "-",
# "/" or none); before the serial "-", "+" or "/", or, when the date is written without
# separators, also a space or nothing. A separated date followed by a spaced dash, as in
# "2024-01-01 – 2025", is a range and not a number.
#
# Before and after the number there must be no digit, nor a digit one "-" or "." away: those
# are the inside of a longer number or of a date range ("2024-01-01–2024-12-31" would
# otherwise read as 2024-01-01 with serial 2024).
#
# The whole pattern sits in a lookahead, so the scan tries every position and a candidate that
# fails the date or check digit cannot hide a real number that overlaps it. Every quantifier is
# bounded, so the work per position is constant and hostile input cannot make it backtrack.
_BODY = r"""
    (?:
        (?P<mm>[0-9]{2})(?P<dd>[0-9]{2})[ ]?(?P<sep>[-+/]?)[ ]?
      | (?P<dsep>[-./ ])(?P<smm>[0-9]{2})(?P=dsep)(?P<sdd>[0-9]{2})(?P<ssep>[-+/])
    )
    (?P<serial>[0-9]{4})
"""
_GUARDS_BEFORE = r"(?<![0-9])(?<![0-9][-.])"
_GUARDS_AFTER = r"(?![0-9])(?![-.][0-9])"
# Two patterns rather than one with an optional century, so that a twelve-digit reading that
# fails cannot keep the ten-digit reading at the same position from being tried.
_CANDIDATES = tuple(
    re.compile(
        rf"{_GUARDS_BEFORE}(?=(?P<number>{head}{_BODY}){_GUARDS_AFTER})",
        re.VERBOSE,
    )
    for head in (r"(?P<century>[0-9]{2})(?P<yy>[0-9]{2})", r"(?P<century>)(?P<yy>[0-9]{2})")
)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """What one character of the original text becomes in the text the pattern reads."""
    folded = []
    for part in unicodedata.normalize("NFKC", char):
        category = unicodedata.category(part)
        if category in _DROPPED_CATEGORIES:
            continue
        if category == "Nd":
            # NFKC leaves digits of other scripts (Arabic-Indic, Devanagari...) alone.
            folded.append(str(unicodedata.decimal(part)))
        elif category == "Pd" or part in _EXTRA_DASHES:
            folded.append("-")
        elif part in _EXTRA_SLASHES:
            folded.append("/")
        elif part.isspace():
            folded.append(" ")
        else:
            folded.append(part)
    return "".join(folded)


def _fold(text: str) -> tuple[str, list[int]]:
    """The text to match against, and where each original character starts in it.

    Folding works character by character so that a match can be traced back to the original
    text. ``starts[i]`` is the offset in the folded text of what character ``i`` became.
    """
    pieces = [_fold_char(char) for char in text]
    starts = [0, *accumulate(len(piece) for piece in pieces)][:-1]
    return "".join(pieces), starts


def _is_identity_number(century: str, yy: str, mm: str, dd: str, sep: str, serial: str) -> bool:
    """Whether the parts make a real personnummer or samordningsnummer.

    python-stdnum decides the date (including which century a ten-digit number with ``+``
    belongs to) and the check digit. It does not know samordningsnummer, where 60 is added to
    the day, so for those its date rule is applied to the real day and its Luhn check to the
    digits as written.
    """
    if century and century not in {"18", "19", "20"}:
        return False
    # "/" and "-" mean the same; only "+" (a person aged 100 or more) changes the century.
    marker = "+" if sep == "+" else "-"
    if personnummer.is_valid(f"{century}{yy}{mm}{dd}{marker}{serial}"):
        return True
    day = int(dd)
    if not 61 <= day <= 91:
        return False
    try:
        personnummer.get_birth_date(f"{century}{yy}{mm}{day - 60:02d}{marker}{serial}")
    except NumberError:
        return False
    return luhn.is_valid(f"{yy}{mm}{dd}{serial}")


def find_identity_numbers(text: str) -> list[str]:
    """Every valid identity number in ``text``, in order, exactly as written there.

    Matching runs on a folded copy of the text (see ``_fold``); each match is mapped back, so
    what is returned is the original substring, with whatever dashes, spaces or invisible
    characters it held, which is what a person has to find and remove.
    """
    text = text or ""
    folded, starts = _fold(text)
    spans: list[tuple[int, int]] = []
    for pattern in _CANDIDATES:
        for match in pattern.finditer(folded):
            if _is_identity_number(
                match["century"],
                match["yy"],
                match["mm"] or match["smm"],
                match["dd"] or match["sdd"],
                match["sep"] or match["ssep"] or "",
                match["serial"],
            ):
                spans.append(match.span("number"))
    found = []
    covered_until = 0
    # Earliest first and, of two starting together, the longer; skip what overlaps a kept one.
    for begin, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if begin < covered_until:
            continue
        covered_until = end
        first = bisect_right(starts, begin) - 1
        last = bisect_right(starts, end - 1) - 1
        found.append(text[first : last + 1])
    return found


def contains_identity_number(text: str) -> bool:
    """Whether ``text`` holds at least one personnummer or samordningsnummer."""
    return bool(find_identity_numbers(text))
