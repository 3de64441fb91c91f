"""Tables of what each persona is answered, for ``pytest.mark.parametrize``."""

from typing import Any

import pytest

from tests.conftest import PERSONAS

EVERYONE = (*PERSONAS, "anonymous")


def each_persona(**expected: Any) -> list[Any]:
    """One parameter per persona (and the anonymous caller); every one must be given."""
    missing = set(EVERYONE) - set(expected)
    unknown = set(expected) - set(EVERYONE)
    assert not missing and not unknown, f"missing {missing}, unknown {unknown}"
    return [
        pytest.param(None if name == "anonymous" else name, expected[name], id=name)
        for name in EVERYONE
    ]


def the_same_for_everyone_signed_in(value: Any, anonymous: Any = 401) -> list[Any]:
    return each_persona(**{name: value for name in PERSONAS}, anonymous=anonymous)
