"""Situational pictures, action plans, the chain from problem to follow-up, and where it breaks.

The access layer decides everything here: a person who reads no situational picture at all
(civil society, outsiders, report readers) is answered "not found" on every page, and sees no
link. Every page that shows a picture reads it through ``services.picture_read`` and every list
through ``services.pictures_listed``, so that each read is written to the audit log with the
client's address. Writes go through ``network.situation.services``, whose refusals are shown at
the fields they name, with the typed text kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import groupby
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST, require_safe

from frontend.meeting_forms import network_people
from frontend.situation_forms import (
    GapsForm,
    IndicatorValueForm,
    MeasureForm,
    PictureForm,
    PlanForm,
    ProblemForm,
    ProblemFormSet,
    ReviseForm,
    ShareForm,
    VersionsForm,
)
from network.access import (
    Viewer,
    networks_taking_part_q,
    organisations_in_network_q,
    viewer_for,
)
from network.access.situation import (
    keeps,
    may_read_situation,
    measure_for_read,
    picture_for_read,
    picture_visible_q,
    plan_for_read,
    problem_shown,
    reads_picture_log,
    require_approve_plan,
    require_keep,
    require_picture_log,
)
from network.errors import Forbidden, NotFound
from network.models import (
    ActionPlan,
    Measure,
    Network,
    Organisation,
    Problem,
    SituationPicture,
    User,
)
from network.situation import selectors, services

PAGE_SIZE = 25
VIA = "page"
# The longest search a list takes: longer text is cut, as the API refuses it.
MAX_SEARCH_LENGTH = 200


# Helpers


def _actor(request: HttpRequest) -> User:
    """The signed-in person: every view here is behind ``login_required``."""
    return cast(User, request.user)


def _client_address(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def reads_situation(viewer: Viewer) -> bool:
    """Whether the person reads any situational picture at all (the access layer answers).
    Those who read none must not even learn that the pages exist."""
    return may_read_situation(viewer)


def _require_reader(viewer: Viewer) -> None:
    if not reads_situation(viewer):
        raise NotFound(_("Nothing here."))


def _allowed(check: Callable[..., None], *args: Any) -> bool:
    """Whether the access layer's ``require_*`` lets it pass: abilities from the same rule."""
    try:
        check(*args)
    except Forbidden:
        return False
    return True


def _kept_for(viewer: Viewer) -> list[tuple[Network, Organisation]]:
    """The (network, department) pairs the person keeps pictures and plans for."""
    if not reads_situation(viewer):
        return []
    pairs: list[tuple[Network, Organisation]] = []
    for network in Network.objects.filter(networks_taking_part_q(viewer)).order_by("name"):
        departments = Organisation.objects.filter(
            organisations_in_network_q(viewer, network.pk), is_authority=True
        ).order_by("name")
        pairs.extend(
            (network, department)
            for department in departments
            if keeps(viewer, network.pk, department.pk)
        )
    return pairs


def _require_kept_for(viewer: Viewer) -> list[tuple[Network, Organisation]]:
    kept_for = _kept_for(viewer)
    if not kept_for:
        _require_reader(viewer)
        raise Forbidden(_("Only the departments' contact persons and the coordinator write this."))
    return kept_for


