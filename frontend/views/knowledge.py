"""The knowledge bank: the list with its search and filters, one item with its document or link,
and the coordinator's forms to publish, change and remove items.

The access layer decides everything here: a person who takes part in no network is answered
"not found" on every page; an item for the authorities does not exist for civil society; a
reader who is not the coordinator is refused the forms. Writes go through
``network.knowledge.services``, whose refusals are shown at the fields they name.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from frontend.knowledge_forms import KnowledgeFilterForm, KnowledgeItemForm
from network.access import networks_taking_part_q, viewer_for
from network.access.knowledge import (
    knowledge_abilities,
    knowledge_for_change,
    may_publish_anywhere,
    networks_for_publishing,
    readerships_for,
    require_knowledge_reader,
    require_publisher,
)
from network.knowledge import selectors, services
from network.knowledge.models import KnowledgeItem
from network.models import Network, User

PAGE_SIZE = 25
FORM_METHODS = ["GET", "HEAD", "POST"]


def _actor(request: HttpRequest) -> User:
    """The signed-in person: every view here is behind ``login_required``."""
    return cast(User, request.user)


@require_safe
@login_required
def knowledge_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    require_knowledge_reader(viewer)
    networks = list(Network.objects.filter(networks_taking_part_q(viewer)).order_by("name"))
    tags = list(
        dict.fromkeys(selectors.knowledge_tags_for(request.user).values_list("name", flat=True))
    )
    form = KnowledgeFilterForm(request.GET or None, networks=networks, tags=tags)
    rows = selectors.knowledge_items_for(request.user)
    if form.is_bound:
        form.is_valid()  # Filters that parse apply; the others are shown as errors.
        rows = selectors.knowledge_items_filtered(rows, form.cleaned_data)
    else:
        rows = rows.order_by("-created_at", "-pk")
    listing = selectors.knowledge_items_for_listing(rows)
    page = Paginator(listing, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "frontend/knowledge_list.html",
        {
            "form": form,
            "page": page,
            "filters_query": params.urlencode(),
            "can_create": may_publish_anywhere(viewer),
            "several_networks": len(networks) > 1,
        },
    )


@require_safe
@login_required
def knowledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.knowledge_item_get_for_user(request.user, pk)
    abilities = knowledge_abilities(viewer_for(request.user), item)
    return render(
        request,
        "frontend/knowledge_detail.html",
        {
            "item": item,
            "abilities": abilities,
            "download_name": selectors.download_name(item)
            if item.kind == KnowledgeItem.Kind.DOCUMENT
            else "",
        },
    )


@require_safe
@login_required
def knowledge_download(request: HttpRequest, pk: int) -> FileResponse:
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


def _render_form(
    request: HttpRequest, form: KnowledgeItemForm, item: KnowledgeItem | None
) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(
        request, "frontend/knowledge_form.html", {"form": form, "item": item}, status=status
    )


@require_http_methods(FORM_METHODS)
@login_required
def knowledge_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    require_knowledge_reader(viewer)
    require_publisher(viewer)
    networks = networks_for_publishing(viewer)
    form = KnowledgeItemForm(
        request.POST or None,
        request.FILES or None,
        networks=networks,
        readerships=readerships_for(viewer),
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = services.knowledge_item_create(
                author=_actor(request), network=form.cleaned_data["network"], **form.values()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The item was published."))
            return redirect("frontend:knowledge_detail", pk=item.pk)
    return _render_form(request, form, None)


@require_http_methods(FORM_METHODS)
@login_required
def knowledge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    item = knowledge_for_change(viewer, pk)
    form = KnowledgeItemForm(
        request.POST or None,
        request.FILES or None,
        networks=[item.network],
        readerships=readerships_for(viewer),
        item=item,
        initial=KnowledgeItemForm.initial_for(item),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.knowledge_item_update(item=item, actor=_actor(request), **form.values())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("frontend:knowledge_detail", pk=item.pk)
    return _render_form(request, form, item)


@require_http_methods(FORM_METHODS)
@login_required
def knowledge_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A page that asks before removing (it works without JavaScript); the removal is a POST."""
    item = knowledge_for_change(viewer_for(request.user), pk)
    if request.method == "POST":
        services.knowledge_item_delete(item=item, actor=_actor(request))
        messages.success(request, _("“%(title)s” was removed.") % {"title": item.title})
        return redirect("frontend:knowledge_list")
    return render(request, "frontend/knowledge_delete.html", {"item": item})
