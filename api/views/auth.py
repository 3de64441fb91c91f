"""Signing in for the API, and the signed-in caller."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from api.schema import FIELD_ERRORS, THROTTLED, ApiSchema
from api.serializers import MeSerializer, TokenRequestSerializer, TokenSerializer
from api.views.base import person
from network.models import User


class TokenThrottle(AnonRateThrottle):
    rate = "30/min"


class TokenView(APIView):
    """Exchange a username and password for the user's API token."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenThrottle]
    schema = ApiSchema()

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, 400: FIELD_ERRORS, 429: THROTTLED},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request._request, **serializer.validated_data)
        if user is None or not user.is_active:
            return Response(
                {"non_field_errors": [_("Unable to sign in with the given credentials.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeView(APIView):
    """The signed-in user, with organisation and roles per network."""

    permission_classes = [IsAuthenticated]
    schema = ApiSchema()

    @extend_schema(responses={200: MeSerializer})
    def get(self, request: Request) -> Response:
        user = User.objects.prefetch_related("roles").get(pk=person(request).pk)
        return Response(MeSerializer(user).data)