def _add_service_errors(form: Any, error: ValidationError, aliases: dict[str, str]) -> None:
    """A service's refusal at the fields it names (under the form's own name for them)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = aliases.get(name, name)
        form.add_error(field if field in form.fields else None, errors)


def _search_text(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:MAX_SEARCH_LENGTH]


def _current_quarter() -> str:
    today = timezone.localdate()
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


# Situational pictures


@login_required
def picture_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    _require_reader(viewer)
    query = _search_text(request)
    rows = selectors.pictures_for(viewer).order_by("department__name", "-period", "pk")
    if query:
        rows = selectors.pictures_matching(viewer, rows, query)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    services.pictures_listed(
        user=_actor(request), pictures=list(page), remote_addr=_client_address(request), via=VIA
    )
    return render(
        request,
        "frontend/situation_picture_list.html",
        {
            "page": page,
            "q": query,
            "query": urlencode({"q": query}) if query else "",
            "can_create": bool(_kept_for(viewer)),
        },
    )


def _share_organisations(viewer: Viewer, picture: SituationPicture) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(
            organisations_in_network_q(viewer, picture.network_id), is_authority=True
        )
        .exclude(pk=picture.department_id)
        .order_by("name")
    )


def _render_picture(
    request: HttpRequest,
    picture: SituationPicture,
    details: bool,
    *,
    share_form: ShareForm | None = None,
    status: int = 200,
) -> HttpResponse:
    viewer = viewer_for(request.user)
    plans = selectors.plans_for(viewer).filter(
        network_id=picture.network_id, department_id=picture.department_id
    )
    can_edit = keeps(viewer, picture.network_id, picture.department_id)
    context: dict[str, Any] = {
        "picture": picture,
        "details": details,
        "problems": list(picture.problems.order_by("position", "pk")),
        "plans": list(plans.order_by("-year")),
        "can_edit": can_edit,
        "can_read_log": reads_picture_log(viewer, picture),
    }
    if can_edit:
        organisations = _share_organisations(viewer, picture)
        context["shares"] = list(
            picture.shares.select_related("organisation").order_by("organisation__name")
        )
        context["share_form"] = share_form or ShareForm(organisations=organisations)
    return render(request, "frontend/situation_picture_detail.html", context, status=status)


@login_required
def picture_detail(request: HttpRequest, pk: int) -> HttpResponse:
    picture, details = services.picture_read(
        user=_actor(request), pk=pk, remote_addr=_client_address(request), via=VIA
    )
    return _render_picture(request, picture, details)


@require_safe
@login_required
def picture_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The picture as a page for the printer: a copy that may leave the screen, so the read is
    written as an export, with the part printed."""
    picture, details = services.picture_read(
        user=_actor(request),
        pk=pk,
        remote_addr=_client_address(request),
        what="export",
        via=VIA,
    )
    return render(
        request,
        "frontend/situation_picture_print.html",
        {
            "picture": picture,
            "details": details,
            "problems": list(picture.problems.order_by("position", "pk")),
            "printed_by": _actor(request).get_full_name() or _actor(request).get_username(),
            "printed_at": timezone.localtime(),
        },
    )


# How the read log names each kind of event of a picture.
LOG_ACTIONS = {
    "situation_picture.read": pgettext_lazy("read log", "Read"),
    "situation_picture.listed": pgettext_lazy("read log", "Shown in a list"),
    "situation_picture.shared": pgettext_lazy("read log", "Shared"),
    "situation_picture.unshared": pgettext_lazy("read log", "Sharing ended"),
}
LOG_PARTS = {
    "summary": pgettext_lazy("read log", "Summary"),
    "details": pgettext_lazy("read log", "Summary and detailed part"),
}
LOG_WHAT = {
    "export": pgettext_lazy("read log", "print copy"),
    "versions": pgettext_lazy("read log", "versions"),
}
LOG_PATHS = {
    "page": pgettext_lazy("read log", "Web page"),
    "api": pgettext_lazy("read log", "API"),
    "admin": pgettext_lazy("read log", "Admin"),
}
LOG_PAGE_SIZE = 50


@require_safe
@login_required
def picture_reads(request: HttpRequest, pk: int) -> HttpResponse:
    """Who read the picture, which part, when, from where and through which path: its part of
    the audit log, for the security chief. Only the picture's name is shown, so looking at its
    log is not itself a read of it."""
    viewer = viewer_for(request.user)
    picture = picture_for_read(viewer, pk)
    require_picture_log(viewer, picture)
    page = Paginator(selectors.picture_log(picture), LOG_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "event": event,
            "action": LOG_ACTIONS.get(event.action, event.action),
            "part": LOG_PARTS.get(event.detail.get("part", ""), ""),
            "what": LOG_WHAT.get(event.detail.get("what", ""), ""),
            "path": LOG_PATHS.get(event.detail.get("via", ""), ""),
        }
        for event in page.object_list
    ]
    return render(
        request,
        "frontend/situation_picture_reads.html",
        {"picture": picture, "page": page, "rows": rows},
    )


