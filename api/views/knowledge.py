"""The knowledge bank: documents and links the coordinator publishes for the network.

What the caller may not read answers 404, whether it exists or not (an item for the
authorities does not exist for civil society); what the caller reads but may not change answers
403. The access layer is asked before the request body is read, so that the answer does not
depend on what was sent. Every write goes through the knowledge services, which ask again and
check the file.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from api.knowledge_serializers import (
    KNOWLEDGE_CHANGE_REQUEST,
    KNOWLEDGE_DOCUMENT,
    KNOWLEDGE_LINK,
    KNOWLEDGE_LINK_REQUEST,
    KnowledgeItemChangeSerializer,
    KnowledgeItemCreateSerializer,
    KnowledgeItemFilter,
    KnowledgeItemSerializer,
)
from api.parsers import JSONParser
from api.schema import FORBIDDEN, LOCATION, LinkedResponse, links_by_id, read_operations
from api.views.base import ContentViewSet, created, person, viewer
from api.views.meetings import JsonErrors
from network.access.knowledge import knowledge_for_change, require_publisher
from network.knowledge import selectors, services
from network.knowledge.models import KnowledgeItem


class DocumentRenderer(BaseRenderer):
    """Lets a request that asks for a document's own type through content negotiation; the
    download itself is a file response and never rendered."""

    format = "document"
    charset = None

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Any = None,
    ) -> bytes:
        return data if isinstance(data, bytes) else b""


DOCUMENT_RENDERERS = [
    type(
        f"{extension.capitalize()}Renderer",
        (DocumentRenderer,),
        {"media_type": content_type, "format": extension},
    )
    for extension, content_type in selectors.CONTENT_TYPES.items()
]

ITEM = OpenApiResponse(
    KnowledgeItemSerializer,
    description="The item as it is now.",
    examples=[KNOWLEDGE_LINK, KNOWLEDGE_DOCUMENT],
)
ITEM_CREATED = LinkedResponse(
    KnowledgeItemSerializer,
    description="The item was published; its URL is in the Location header.",
    examples=[KNOWLEDGE_LINK, KNOWLEDGE_DOCUMENT],
    links=links_by_id(
        ("knowledge_items_retrieve", "Read the new item."),
        ("knowledge_items_partial_update", "Change the new item."),
        ("knowledge_items_destroy", "Remove the new item."),
    ),
)


def _download(extension: str) -> OpenApiResponse:
    """The download as one kind of document, with an example of how such a file begins."""
    first_bytes = {
        "pdf": "%PDF-1.4 …",
        "txt": "Checklista inför trygghetsvandring …",
        "csv": "område;antal …",
    }
    return OpenApiResponse(
        OpenApiTypes.BINARY,
        description="The document, as an attachment named after the item's title.",
        examples=[
            OpenApiExample(
                f"Ett .{extension}-dokument",
                value=first_bytes.get(extension, "PK… (the zip container of an office document)"),
                response_only=True,
            )
        ],
    )


@read_operations(
    KnowledgeItemSerializer,
    example=KNOWLEDGE_LINK,
    listed="A page of the knowledge items you may read, newest first.",
    detail=ITEM,
)
class KnowledgeItemViewSet(JsonErrors, ContentViewSet):
    """The network's knowledge bank (kunskapsbank): documents and links, with the strategic
    directions they serve and free tags. Published by the coordinator."""

    serializer_class = KnowledgeItemSerializer
    filterset_class = KnowledgeItemFilter
    parser_classes = [JSONParser, MultiPartParser]
    ordering_fields = ["id", "title", "published_on", "created_at", "updated_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self) -> QuerySet[KnowledgeItem]:
        return selectors.knowledge_items_for_listing(
            selectors.knowledge_items_for(self.request.user)
        )

    def get_object(self) -> KnowledgeItem:
        return selectors.knowledge_item_get_for_user(self.request.user, self.kwargs["pk"])

    def _input(self, serializer_class: type[BaseSerializer], **kwargs: Any) -> dict[str, Any]:
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _data(self, item: KnowledgeItem) -> dict[str, Any]:
        fresh = selectors.knowledge_item_get_for_user(self.request.user, item.pk)
        return dict(KnowledgeItemSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(
        request={
            "application/json": KnowledgeItemCreateSerializer,
            "multipart/form-data": KnowledgeItemCreateSerializer,
        },
        responses={201: ITEM_CREATED},
        parameters=[LOCATION],
        examples=[KNOWLEDGE_LINK_REQUEST],
        summary="Publish a link (JSON) or a document (multipart/form-data): the coordinator",
    )
    def create(self, request: Request) -> Response:
        require_publisher(viewer(request))
        data = self._input(KnowledgeItemCreateSerializer)
        item = services.knowledge_item_create(author=person(request), **data)
        return created(request, self._data(item), "api:knowledge-item-detail", item.pk)

    @extend_schema(
        request={
            "application/json": KnowledgeItemChangeSerializer,
            "multipart/form-data": KnowledgeItemChangeSerializer,
        },
        responses={200: ITEM},
        examples=[KNOWLEDGE_CHANGE_REQUEST],
        summary="Change the item; a new document replaces the file: the coordinator",
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        item = knowledge_for_change(viewer(request), pk)
        data = self._input(KnowledgeItemChangeSerializer, partial=True)
        item = services.knowledge_item_update(item=item, actor=person(request), **data)
        return Response(self._data(item))

    @extend_schema(
        responses={
            204: OpenApiResponse(description="The item was removed, with its file."),
            403: FORBIDDEN,
        },
        summary="Remove the item and its file: the coordinator",
    )
    def destroy(self, request: Request, pk: str) -> Response:
        item = knowledge_for_change(viewer(request), pk)
        services.knowledge_item_delete(item=item, actor=person(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=None,
        responses={
            (200, content_type): _download(extension)
            for extension, content_type in selectors.CONTENT_TYPES.items()
        },
        summary="Download the item's document",
    )
    @action(
        detail=True,
        methods=["get"],
        filter_backends=[],
        pagination_class=None,
        renderer_classes=[JSONRenderer, *DOCUMENT_RENDERERS],
    )
    def download(self, request: Request, pk: str) -> FileResponse:
        item, handle = selectors.document_for_download(request.user, pk)
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=selectors.download_name(item),
            content_type=selectors.document_content_type(item),
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
