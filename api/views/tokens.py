"""A person's own API tokens: listed, made and revoked.

Only the person's own tokens exist here (:func:`network.access.accounts.own_tokens`): another
person's token id answers 404, as any object one may not see. Only a session or a full-scope
token manages tokens; a report-only token is refused (403) before it gets here
(:mod:`api.authentication`), and again by :class:`ManagesTokens`. A key is shown once, in the
answer that makes it; a list shows its first characters, to recognise it by, never the key nor
its digest.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.authentication import api_token
from api.schema import LOCATION, ApiSchema, LinkedResponse, links_by_id
from api.serializers import (
    ApiTokenSerializer,
    TokenSerializer,
    TokenSettingsSerializer,
    issued_token_data,
)
from api.views.base import created, person
from network.access.accounts import own_tokens
from network.accounts.models import ApiToken
from network.accounts.tokens import expiry_in, issue_token, revoke_token


class ManagesTokens(permissions.IsAuthenticated):
    """Signed in with a session or with a full-scope token."""

    message = _("Only a session or a full-scope API token manages API tokens.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not super().has_permission(request, view):
            return False
        token = api_token(request)
        return token is None or token.scope == ApiToken.Scope.FULL


@extend_schema_view(
    list=extend_schema(
        responses={
            200: OpenApiResponse(
                ApiTokenSerializer, description="Your API tokens, the newest first."
            )
        }
    ),
    retrieve=extend_schema(
        responses={200: OpenApiResponse(ApiTokenSerializer, description="One of your tokens.")}
    ),
    create=extend_schema(
        request=TokenSettingsSerializer,
        responses={
            201: LinkedResponse(
                TokenSerializer,
                description="The new token, with its key: shown this once, never again.",
                links=links_by_id(
                    ("tokens_retrieve", "The token."),
                    ("tokens_revoke_create", "Revoke the token."),
                ),
            )
        },
        parameters=[LOCATION],
    ),
    destroy=extend_schema(
        responses={204: OpenApiResponse(description="Revoked: the token opens nothing any more.")}
    ),
    revoke=extend_schema(
        request=None,
        responses={
            200: OpenApiResponse(
                ApiTokenSerializer, description="Revoked: the token opens nothing any more."
            )
        },
    ),
)
class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your API tokens: list them, make one (name, lifetime, scope), revoke one.

    Revoking is for good: a request with the token answers 401 from then on, and a WebSocket
    opened with it is closed within seconds. Revoking twice is no error."""

    serializer_class = ApiTokenSerializer
    permission_classes = [ManagesTokens]
    schema = ApiSchema()
    lookup_value_regex = "[0-9]+"
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[ApiToken]:
        return own_tokens(self.request.user).order_by("-created_at", "-pk")

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return TokenSettingsSerializer
        return ApiTokenSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = TokenSettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        token, key = issue_token(
            person(request), data["name"], expiry_in(data.get("expires_in_days")), data["scope"]
        )
        return created(request, issued_token_data(token, key), "api:api-token-detail", token.pk)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        revoke_token(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        token = self.get_object()
        revoke_token(token)
        return Response(ApiTokenSerializer(token).data)
