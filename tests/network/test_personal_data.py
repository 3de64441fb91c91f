"""Identity numbers in free text, however they were typed or pasted.

The case lists are module-level so that tests/e2e/test_personal_data_js.py can hold the
browser's warning to exactly the same answers.
"""

import pytest
from stdnum import luhn

from network.personal_data import contains_identity_number, find_identity_numbers

NUMBER = "121212-1212"  # valid: 12 December 2012 (or 1912), Luhn check digit 2

DASHES = {
    "hyphen U+2010": "\u2010",
    "non-breaking hyphen U+2011": "\u2011",
    "figure dash U+2012": "\u2012",
    "en dash U+2013": "\u2013",
    "em dash U+2014": "\u2014",
    "horizontal bar U+2015": "\u2015",
    "minus sign U+2212": "\u2212",
    "small em dash U+FE58": "\ufe58",
    "small hyphen-minus U+FE63": "\ufe63",
    "fullwidth hyphen-minus U+FF0D": "\uff0d",
}
INVISIBLE = {
    "soft hyphen U+00AD": "\u00ad",
    "zero-width space U+200B": "\u200b",
    "zero-width non-joiner U+200C": "\u200c",
    "zero-width joiner U+200D": "\u200d",
    "word joiner U+2060": "\u2060",
    "byte order mark U+FEFF": "\ufeff",
}
SPACES = {
    "no-break space U+00A0": "\u00a0",
    "thin space U+2009": "\u2009",
    "narrow no-break space U+202F": "\u202f",
    "ideographic space U+3000": "\u3000",
}

# Text that holds a number, with an id saying what it tests.
DETECTED: dict[str, str] = {
    "plain": "Kontakta 811218-9876 om detta",
    "no separator": "pnr 8112189876",
    "twelve digits": "198112189876",
    "twelve digits with dash": "19811218-9876",
    "samordningsnummer": "Samordningsnummer 701063-2391",
    "plus for a centenarian": "Född hundra år sedan: 121212+1212",
    "leap day": "Skottdag 000229-0005",
    "spaced dash": "811218 - 9876",
    "line break before the serial": "pnr:\n811218\n9876",
    "samordningsnummer with en dash": "Samordningsnummer 701063\u20132391",
    "en dash in a sentence": "Kontakta mig på 121212\u20131212 eller mejla",
    "dots in the date": "12.12.12-1212",
    "spaces in the date": "12 12 12-1212",
    "slash before the serial": "121212/1212",
    "iso date and serial": "1981-12-18-9876",
    "fullwidth digits and hyphen": "\uff11\uff12\uff11\uff12\uff11\uff12\uff0d\uff11\uff12\uff11\uff12",
    "fullwidth digits, ascii hyphen": "\uff18\uff11\uff11\uff12\uff11\uff18-\uff19\uff18\uff17\uff16",
    "arabic-indic digits": "\u0661\u0662\u0661\u0662\u0661\u0662-\u0661\u0662\u0661\u0662",
    "extended arabic-indic digits": "\u06f1\u06f2\u06f1\u06f2\u06f1\u06f2-\u06f1\u06f2\u06f1\u06f2",
    "devanagari digits": "\u0967\u0968\u0967\u0968\u0967\u0968-\u0967\u0968\u0967\u0968",
    "keycap emoji digits": "".join(f"{d}\ufe0f\u20e3" for d in "121212") + "-1212",
    "no-break spaces in the date": "12\u00a012\u00a012\u20131212",
    "thin spaces in the date": "12\u200912\u200912-1212",
    "no-break space before the serial": "121212\u00a01212",
    "everything at once": "\uff11\u00ad2\u200b1212\u2009\u2013\u20091\u20602\ufeff12",
    **{f"{name} before the serial": NUMBER.replace("-", dash) for name, dash in DASHES.items()},
    **{f"{name} in the date": f"12{dash}12{dash}12{dash}1212" for name, dash in DASHES.items()},
    **{
        f"{name} between the groups": f"12{space}12{space}12-1212" for name, space in SPACES.items()
    },
    **{
        f"{name} after character {position}": NUMBER[:position] + char + NUMBER[position:]
        for name, char in INVISIBLE.items()
        for position in range(1, len(NUMBER))
    },
}

# One case per way of separating the parts; each text is nothing but the number.
SEPARATED: dict[str, str] = {
    **{
        f"{digits} digits, date {date_sep!r}, serial {serial_sep!r}": (
            f"{year}{date_sep}12{date_sep}18{serial_sep}9876"
        )
        for digits, year in (("ten", "81"), ("twelve", "1981"))
        for date_sep, serial_sep in (
            ("", "-"),
            ("", "+" if digits == "twelve" else "-"),
            ("", "/"),
            ("", " "),
            ("", ""),
            (".", "-"),
            (" ", "-"),
            ("-", "-"),
            ("/", "-"),
            (".", "/"),
            ("-", "+" if digits == "twelve" else "/"),
        )
    },
    "ten digits, plus": "121212+1212",
}