@login_required
@require_POST
def picture_share(request: HttpRequest, pk: int) -> HttpResponse:
    """Let one other authority read the summary, or stop it: the department's keepers only."""
    viewer = viewer_for(request.user)
    picture = picture_for_read(viewer, pk)
    require_keep(viewer, picture)
    form = ShareForm(request.POST, organisations=_share_organisations(viewer, picture))
    if form.is_valid():
        organisation, shared = form.cleaned_data["organisation"], form.cleaned_data["shared"]
        try:
            services.picture_share(
                picture=picture, actor=_actor(request), organisation=organisation, shared=shared
            )
        except ValidationError as error:
            _add_service_errors(form, error, {})
        else:
            message = (
                _("%(name)s now reads the summary.")
                if shared
                else _("%(name)s no longer reads the summary.")
            )
            messages.success(request, message % {"name": organisation.name})
            url = reverse("frontend:situation_picture_detail", args=[picture.pk])
            return redirect(url + "#sharing")
    # The page is shown again with the refusal: the picture is read again, and audited.
    picture, details = services.picture_read(
        user=_actor(request), pk=pk, remote_addr=_client_address(request), via=VIA
    )
    return _render_picture(request, picture, details, share_form=form, status=400)


def _problem_rows(formset: Any) -> tuple[list[dict[str, Any]], list[ProblemForm]]:
    """The problems to save, in order, and the form each came from."""
    rows, forms = [], []
    for form in formset.forms:
        if form.cleaned_data.get("remove") or form.is_blank():
            continue
        rows.append(form.row())
        forms.append(form)
    return rows, forms


