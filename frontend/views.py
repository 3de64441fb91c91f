"""Server-rendered pages. Reads through the selectors, writes through the services."""

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from frontend.forms import (
    GROUPING_LABELS,
    PERIOD_LABELS,
    ActivityFilterForm,
    ActivityForm,
    ReportForm,
    TagForm,
    UpdateForm,
)
from frontend.labels import direction_names, untagged_label
from frontend.scope import (
    menu_for,
    networks_for_logging,
    networks_for_reports,
    networks_for_tagging,
    takes_part_anywhere,
)
from network import services
from network.access import can_change_activity, can_create_in, can_tag, viewer_for
from network.models import Activity, Organisation, Role
from network.reports import activity_report
from network.selectors import (
    ACTIVITY_SEARCH_FIELDS,
    activities_for_listing,
    activities_tagged_with,
    activities_visible_to,
    activity_get_for_user,
    activity_tag_history,
    matching_words,
    networks_visible_to,
    organisations_visible_to,
    untagged_activities_for,
    updates_visible_to,
)

PAGE_SIZE = 25
REPORT_CSV_URL = "/api/v1/reports/activities/"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = (
        Role.objects.filter(user=request.user)
        .select_related("network")
        .order_by("network__name", "code")
    )
    networks: dict[int, dict] = {}
    for role in roles:
        entry = networks.setdefault(role.network_id, {"network": role.network, "roles": []})
        entry["roles"].append(role.get_code_display())
    visible = set(networks_visible_to(request.user).values_list("pk", flat=True))
    return render(
        request,
        "frontend/home.html",
        {
            "organisation": request.user.organisation,
            "memberships": [entry | {"open": nid in visible} for nid, entry in networks.items()],
        },
    )


# Activities


def _filter_activities(queryset: QuerySet[Activity], filters: dict[str, Any]) -> QuerySet[Activity]:
    if text := filters.get("q"):
        queryset = matching_words(queryset, ACTIVITY_SEARCH_FIELDS, text)
    if status := filters.get("status"):
        queryset = queryset.filter(status=status)
    if organisation := filters.get("organisation"):
        queryset = queryset.filter(organisation=organisation)
    if direction := filters.get("direction"):
        if direction == "none":
            queryset = queryset.filter(directions__isnull=True)
        else:
            queryset = activities_tagged_with(queryset, [direction])
    if visibility := filters.get("visibility"):
        queryset = queryset.filter(visibility=visibility)
    if start := filters.get("from"):
        queryset = queryset.filter(starts_on__gte=start)
    if end := filters.get("to"):
        queryset = queryset.filter(starts_on__lte=end)
    return queryset


