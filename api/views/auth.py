"""Signing in for the API, and the signed-in caller."""

from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from api.schema import FIELD_ERRORS, RETRY_AFTER, ApiSchema, ErrorSerializer
from api.serializers import (
    MeSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    issued_token_data,
)
from api.views.base import person
from network.accounts.tokens import expiry_in, issue_token
from network.accounts.two_factor import has_second_factor, token_sign_in_refusal
from network.core.lockout import lockout_message, lockout_wait
from network.models import User


class TokenThrottle(AnonRateThrottle):
    """Sign-in attempts per address, counted apart from the other anonymous requests."""

    scope = "sign_in"
    rate = "30/min"


TOO_MANY_ATTEMPTS = OpenApiResponse(
    ErrorSerializer,
    description=(
        "Too many attempts: throttled, or signing in is locked out after repeated failures for "
        "the username or from the address (even the right password is refused). Wait for "
        "Retry-After seconds, or ask the central coordinator to lift the lock."
    ),
)


class TokenView(APIView):
    """Exchange a username and password (and the second factor's code, for a person who has
    one) for a new API token: named, expiring, and shown this once."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenThrottle]
    schema = ApiSchema()

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: FIELD_ERRORS,
            403: OpenApiResponse(
                ErrorSerializer,
                description=(
                    "The person must set up two-factor authentication on the web before a "
                    "token is issued."
                ),
            ),
            429: TOO_MANY_ATTEMPTS,
        },
        parameters=[RETRY_AFTER],
        auth=[],
    )
    def post(self, request: Request) -> Response | HttpResponse:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # With the request, django-axes counts the failure and refuses a locked-out sign-in.
        user = authenticate(request._request, username=data["username"], password=data["password"])
        if getattr(request._request, "axes_locked_out", False):
            return self.locked_out_response(request._request)
        if user is None or not user.is_active:
            return Response(
                {"non_field_errors": [_("Unable to sign in with the given credentials.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        refusal = token_sign_in_refusal(user, data.get("otp"))
        if refusal is not None:
            if not has_second_factor(user):  # must first set one up, on the web
                return Response({"detail": refusal}, status=status.HTTP_403_FORBIDDEN)
            return Response({"otp": [refusal]}, status=status.HTTP_400_BAD_REQUEST)
        token, key = issue_token(
            user, data["name"], expiry_in(data.get("expires_in_days")), data["scope"]
        )
        return Response(issued_token_data(token, key))

    @classmethod
    def locked_out_response(cls, request: HttpRequest) -> HttpResponse:
        """The answer to a locked-out sign-in, also given by axes' middleware (settings).

        A plain Django response, so that it can be built outside the view as well.
        """
        cool_off = lockout_wait(request)
        detail = lockout_message(request)
        response = JsonResponse(
            {"detail": detail}, status=429, json_dumps_params={"ensure_ascii": False}
        )
        response["Retry-After"] = str(int(cool_off.total_seconds()))
        add_never_cache_headers(response)
        return response


class MeView(APIView):
    """The signed-in user, with organisation and roles per network."""

    permission_classes = [IsAuthenticated]
    schema = ApiSchema()

    @extend_schema(responses={200: MeSerializer})
    def get(self, request: Request) -> Response:
        user = User.objects.prefetch_related("roles").get(pk=person(request).pk)
        return Response(MeSerializer(user).data)
