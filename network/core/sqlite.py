"""SQLite's LIKE, made to ignore letter case beyond ASCII (å, ä, ö and every other letter).

SQLite folds case only for ASCII letters, so ``icontains`` found "Ödåkra" for "Ödåkra" but not for
"ödåkra". PostgreSQL folds case by the database's locale and needs nothing. Django's SQLite
backend writes every text lookup (``contains``, ``icontains``, ``startswith``...) as LIKE, and
treats them all as case-insensitive already, so replacing LIKE keeps their meaning.
"""

import re
from functools import lru_cache
from typing import Any

from django.db.backends.signals import connection_created


@lru_cache(maxsize=512)
def _pattern(like: str, escape: str | None) -> re.Pattern[str]:
    parts: list[str] = []
    chars = iter(like)
    for char in chars:
        if escape and char == escape:
            parts.append(re.escape(next(chars, "")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def unicode_like(pattern: str | None, value: Any, escape: str | None = None) -> bool | None:
    """``value LIKE pattern [ESCAPE escape]`` with Unicode case folding; NULL stays NULL."""
    if pattern is None or value is None:
        return None
    return _pattern(pattern.casefold(), escape).fullmatch(str(value).casefold()) is not None


def _install(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("like", 2, unicode_like, deterministic=True)
    raw.create_function("like", 3, unicode_like, deterministic=True)


def install() -> None:
    connection_created.connect(_install, dispatch_uid="samverkan-unicode-like")