# Text that must pass: numbers of other kinds, and numbers that are not valid.
NOT_DETECTED: dict[str, str] = {
    "wrong check digit": "811218-9875",
    "wrong check digit, en dash": "811218\u20139875",
    "month 13": "811318-9876",
    "month 13, en dash": "811318\u20139876",
    "30 February": "810230-9874",
    "day 92": "811292-9876",
    "leap day of 1900 (plus)": "000229+0005",
    "century 21": "21121212-1212",
    "meeting date": "Möte 2026-03-01 kl 18",
    "meeting time": "Möte 2026-03-01 kl. 18.30\u201320.00",
    "phone numbers": "Ring 070-123 45 67 eller 042-10 50 00",
    "phone number": "Telefon 042-10 50 00",
    "reference number": "Diarienummer KS 2024/1234",
    "reference numbers": "Dnr KS 2024/1234 och SN 2023/0456",
    "thousands with a space": "Över 1 000 deltagare",
    "amount and years": "Budget 1 200 000 kr för 2024\u20132025",
    "postal address": "Box 123, 251 89 Helsingborg",
    "bankgiro": "Bankgiro 5050-1055",
    "organisation number": "Helsingborgs stad, organisationsnummer 212000-1009",
    "eleven digits": "81121898760",
    "eleven digits with dash": "811218-98760",
    # Each of these reads as a valid number if the date is taken for a birth date and what
    # follows for the serial (2408012025 and 2401151234 pass the Luhn check).
    "date range, spaced en dash": "Projektet pågår 2024-08-01 \u2013 2025-06-30.",
    "date range, en dash": "Avtalsperiod 2024-08-01\u20132025-06-30",
    "date range, hyphen": "Avtalsperiod 2024-08-01-2025-06-30",
    "date interval, slash": "Intervall 2024-08-01/2025-06-30",
    "date to a year": "Gäller 2024-08-01 - 2025",
    "compact date range": "Uppföljning 20240801-20250630",
    "date and a count": "Statistik 2024-01-15 1234 besökare",
    "empty": "",
}


def test_the_traps_would_pass_the_check_digit():
    """The date-range cases are only worth having if their digits would pass Luhn."""
    assert luhn.is_valid("2408012025")
    assert luhn.is_valid("2401151234")


@pytest.mark.parametrize("text", DETECTED.values(), ids=DETECTED.keys())
def test_identity_numbers_are_found_however_they_are_typed(text):
    assert contains_identity_number(text)


@pytest.mark.parametrize("text", SEPARATED.values(), ids=SEPARATED.keys())
def test_every_separator_is_accepted_and_the_whole_number_returned(text):
    assert find_identity_numbers(text) == [text]


@pytest.mark.parametrize("text", NOT_DETECTED.values(), ids=NOT_DETECTED.keys())
def test_other_numbers_are_not_taken_for_identity_numbers(text):
    assert not contains_identity_number(text)


def test_every_number_in_the_text_is_returned_as_written():
    assert find_identity_numbers("811218-9876 och 19121212-1212") == [
        "811218-9876",
        "19121212-1212",
    ]


def test_numbers_are_returned_with_their_typography():
    text = "Ring 12\u00ad1212\u20131212 eller \uff18\uff11\uff11\uff12\uff11\uff18-9876\u200b."
    assert find_identity_numbers(text) == [
        "12\u00ad1212\u20131212",
        "\uff18\uff11\uff11\uff12\uff11\uff18-9876",
    ]


def test_a_failed_longer_reading_does_not_hide_a_number():
    # Read as twelve digits (century 81) this fails; the ten digits in it are a number.
    assert find_identity_numbers("8112189876 -1234") == ["8112189876"]


def test_none_is_treated_as_empty():
    assert find_identity_numbers(None) == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "hostile",
    [
        "1-" * 100_000,
        "12-" * 66_667,
        "1" * 200_000,
        "12 12 12 " * 22_223,
        ("1212-12-" * 25_000),
        "\u2013\u00ad1" * 66_667,
    ],
    ids=["digit dash", "pairs and dashes", "digits", "spaced pairs", "date-like", "en dashes"],
)
def test_long_hostile_input_is_scanned_to_the_end(hostile):
    assert len(hostile) >= 200_000
    assert find_identity_numbers(hostile + " 811218\u20139876") == ["811218\u20139876"]