def _querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    if not takes_part_anywhere(request.user):
        raise Http404("No activities here.")
    organisations = organisations_visible_to(request.user).order_by("name")
    form = ActivityFilterForm(request.GET or None, organisations=organisations)
    queryset = activities_visible_to(request.user)
    if form.is_bound:
        form.is_valid()  # Filters that parse apply; the others are shown as errors.
        queryset = _filter_activities(queryset, form.cleaned_data)
    page = Paginator(activities_for_listing(queryset), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "frontend/activity_list.html",
        {
            "form": form,
            "page": page,
            "filters_query": _querystring_without_page(request),
            "can_log": menu_for(viewer_for(request.user)).log,
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
    locked = activity.is_locked
    may_tag = can_tag(viewer, activity.network_id) and not locked
    if may_tag and tag_form is None:
        current = [d.code for d in activity.directions.all()] or [
            d.code for d in activity.suggested_directions.all()
        ]
        tag_form = TagForm(initial={"directions": current})
    may_post = can_create_in(viewer, activity.network_id)
    if may_post and update_form is None:
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
            "locked": locked,
            "can_edit": can_change_activity(viewer, activity) and not locked,
            "tag_form": tag_form if may_tag else None,
            "update_form": update_form if may_post else None,
            "history": history,
            "updates": updates,
        },
    )


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, activity_get_for_user(request.user, pk))


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    networks = networks_for_logging(request.user)
    if not networks:
        if takes_part_anywhere(request.user):
            raise PermissionDenied(_("You may not log activities."))
        raise Http404("No network to log in.")
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
    activity = activity_get_for_user(request.user, pk)
    if not can_change_activity(viewer_for(request.user), activity) or activity.is_locked:
        raise PermissionDenied(_("You may not change this activity."))
    initial = {name: getattr(activity, name) for name in services.ACTIVITY_EDITABLE_FIELDS}
    initial["partners"] = list(activity.partners.all())
    initial["suggested_directions"] = [d.code for d in activity.suggested_directions.all()]
    title = activity.title
    form = ActivityForm(
        request.POST or None,
        user=request.user,
        networks=[activity.network],
        activity=activity,
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
    activity = activity_get_for_user(request.user, pk)
    if not can_create_in(viewer_for(request.user), activity.network_id):
        raise PermissionDenied(_("You may not post updates in this network."))
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
    activity = activity_get_for_user(request.user, pk)
    if not can_tag(viewer_for(request.user), activity.network_id):
        raise PermissionDenied(_("Only the central coordinator tags activities."))
    services.refuse_if_locked(activity)
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


# The coordinator's tagging queue


def _ids(values: list[str]) -> list[int]:
    ids = []
    for value in values:
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return list(dict.fromkeys(ids))


@login_required
def tagging_queue(request: HttpRequest) -> HttpResponse:
    networks = networks_for_tagging(request.user)
    if not networks:
        raise Http404("No tagging queue here.")
    queue = untagged_activities_for(request.user).filter(network__in=networks)
    row_errors: dict[int, list[str]] = {}
    posted: dict[int, list[str]] = {}
    form_error = ""
    if request.method == "POST":
        only = request.POST.get("only")
        ids = _ids([only] if only else request.POST.getlist("activity"))
        found = {a.pk: a for a in queue.filter(pk__in=ids).select_related("network")}
        tagged = 0
        if not ids:
            form_error = _("Choose the activities to tag: tick “Include” on each row.")
        for pk in ids:
            activity = found.get(pk)
            if activity is None:
                continue  # Tagged meanwhile, or not in this person's queue: nothing to do.
            codes = request.POST.getlist(f"directions-{pk}")
            posted[pk] = codes
            if not codes:
                row_errors[pk] = [_("Choose at least one direction.")]
                continue
            try:
                services.activity_tag(activity=activity, actor=request.user, directions=codes)
            except ValidationError as error:
                row_errors[pk] = error.messages
            except PermissionDenied as error:
                row_errors[pk] = [str(error)]
            else:
                tagged += 1
        if tagged:
            messages.success(
                request,
                ngettext(
                    "%(count)d activity was tagged.", "%(count)d activities were tagged.", tagged
                )
                % {"count": tagged},
            )
        if not row_errors and not form_error:
            url = reverse("frontend:tagging_queue")
            if page_number := request.GET.get("page"):
                url += "?" + urlencode({"page": page_number})
            return redirect(url + "#queue-heading")
    page = Paginator(activities_for_listing(queue), PAGE_SIZE).get_page(request.GET.get("page"))
    names = direction_names()
    rows = []
    for activity in page:
        suggested = {d.code for d in activity.suggested_directions.all()}
        checked = set(posted[activity.pk]) if activity.pk in posted else suggested
        rows.append(
            {
                "activity": activity,
                "errors": row_errors.get(activity.pk, []),
                "choices": [
                    {
                        "code": code,
                        "name": name,
                        "checked": code in checked,
                        "suggested": code in suggested,
                    }
                    for code, name in names.items()
                ],
            }
        )
    error_count = len(row_errors) + (1 if form_error else 0)
    return render(
        request,
        "frontend/tagging_queue.html",
        {"page": page, "rows": rows, "form_error": form_error, "error_count": error_count},
    )


# Reports


def _default_report_range() -> tuple[date, date]:
    today = timezone.localdate()
    return date(today.year - 1, 1, 1), date(today.year, 12, 31)


@login_required
def report(request: HttpRequest) -> HttpResponse:
    networks = networks_for_reports(request.user)
    if not networks:
        raise Http404("No report here.")
    start, end = _default_report_range()
    form = ReportForm(request.GET or None, networks=networks)
    if form.is_bound:
        params = form.cleaned_data if form.is_valid() else None
    else:
        params = {
            "network": networks[0],
            "period": "quarter",
            "group_by": ["direction"],
            "from": start,
            "to": end,
        }
        form = ReportForm(networks=networks, initial={**params, "network": networks[0].pk})
    context: dict[str, Any] = {"form": form, "params": params}
    if params is not None:
        context.update(_report_figures(request, params))
    return render(request, "frontend/report.html", context)


def _report_figures(request: HttpRequest, params: dict[str, Any]) -> dict[str, Any]:
    group_by = [g for g in ("direction", "organisation") if g in params["group_by"]]
    rows = activity_report(
        user=request.user,
        period=params["period"],
        date_from=params["from"],
        date_to=params["to"],
        group_by=group_by,
        network=params["network"],
    )
    names = direction_names()
    organisation_ids = {row["organisation"] for row in rows if "organisation" in row}
    organisations = dict(
        Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", "name")
    )
    table = []
    for row in rows:
        entry: dict[str, Any] = {
            "period": row["period"],
            "activities": row["activities"],
            "completed": row["completed"],
            "participants": row["participants"],
        }
        if "direction" in group_by:
            code = row.get("direction")
            entry["direction"] = names.get(code, code) if code else untagged_label()
        if "organisation" in group_by:
            entry["organisation"] = organisations.get(row["organisation"], row["organisation"])
        table.append(entry)
    csv_query = {"format": "csv", "period": params["period"]}
    if params["from"]:
        csv_query["from"] = params["from"].isoformat()
    if params["to"]:
        csv_query["to"] = params["to"].isoformat()
    if group_by:
        csv_query["group_by"] = ",".join(group_by)
    return {
        "group_by": group_by,
        "grouping_labels": [str(GROUPING_LABELS[g]) for g in group_by],
        "table": table,
        "chart": _chart_data(table, group_by),
        "csv_url": f"{REPORT_CSV_URL}?{urlencode(csv_query)}",
        "period_name": str(PERIOD_LABELS[params["period"]]).lower(),
    }


def _chart_data(table: list[dict[str, Any]], group_by: list[str]) -> dict[str, Any]:
    """Activities per period, one series per group: the same figures as the table."""
    periods = list(dict.fromkeys(row["period"] for row in table))
    series: dict[str, dict[str, int]] = {}
    for row in table:
        label = " · ".join(str(row[g]) for g in group_by) or _("Activities")
        series.setdefault(label, {})[row["period"]] = row["activities"]
    return {
        "labels": periods,
        "datasets": [
            {"label": label, "data": [values.get(p, 0) for p in periods]}
            for label, values in series.items()
        ],
        "y_title": _("Activities"),
        "x_title": _("Period"),
    }
