"""JSON request bodies, refused with 400 when too large or nested too deeply.

Python's JSON decoder recurses once per level of nesting, so a body of a few kilobytes of
``[[[[...`` ends in a ``RecursionError``; and a body is read whole before it is parsed. Nothing
the API accepts is nested more than a few levels or larger than a few hundred kilobytes, so both
are bounded here, before the serializers ever see the data.
"""

import codecs
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

# Objects and arrays inside one another; the deepest body the API reads is three levels deep.
MAX_DEPTH = 32
# Used when DATA_UPLOAD_MAX_MEMORY_SIZE is switched off (None): a body is never unbounded.
FALLBACK_MAX_BYTES = 2_621_440


def max_body_bytes() -> int:
    """The largest body read: Django's own limit for form bodies, so that all formats agree."""
    limit = getattr(settings, "DATA_UPLOAD_MAX_MEMORY_SIZE", None)
    return limit if limit is not None else FALLBACK_MAX_BYTES


def too_large() -> ParseError:
    return ParseError(
        _("The request body is larger than %(limit)d bytes.") % {"limit": max_body_bytes()}
    )


def too_deep() -> ParseError:
    return ParseError(
        _("The JSON is nested more than %(depth)d levels deep.") % {"depth": MAX_DEPTH}
    )


def refuse_deep_nesting(data: Any, max_depth: int = MAX_DEPTH) -> None:
    """Raise ParseError when objects and arrays nest deeper than ``max_depth``.

    Walked with a stack of its own, so that measuring the depth cannot itself recurse too deep.
    """
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, Mapping):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > max_depth:
            raise too_deep()
        stack.extend((child, depth + 1) for child in children)


def _encoding(parser_context: Mapping[str, Any]) -> str:
    """The charset of the Content-Type, if it names a text encoding (not, say, ``bz2_codec``)."""
    encoding = parser_context.get("encoding") or settings.DEFAULT_CHARSET
    try:
        "".encode(encoding)
    except (LookupError, UnicodeError):
        raise ParseError(_("Unsupported charset in the Content-Type header.")) from None
    return encoding


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with a size limit and a nesting limit that answer 400."""

    def parse(
        self,
        stream: IO[bytes],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        encoding = _encoding(parser_context or {})
        limit = max_body_bytes()
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise too_large()
        try:
            text = codecs.decode(raw, encoding)
        except UnicodeDecodeError as exc:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": exc}) from None
        parse_constant = json.strict_constant if self.strict else None
        try:
            data = json.loads(text, parse_constant=parse_constant)
        except RecursionError:
            raise too_deep() from None
        except ValueError as exc:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": exc}) from None
        refuse_deep_nesting(data)
        return data
