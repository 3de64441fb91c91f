"""Activities: the list, one activity with its updates and tagging, and logging or editing one."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontend.forms import ActivityFilterForm, ActivityForm, TagForm, UpdateForm
from frontend.labels import direction_names
from network.access import (
    activity_abilities,
    activity_for_change,
    activity_for_posting,
    activity_for_tagging,
    menu_for,
    require_networks_for_logging,
    require_takes_part,
    viewer_for,
)
from network.activities import services
from network.activities.selectors import (
    activities_filtered,
    activities_for_listing,
    activities_visible_to,
    activity_get_for_user,
    activity_tag_history,
    updates_visible_to,
)
from network.core.selectors import organisations_visible_to
from network.models import Activity

PAGE_SIZE = 25


def _querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    require_takes_part(viewer)
    organisations = organisations_visible_to(request.user).order_by("name")
    form = ActivityFilterForm(request.GET or None, organisations=organisations)
    queryset = activities_visible_to(request.user)
    if form.is_bound:
        form.is_valid()  # Filters that parse apply; the others are shown as errors.
        filters = dict(form.cleaned_data)
        filters["search"] = filters.pop("q", "")
        queryset = activities_filtered(queryset, filters)
    page = Paginator(activities_for_listing(queryset), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "frontend/activity_list.html",
        {
            "form": form,
            "page": page,
            "filters_query": _querystring_without_page(request),
            "can_log": menu_for(viewer).log,
        },
    )


def _render_detail(
    request: HttpRequest,
    activity: Activity,
    *,
    update_form: UpdateForm | None = None,
    tag_form: TagForm | None = None,
) -> HttpResponse:
    abilities = activity_abilities(viewer_for(request.user), activity)
    if abilities.tag and tag_form is None:
        current = [d.code for d in activity.directions.all()] or [
            d.code for d in activity.suggested_directions.all()
        ]
        tag_form = TagForm(initial={"directions": current})
    if abilities.post_update and update_form is None:
        update_form = UpdateForm(initial={"visibility": activity.visibility})
    names = direction_names()
    history = [
        {
            "entry": entry,
            "directions": [names.get(code, code) for code in entry.directions],
        }
        for entry in activity_tag_history(activity)
    ]
    updates = (
        updates_visible_to(request.user)
        .filter(activity=activity)
        .select_related("organisation", "author")
    )
    return render(
        request,
        "frontend/activity_detail.html",
        {
            "activity": activity,
            "abilities": abilities,
            "locked": abilities.locked,
            "can_edit": abilities.change,
            "tag_form": tag_form if abilities.tag else None,
            "update_form": update_form if abilities.post_update else None,
            "history": history,
            "updates": updates,
        },
    )


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, activity_get_for_user(request.user, pk))


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    networks = require_networks_for_logging(viewer)
    form = ActivityForm(request.POST or None, user=request.user, networks=networks)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = services.activity_create(
                author=request.user,
                network=data["network"],
                personal_data_reason=data["personal_data_reason"],
                **{name: data[name] for name in services.ACTIVITY_EDITABLE_FIELDS},
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The activity was logged."))
            return redirect("frontend:activity_detail", pk=activity.pk)
    return render(request, "frontend/activity_form.html", {"form": form, "activity": None})


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    activity = activity_for_change(viewer, pk)
    abilities = activity_abilities(viewer, activity)
    initial: dict[str, Any] = {
        name: getattr(activity, name) for name in services.ACTIVITY_EDITABLE_FIELDS
    }
    initial["partners"] = list(activity.partners.all())
    initial["suggested_directions"] = [d.code for d in activity.suggested_directions.all()]
    title = activity.title
    form = ActivityForm(
        request.POST or None,
        user=request.user,
        networks=[activity.network],
        activity=activity,
        abilities=abilities,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.activity_update(
                activity=activity,
                actor=request.user,
                personal_data_reason=data["personal_data_reason"],
                **{name: data[name] for name in services.ACTIVITY_EDITABLE_FIELDS},
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect("frontend:activity_detail", pk=activity.pk)
    return render(
        request,
        "frontend/activity_form.html",
        {"form": form, "activity": activity, "title": title},
    )


@login_required
@require_POST
def update_create(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_for_posting(viewer_for(request.user), pk)
    form = UpdateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_post(
                author=request.user,
                network=activity.network,
                activity=activity,
                body=data["body"],
                visibility=data["visibility"],
                personal_data_reason=data["personal_data_reason"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The update was posted."))
            return redirect(reverse("frontend:activity_detail", args=[activity.pk]) + "#updates")
    return _render_detail(request, activity, update_form=form)


@login_required
@require_POST
def activity_tag(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_for_tagging(viewer_for(request.user), pk)
    form = TagForm(request.POST)
    if form.is_valid():
        try:
            services.activity_tag(
                activity=activity, actor=request.user, directions=form.cleaned_data["directions"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The activity was tagged."))
            return redirect(reverse("frontend:activity_detail", args=[activity.pk]) + "#tagging")
    return _render_detail(request, activity, tag_form=form)
