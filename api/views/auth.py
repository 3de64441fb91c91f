"""Signing in for the API, and the signed-in caller."""

from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from api.schema import FIELD_ERRORS, ApiSchema, ErrorSerializer
from api.serializers import MeSerializer, TokenRequestSerializer, TokenSerializer
from api.views.base import person
from network.core.lockout import lockout_message, lockout_wait
from network.models import User


class TokenThrottle(AnonRateThrottle):
    rate = "30/min"


TOO_MANY_ATTEMPTS = OpenApiResponse(
    ErrorSerializer,
    description=(
        "Too many attempts: throttled, or signing in is locked out after repeated failures for "
        "the username or from the address (even the right password is refused). Wait for "
        "Retry-After seconds, or ask the central coordinator to lift the lock."
    ),
)
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    description="Seconds to wait before trying again.",
    response=[429],
)


class TokenView(APIView):
    """Exchange a username and password for the user's API token."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenThrottle]
    schema = ApiSchema()

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, 400: FIELD_ERRORS, 429: TOO_MANY_ATTEMPTS},
        parameters=[RETRY_AFTER],
        auth=[],
    )
    def post(self, request: Request) -> Response | HttpResponse:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # With the request, django-axes counts the failure and refuses a locked-out sign-in.
        user = authenticate(request._request, **serializer.validated_data)
        if getattr(request._request, "axes_locked_out", False):
            return self.locked_out_response(request._request)
        if user is None or not user.is_active:
            return Response(
                {"non_field_errors": [_("Unable to sign in with the given credentials.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

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
