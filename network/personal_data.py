"""Detection of Swedish personal identity numbers (personnummer and samordningsnummer).

The network does not handle individual cases, so free text must not identify anyone. A match
is a ten- or twelve-digit number, optionally with ``-`` or ``+`` before the last four digits,
whose date is a real calendar date (for a samordningsnummer: the day plus 60) and whose last
digit is the Luhn check digit of the ten-digit form.
"""

import re
from datetime import date

_CANDIDATE = re.compile(r"(?<![\d])(\d{2})?(\d{2})(\d{2})(\d{2})\s?([-+]?)\s?(\d{3})(\d)(?![\d])")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def _date_ok(century: str | None, yy: str, mm: str, dd: str) -> bool:
    day = int(dd)
    if day > 60:
        day -= 60  # samordningsnummer
    month = int(mm)
    # Without a century any century will do; test a leap year-capable one for 29 February.
    years = [int(century + yy)] if century else [2000 + int(yy), 1900 + int(yy)]
    for year in years:
        try:
            date(year, month, day)
        except ValueError:
            continue
        return True
    return False


def find_identity_numbers(text: str) -> list[str]:
    """Every valid identity number in ``text``, as written."""
    found = []
    for match in _CANDIDATE.finditer(text or ""):
        century, yy, mm, dd, _sep, serial, check = match.groups()
        if century and century not in {"18", "19", "20"}:
            continue
        if _date_ok(century, yy, mm, dd) and _luhn_ok(f"{yy}{mm}{dd}{serial}{check}"):
            found.append(match.group(0).strip())
    return found


def contains_identity_number(text: str) -> bool:
    return bool(find_identity_numbers(text))
