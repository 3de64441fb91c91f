"""The browser's identity-number warning gives the same answers as the server's guard.

personal-data.js repeats network/personal_data.py in JavaScript. Here its source runs in a
blank Chromium page and is asked about every case the Python tests use, and about every
character (in three places in a number), to catch drift between the two.
"""

import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from network.personal_data import contains_identity_number
from tests.network.test_personal_data import DETECTED, NOT_DETECTED, SEPARATED

pytestmark = pytest.mark.e2e

SCRIPT = Path(__file__).resolve().parents[2] / "frontend/static/frontend/personal-data.js"
CASES = {**DETECTED, **SEPARATED, **NOT_DETECTED}


@pytest.fixture(scope="module")
def page(browser: Browser) -> Iterator[Page]:
    """A blank page with nothing but the warning's script, which exposes its detection."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!doctype html><html lang='sv'><title>personnummer</title></html>")
    page.add_script_tag(content=SCRIPT.read_text(encoding="utf-8"))
    yield page
    context.close()


def _browser_says(page: Page, texts: list[str]) -> list[bool]:
    return page.evaluate("texts => texts.map(window.samverkanHoldsIdentityNumber)", texts)


def test_the_browser_agrees_with_the_server_on_every_case(page):
    texts = list(CASES.values())

    in_browser = dict(zip(CASES, _browser_says(page, texts), strict=True))

    on_server = {name: contains_identity_number(text) for name, text in CASES.items()}
    assert in_browser == on_server
    assert all(in_browser[name] for name in DETECTED)
    assert all(in_browser[name] for name in SEPARATED)
    assert not any(in_browser[name] for name in NOT_DETECTED)


def _characters() -> list[str]:
    """Every assigned character of the Basic Multilingual Plane, and the digits, dashes,
    spaces, format characters and marks beyond it."""
    wanted_beyond = {"Nd", "Pd", "Zs", "Cf", "Mn", "Me"}
    characters = []
    for code_point in range(sys.maxunicode + 1):
        char = chr(code_point)
        category = unicodedata.category(char)
        if category in {"Cn", "Co", "Cs"}:
            continue
        if code_point < 0x10000 or category in wanted_beyond:
            characters.append(char)
    return characters


# What the folding asks of the Unicode database about a character, in both languages.
_UNICODE_FACTS_JS = r"""chars => chars.map(char => {
    const nfkc = char.normalize("NFKC");
    return [nfkc, Array.from(nfkc, part =>
        /[\p{Cf}\p{Mn}\p{Me}]/u.test(part) ? "drop" : /\p{Nd}/u.test(part) ? "digit"
            : /\p{Pd}/u.test(part) ? "dash" : "other").join(" ")];
})"""


def _unicode_facts(char: str) -> list[str]:
    nfkc = unicodedata.normalize("NFKC", char)
    kinds = []
    for part in nfkc:
        category = unicodedata.category(part)
        if category in {"Cf", "Mn", "Me"}:
            kinds.append("drop")
        elif category == "Nd":
            kinds.append("digit")
        elif category == "Pd":
            kinds.append("dash")
        else:
            kinds.append("other")
    return [nfkc, " ".join(kinds)]


def test_the_browser_folds_every_character_as_the_server_does(page):
    characters = _characters()
    # Python and Chromium each carry their own version of the Unicode database; a character
    # they classify differently (one new or recategorised since the older version) says
    # nothing about this code, so it is left out. There are only a handful.
    facts = page.evaluate(_UNICODE_FACTS_JS, characters)
    same_unicode = [
        char for char, js in zip(characters, facts, strict=True) if js == _unicode_facts(char)
    ]
    assert len(characters) - len(same_unicode) < 100
    # 811218-9876 is a number: each character goes between two digits of the date, in place of
    # the separator before the serial, and in place of the digit 8.
    placed = [
        (f"U+{ord(char):04X}", text)
        for char in same_unicode
        for text in (f"8112{char}18-9876", f"811218{char}9876", f"81121{char}-9876")
    ]

    in_browser = _browser_says(page, [text for _code, text in placed])

    disagreements = [
        (code, text)
        for (code, text), says in zip(placed, in_browser, strict=True)
        if says != contains_identity_number(text)
    ]
    assert disagreements == []


def test_the_browser_scans_long_hostile_input_to_the_end(page):
    hostile = "1-" * 100_000 + " 811218\u20139876"

    assert _browser_says(page, [hostile, hostile[:-12]]) == [True, False]
