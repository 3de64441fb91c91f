"""Headers and error bodies that every answer must have, whichever view (or none) gave it."""

import json

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.deprecation import MiddlewareMixin
from rest_framework import exceptions

API_PREFIX = "/api/"

# DRF's own messages (translated by DRF's catalogues), for the statuses Django answers itself.
_DETAILS = {
    400: exceptions.ParseError.default_detail,
    401: exceptions.NotAuthenticated.default_detail,
    403: exceptions.PermissionDenied.default_detail,
    404: exceptions.NotFound.default_detail,
    405: exceptions.MethodNotAllowed.default_detail,
    406: exceptions.NotAcceptable.default_detail,
    415: exceptions.UnsupportedMediaType.default_detail,
    429: exceptions.Throttled.default_detail,
}
# Headers of the original answer that still describe the JSON one.
_KEPT_HEADERS = frozenset(
    {"allow", "retry-after", "www-authenticate", "vary", "content-language", "cache-control"}
)


class ApiLanguageMiddleware(MiddlewareMixin):
    """The API answers in the language of ``Accept-Language`` (or the language cookie).

    LocaleMiddleware gives every path outside ``i18n_patterns`` the default language, Swedish,
    whatever the request asks for: right for the pages, whose language is in their path, wrong
    for the API, whose clients say theirs in the header.
    """

    def process_request(self, request: HttpRequest) -> None:
        if request.path.startswith(API_PREFIX):
            language = translation.get_language_from_request(request)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()


class PrivateCacheMiddleware(MiddlewareMixin):
    """Answers to a signed-in person are never stored by a shared cache.

    ``Cache-Control: private, no-store`` unless the view chose its own caching; then ``public``
    is replaced by ``private``, so that a view can let the browser cache, never a proxy.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        if response.has_header("Cache-Control"):
            patch_cache_control(response, private=True)
        else:
            response["Cache-Control"] = "private, no-store"
        return response


class JsonErrorsMiddleware(MiddlewareMixin):
    """Every 4xx under ``/api/`` is JSON, ``{"detail": ...}``.

    DRF answers its views' errors so; this covers what Django answers before or without a view:
    a path that matches no route, a request Django refuses (a host not allowed, a body over the
    size limit), in the request's language.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if (
            not request.path.startswith(API_PREFIX)
            or not 400 <= response.status_code < 500
            or _is_json(response)
        ):
            return response
        detail = _DETAILS.get(response.status_code) or response.reason_phrase
        answer = HttpResponse(
            json.dumps({"detail": str(detail)}, ensure_ascii=False, separators=(",", ":")).encode(),
            status=response.status_code,
            content_type="application/json",
        )
        for name, value in response.items():
            if name.lower() in _KEPT_HEADERS:
                answer[name] = value
        answer.cookies = response.cookies
        return answer


def _is_json(response: HttpResponseBase) -> bool:
    content_type = response.get("Content-Type", "")
    has_body = response.streaming or bool(getattr(response, "content", b""))
    return has_body and content_type.split(";")[0].strip().endswith("json")