def _picture_errors(form: PictureForm, forms: list[ProblemForm], error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        head, _dot, index = name.partition(".")
        if head == "problems" and index.isdigit() and int(index) < len(forms):
            for message in errors:
                forms[int(index)].add_refusal(message)
        elif head == "problems":
            form.add_error(None, errors)
        else:
            field = "kept_for" if name in ("department", "network") else name
            form.add_error(field if field in form.fields else None, errors)


def _error_links(form: PictureForm, formset: Any) -> list[dict[str, Any]]:
    links = form.error_links()
    for number, problem_form in enumerate(formset.forms, start=1):
        for link in problem_form.error_links():
            label = _("Problem %(number)s") % {"number": number}
            link["label"] = f"{label}, {link['label']}" if link["label"] else label
            links.append(link)
    return links


def _render_picture_form(
    request: HttpRequest,
    form: PictureForm,
    formset: Any,
    picture: SituationPicture | None,
) -> HttpResponse:
    return render(
        request,
        "frontend/situation_picture_form.html",
        {
            "form": form,
            "formset": formset,
            "picture": picture,
            "error_links": _error_links(form, formset) if request.method == "POST" else [],
        },
    )


@login_required
def picture_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    kept_for = _require_kept_for(viewer)
    data = request.POST or None
    form = PictureForm(data, kept_for=kept_for)
    formset = ProblemFormSet(data, prefix="problems")
    if request.method == "POST" and form.is_valid() & formset.is_valid():
        network, department = form.network_and_department()
        rows, forms = _problem_rows(formset)
        try:
            picture = services.picture_create(
                author=_actor(request),
                network=network,
                department=department,
                period=form.cleaned_data["period"],
                visibility=form.cleaned_data["visibility"],
                problems=rows,
                **form.texts(),
            )
        except ValidationError as error:
            _picture_errors(form, forms, error)
        else:
            messages.success(request, _("The situational picture was saved."))
            return redirect("frontend:situation_picture_detail", pk=picture.pk)
    return _render_picture_form(request, form, formset, None)


@login_required
def picture_edit(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    picture = picture_for_read(viewer, pk)
    require_keep(viewer, picture)
    if request.method == "POST":
        form = PictureForm(request.POST, kept_for=[], picture=picture)
        formset = ProblemFormSet(request.POST, prefix="problems")
        if form.is_valid() & formset.is_valid():
            rows, forms = _problem_rows(formset)
            try:
                services.picture_update(
                    picture=picture,
                    actor=_actor(request),
                    problems=rows,
                    period=form.cleaned_data["period"],
                    visibility=form.cleaned_data["visibility"],
                    **form.texts(),
                )
            except ValidationError as error:
                _picture_errors(form, forms, error)
            else:
                messages.success(request, _("The situational picture was saved."))
                return redirect("frontend:situation_picture_detail", pk=picture.pk)
        return _render_picture_form(request, form, formset, picture)
    # The form shows the whole picture: it is read, and the read is audited.
    picture, _details = services.picture_read(
        user=_actor(request), pk=pk, remote_addr=_client_address(request), via=VIA
    )
    initial = {
        "period": picture.period,
        "visibility": picture.visibility,
        **{name: getattr(picture, name) for name in SituationPicture.TEXT_FIELDS},
    }
    problems = [
        {"id": p.pk, "title": p.title, "extent": p.extent, "consequences": p.consequences}
        for p in picture.problems.order_by("position", "pk")
    ]
    form = PictureForm(initial=initial, kept_for=[], picture=picture)
    formset = ProblemFormSet(initial=problems, prefix="problems")
    return _render_picture_form(request, form, formset, picture)


def _problems_text(problems: Iterable[dict[str, Any]]) -> list[str]:
    return [
        " · ".join(
            str(part) for part in (p.get("title"), p.get("extent"), p.get("consequences")) if part
        )
        for p in problems
    ]


@login_required
def picture_versions(request: HttpRequest, pk: int) -> HttpResponse:
    picture, details = services.picture_read(
        user=_actor(request),
        pk=pk,
        remote_addr=_client_address(request),
        what="versions",
        via=VIA,
    )
    versions = {v.number: v for v in picture.versions.select_related("changed_by")}
    numbers = sorted(versions)
    latest = numbers[-1] if numbers else picture.version
    default = {"a": numbers[-2] if len(numbers) > 1 else latest, "b": latest}
    form = VersionsForm(request.GET or None, numbers=numbers, initial=default)
    chosen = default
    if form.is_bound and form.is_valid():
        chosen = {"a": form.cleaned_data["a"], "b": form.cleaned_data["b"]}
    elif not form.is_bound:
        form = VersionsForm(default, numbers=numbers)
        form.is_valid()
    older, newer = versions.get(chosen["a"]), versions.get(chosen["b"])
    visibility = dict(SituationPicture._meta.get_field("visibility").choices or [])
    names = ["period", "visibility", "problems", *SituationPicture.SUMMARY_FIELDS]
    if details:
        names.extend(SituationPicture.DETAIL_FIELDS)
    rows = []
    if older is not None and newer is not None:
        for name in names:
            label = (
                _("Problems")
                if name == "problems"
                else getattr(SituationPicture._meta.get_field(name), "verbose_name", name)
            )
            a, b = older.content.get(name, ""), newer.content.get(name, "")
            if name == "problems":
                a, b = _problems_text(a or []), _problems_text(b or [])
            elif name == "visibility":
                a, b = visibility.get(a, a), visibility.get(b, b)
            rows.append(
                {
                    "name": name,
                    "label": label,
                    "a": a,
                    "b": b,
                    "changed": a != b,
                    "list": name == "problems",
                }
            )
    return render(
        request,
        "frontend/situation_picture_versions.html",
        {
            "picture": picture,
            "details": details,
            "form": form,
            "older": older,
            "newer": newer,
            "rows": rows,
            "changed_count": sum(1 for row in rows if row["changed"]),
        },
    )


# Action plans


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    _require_reader(viewer)
    query = _search_text(request)
    rows = selectors.plans_for(viewer).order_by("department__name", "-year", "pk")
    if query:
        rows = selectors.plans_matching(rows, query)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "frontend/action_plan_list.html",
        {
            "page": page,
            "q": query,
            "query": urlencode({"q": query}) if query else "",
            "can_create": bool(_kept_for(viewer)),
            "today": timezone.localdate(),
        },
    )


def _chain(measures: list[Measure]) -> list[dict[str, Any]]:
    """The plan's measures grouped under the problem each answers, in the picture's order.

    Those whose problem the viewer may not see come last, under no problem (``None``) and
    together: one group each would tell which of them answer the same problem.
    """
    groups: dict[int | None, dict[str, Any]] = {}
    for measure in measures:
        problem = problem_shown(measure)
        key = problem.pk if problem is not None else None
        groups.setdefault(key, {"problem": problem, "measures": []})["measures"].append(measure)
    return sorted(groups.values(), key=lambda group: group["problem"] is None)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    plan = plan_for_read(viewer, pk)
    measures = list(selectors.plan_chain(viewer, plan))
    # The problems shown are part of their pictures' summaries: those are listed, and audited.
    services.pictures_listed(
        user=_actor(request),
        pictures=selectors.pictures_shown_by(measures),
        remote_addr=_client_address(request),
        via=VIA,
    )
    return render(
        request,
        "frontend/action_plan_detail.html",
        {
            "plan": plan,
            "chain": _chain(measures),
            "can_keep": keeps(viewer, plan.network_id, plan.department_id),
            "can_approve": _allowed(require_approve_plan, viewer, plan),
            "overdue": plan.next_revision_due < timezone.localdate(),
        },
    )


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    kept_for = _require_kept_for(viewer)
    form = PlanForm(
        request.POST or None, kept_for=kept_for, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        network, department = form.network_and_department()
        data = form.cleaned_data
        try:
            plan = services.plan_create(
                author=_actor(request),
                network=network,
                department=department,
                year=data["year"],
                title=data["title"],
                visibility=data["visibility"],
                decided_by_body=data["decided_by_body"],
                decided_on=data["decided_on"],
                reference_number=data["reference_number"],
            )
        except ValidationError as error:
            _add_service_errors(form, error, {"department": "kept_for", "network": "kept_for"})
        else:
            messages.success(request, _("The action plan was created."))
            return redirect("frontend:action_plan_detail", pk=plan.pk)
    return render(request, "frontend/action_plan_form.html", {"form": form})


def _plan_for_keeping(request: HttpRequest, pk: int) -> ActionPlan:
    viewer = viewer_for(request.user)
    plan = plan_for_read(viewer, pk)
    require_keep(viewer, plan)
    return plan


@login_required
def plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for_keeping(request, pk)
    form = ReviseForm(
        request.POST or None,
        initial={
            "revised_on": timezone.localdate(),
            "decided_by_body": plan.decided_by_body,
            "reference_number": plan.reference_number,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_revise(plan=plan, actor=_actor(request), **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error, {})
        else:
            messages.success(request, _("The action plan was revised. It needs a new approval."))
            return redirect("frontend:action_plan_detail", pk=plan.pk)
    return render(request, "frontend/action_plan_revise.html", {"form": form, "plan": plan})


@login_required
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_read(viewer_for(request.user), pk)
    services.plan_approve(plan=plan, actor=_actor(request))
    messages.success(request, _("The action plan was approved."))
    return redirect("frontend:action_plan_detail", pk=plan.pk)


def _measure_of(request: HttpRequest, pk: int, measure_pk: int) -> Measure:
    viewer = viewer_for(request.user)
    measure = measure_for_read(viewer, measure_pk)
    if measure.plan_id != pk:
        raise NotFound(_("No such measure."))
    require_keep(viewer, measure.plan)
    return measure


def _measure_form(request: HttpRequest, plan: ActionPlan, **kwargs: Any) -> MeasureForm:
    viewer = viewer_for(request.user)
    problems: QuerySet[Problem] = (
        Problem.objects.filter(
            picture_visible_q(viewer, "picture__"),
            picture__network_id=plan.network_id,
            picture__department_id=plan.department_id,
        )
        .select_related("picture")
        .order_by("-picture__period", "position", "pk")
    )
    organisations = Organisation.objects.filter(
        organisations_in_network_q(viewer, plan.network_id)
    ).order_by("name")
    return MeasureForm(
        request.POST or None,
        problems=problems,
        organisations=organisations,
        people=network_people(plan.network_id),
        **kwargs,
    )


def _measure_url(plan: ActionPlan, measure: Measure) -> str:
    return reverse("frontend:action_plan_detail", args=[plan.pk]) + f"#measure-{measure.pk}"


@login_required
def measure_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for_keeping(request, pk)
    initial: dict[str, Any] = {"owner_organisation": plan.department_id}
    if request.GET.get("problem", "").isdigit():
        initial["problem"] = int(request.GET["problem"])
    form = _measure_form(request, plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = form.fields_for_service()
        try:
            measure = services.measure_add(
                plan=plan,
                actor=_actor(request),
                direction=fields.pop("direction"),
                problem=fields.pop("problem"),
                **fields,
            )
        except ValidationError as error:
            _add_service_errors(form, error, {})
        else:
            messages.success(request, _("The measure was added."))
            return redirect(_measure_url(plan, measure))
    return render(request, "frontend/action_plan_measure_form.html", {"form": form, "plan": plan})


@login_required
def measure_edit(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    measure = _measure_of(request, pk, measure_pk)
    plan = measure.plan
    initial = {
        name: getattr(measure, name)
        for name in services.MEASURE_FIELDS
        if name not in ("problem", "owner_organisation", "owner", "direction")
    }
    initial.update(
        problem=measure.problem_id,
        owner_organisation=measure.owner_organisation_id,
        owner=measure.owner_id,
        direction=measure.direction.code,
    )
    form = _measure_form(request, plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_update(
                measure=measure, actor=_actor(request), **form.fields_for_service()
            )
        except ValidationError as error:
            _add_service_errors(form, error, {})
        else:
            messages.success(request, _("The measure was saved."))
            return redirect(_measure_url(plan, measure))
    return render(
        request,
        "frontend/action_plan_measure_form.html",
        {"form": form, "plan": plan, "measure": measure},
    )


@login_required
def value_add(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    measure = _measure_of(request, pk, measure_pk)
    period = request.GET.get("period", "")
    form = IndicatorValueForm(
        request.POST or None, initial={"period": period if len(period) <= 7 else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_record(measure=measure, actor=_actor(request), **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error, {})
        else:
            messages.success(request, _("The indicator value was recorded."))
            return redirect(_measure_url(measure.plan, measure))
    return render(
        request,
        "frontend/action_plan_value_form.html",
        {"form": form, "plan": measure.plan, "measure": measure},
    )


# Where the chain breaks


def _by_direction_and_department(measures: list[Measure]) -> list[dict[str, Any]]:
    sections = []
    for _d, in_direction in groupby(measures, key=lambda m: m.direction_id):
        rows = list(in_direction)
        departments = [
            {"department": items[0].plan.department, "measures": items}
            for items in (
                list(group) for _o, group in groupby(rows, key=lambda m: m.plan.department_id)
            )
        ]
        sections.append({"direction": rows[0].direction, "departments": departments})
    return sections


@login_required
def gaps(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    _require_reader(viewer)
    networks = Network.objects.filter(networks_taking_part_q(viewer)).order_by("name")
    form = GapsForm(request.GET or None, networks=networks)
    network = networks.first()
    period = _current_quarter()
    if form.is_bound and form.is_valid():
        network = form.cleaned_data["network"] or network
        period = form.cleaned_data["period"] or period
    if network is None:
        raise NotFound(_("Nothing here."))
    if not form.is_bound:
        form = GapsForm(initial={"network": network.pk, "period": period}, networks=networks)
    found = selectors.gaps(viewer, network.pk, period)
    # The problems shown are part of their pictures' summaries: those are listed, and audited.
    pictures = {p.picture_id: p.picture for p in found.problems_without_measures}
    services.pictures_listed(
        user=_actor(request),
        pictures=pictures.values(),
        remote_addr=_client_address(request),
        via=VIA,
    )
    plans: dict[int, ActionPlan] = {}
    for plan in (
        selectors.plans_for(viewer).filter(network_id=network.pk).order_by("department_id", "year")
    ):
        plans[plan.department_id] = plan  # The latest year's plan of each department.
    problems = [
        {
            "department": items[0].picture.department,
            "problems": [
                {
                    "problem": problem,
                    "plan": plans.get(problem.picture.department_id),
                    "keeps": keeps(viewer, network.pk, problem.picture.department_id),
                }
                for problem in items
            ],
        }
        for items in (
            list(group)
            for _o, group in groupby(
                found.problems_without_measures, key=lambda p: p.picture.department_id
            )
        )
    ]
    kept = {
        m.plan.department_id
        for m in [*found.measures_without_activities, *found.measures_without_values]
        if keeps(viewer, network.pk, m.plan.department_id)
    }
    return render(
        request,
        "frontend/action_plan_gaps.html",
        {
            "form": form,
            "network": network,
            "several_networks": networks.count() > 1,
            "period": period,
            "problems": problems,
            "without_activities": _by_direction_and_department(found.measures_without_activities),
            "without_values": _by_direction_and_department(found.measures_without_values),
            "kept_departments": kept,
            "total": len(found.problems_without_measures)
            + len(found.measures_without_activities)
            + len(found.measures_without_values),
        },
    )
