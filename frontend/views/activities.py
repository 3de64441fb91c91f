"""Activities: the list, one activity with its updates and tagging, and logging or editing one."""

from typing import Any, cast
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
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
from network.access.situation import measure_seen_on_activity
from network.activities import services
from network.activities.selectors import (
    activities_filtered,
    activities_for_listing,
    activities_visible_to,
    activity_get_for_user,
    activity_tag_history,
    is_following,
    updates_visible_to,
)
from network.core.selectors import organisations_visible_to
from network.models import Activity, User

PAGE_SIZE = 25
# The list's own parameters: all that a way back to the list carries.
LIST_PARAMETERS = ("q", "status", "organisation", "direction", "visibility", "from", "to", "page")
MAX_BACK_LENGTH = 2_000


def _actor(request: HttpRequest) -> User:
    """The signed-in person: every view here is behind ``login_required``."""
    return cast(User, request.user)


def _querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _pairs(params: QueryDict) -> list[tuple[str, str]]:
    return [(name, value) for name, values in params.lists() for value in values]


def _list_parameters(pairs: list[tuple[str, str]]) -> str:
    return urlencode([(name, value) for name, value in pairs if name in LIST_PARAMETERS and value])


def _list_paths() -> set[str]:
    """The list's path in every language: a way back survives the language switch."""
    paths = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.add(reverse("frontend:activity_list"))
    return paths


def _back_from(params: QueryDict) -> str:
    """The list's filters and page from ``?back=``: "" unless it is a path of the activity list.

    Only the list's own parameters are kept, and the way back is built from the list's own
    path, so that ``back`` can never lead anywhere else.
    """
    back = params.get("back", "")
    if not back or len(back) > MAX_BACK_LENGTH:
        return ""
    try:
        parts = urlsplit(back)
        pairs = parse_qsl(parts.query, max_num_fields=len(LIST_PARAMETERS) * 4)
    except ValueError:
        return ""
    if parts.scheme or parts.netloc or parts.path not in _list_paths():
        return ""
    return _list_parameters(pairs)


def _ways_back(request: HttpRequest) -> dict[str, str]:
    """The link to the list (with its filters and page) and the parameter that carries it on."""
    query = _back_from(request.GET)
    list_url = reverse("frontend:activity_list") + (f"?{query}" if query else "")
    return {"list_url": list_url, "back_param": urlencode({"back": list_url}) if query else ""}


def _with_query(url: str, query: str, fragment: str = "") -> str:
    return url + (f"?{query}" if query else "") + fragment


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
    # The way back from an activity: the list's filters, and the page actually shown.
    pairs = [(name, value) for name, value in _pairs(request.GET) if name != "page"]
    if page.number > 1:
        pairs.append(("page", str(page.number)))
    list_query = _list_parameters(pairs)
    return render(
        request,
        "frontend/activity_list.html",
        {
            "form": form,
            "page": page,
            "filters_query": _querystring_without_page(request),
            "detail_query": (
                urlencode({"back": f"{request.path}?{list_query}"}) if list_query else ""
            ),
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
    viewer = viewer_for(request.user)
    abilities = activity_abilities(viewer, activity)
    if abilities.tag and tag_form is None:
        current = [d.code for d in activity.directions.all()] or [
            d.code for d in activity.suggested_directions.all()
        ]
        tag_form = TagForm(initial={"directions": current})
    if abilities.post_update and update_form is None:
        update_form = UpdateForm(activity=activity)
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
            "following": is_following(request.user, activity),
            "measure": measure_seen_on_activity(viewer, activity.measure_id),
            **_ways_back(request),
        },
    )


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, activity_get_for_user(request.user, pk))


def _measure_of(form: ActivityForm) -> dict[str, Any]:
    """The chosen measure, when the form offered one: without the field the link stays."""
    field = services.MEASURE_FIELD
    return {field: form.cleaned_data[field]} if field in form.fields else {}


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    networks = require_networks_for_logging(viewer)
    form = ActivityForm(request.POST or None, user=request.user, networks=networks)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = services.activity_create(
                author=_actor(request),
                network=data["network"],
                personal_data_reason=data["personal_data_reason"],
                **{name: data[name] for name in services.ACTIVITY_EDITABLE_FIELDS},
                **_measure_of(form),
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
    ways_back = _ways_back(request)
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
                actor=_actor(request),
                personal_data_reason=data["personal_data_reason"],
                **{name: data[name] for name in services.ACTIVITY_EDITABLE_FIELDS},
                **_measure_of(form),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The activity was saved."))
            detail_url = reverse("frontend:activity_detail", args=[activity.pk])
            return redirect(_with_query(detail_url, ways_back["back_param"]))
    return render(
        request,
        "frontend/activity_form.html",
        {"form": form, "activity": activity, "title": title, **ways_back},
    )


@login_required
@require_POST
def update_create(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_for_posting(viewer_for(request.user), pk)
    form = UpdateForm(request.POST, activity=activity)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_post(
                author=_actor(request),
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
            detail_url = reverse("frontend:activity_detail", args=[activity.pk])
            return redirect(_with_query(detail_url, _ways_back(request)["back_param"], "#updates"))
    return _render_detail(request, activity, update_form=form)


@login_required
@require_POST
def activity_follow(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow the activity (be told of its changes and updates), or stop following it."""
    activity = activity_get_for_user(request.user, pk)
    following = request.POST.get("following") == "1"
    services.activity_follow(activity=activity, user=_actor(request), following=following)
    messages.success(
        request,
        _("You now follow the activity.") if following else _("You no longer follow the activity."),
    )
    detail_url = reverse("frontend:activity_detail", args=[activity.pk])
    return redirect(_with_query(detail_url, _ways_back(request)["back_param"], "#follow"))


@login_required
@require_POST
def activity_tag(request: HttpRequest, pk: int) -> HttpResponse:
    activity = activity_for_tagging(viewer_for(request.user), pk)
    form = TagForm(request.POST)
    if form.is_valid():
        try:
            services.activity_tag(
                activity=activity, actor=_actor(request), directions=form.cleaned_data["directions"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The activity was tagged."))
            detail_url = reverse("frontend:activity_detail", args=[activity.pk])
            return redirect(_with_query(detail_url, _ways_back(request)["back_param"], "#tagging"))
    return _render_detail(request, activity, tag_form=form)
