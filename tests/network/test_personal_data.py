import pytest

from network.personal_data import contains_identity_number, find_identity_numbers


@pytest.mark.parametrize(
    "text",
    [
        "Kontakta 811218-9876 om detta",
        "pnr 8112189876",
        "198112189876",
        "19811218-9876",
        "Samordningsnummer 701063-2391",
        "Född hundra år sedan: 121212+1212",
        "Skottdag 000229-0005",
    ],
)
def test_valid_identity_numbers_are_found(text):
    assert contains_identity_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "811218-9875",  # wrong check digit
        "811318-9876",  # month 13
        "810230-9874",  # 30 February
        "Möte 2026-03-01 kl 18",
        "Telefon 042-10 50 00",
        "Diarienummer KS 2024/1234",
        "Över 1 000 deltagare",
        "81121898760",  # eleven digits: not a number we know
        "",
    ],
)
def test_other_numbers_are_not_taken_for_identity_numbers(text):
    assert not contains_identity_number(text)


def test_every_number_in_the_text_is_returned_as_written():
    assert find_identity_numbers("811218-9876 och 19121212-1212") == [
        "811218-9876",
        "19121212-1212",
    ]
