"""Situational pictures, action plans and indicator values.

They are written on the pages and through the API; here the coordinator corrects them through
the same services, so that a picture keeps its versions and a measure still answers a problem of
the department's own picture. Whoever reads no picture in a network it oversees (civil society
first) does not learn that they exist: not in the index, and every page here answers not found.

A picture's change page is a read like any other: it goes through ``picture_read``, which writes
the part read and the client's address to the audit log, and the detailed part (groups, areas,
recruitment venues) is left out of the form of whoever may not read it. A list writes one
list-read per picture shown, as the API's list does. The admin's search looks at the department's
name and the period only, so that it cannot tell whether a text one may not read holds a word.

A plan's measures show the problem each answers only to a reader of that problem's picture
(:func:`network.access.situation.measure_problem_seen`), and a plan's page that shows problems
writes their pictures to the audit log as listed, as the plan's page and the API do.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from network.access.admin import require_admin_model_view
from network.access.situation import measure_problem_seen, problem_shown, require_plan_open
from network.admin.base import RuledInline, RuledRelatedFilter, remote_addr, viewer_of
from network.admin.meetings import ServiceAdmin
from network.errors import Conflict, Forbidden, NotFound
from network.models import (
    ActionPlan,
    IndicatorValue,
    Measure,
    Problem,
    SituationPicture,
    SituationPictureVersion,
    User,
)
from network.situation import selectors, services

VIA = "admin"
# Where the admin's search looks: never a text that some reader of the row may not read.
NAME_SEARCH = ["department__name", "period"]
# What the coordinator changes on a measure here, through ``measure_add`` and ``measure_update``.
MEASURE_FIELDS = (
    "title",
    "problem",
    "owner_organisation",
    "owner",
    "direction",
    "horizon",
    "indicator",
    "baseline",
    "target",
    "status",
)


def _actor(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # the admin serves signed-in staff only


def _every_field(model: type[Model]) -> list[str]:
    return [
        field.name
        for field in model._meta.get_fields()
        if field.concrete and not field.auto_created and field.editable
    ]


class WithheldAdmin(ServiceAdmin):
    """A model admin whose every page answers not found to whoever may not view its rows: for
    them the kind of row does not exist, where the admin would otherwise answer "forbidden"."""

    def _require_view(self, request: HttpRequest) -> None:
        require_admin_model_view(viewer_of(request), self.model)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        self._require_view(request)
        return super().changelist_view(request, extra_context)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        self._require_view(request)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        self._require_view(request)
        return super().history_view(request, object_id, extra_context)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        self._require_view(request)
        return super().delete_view(request, object_id, extra_context)

    def _changes(
        self, form: forms.ModelForm, editable: tuple[str, ...] | list[str]
    ) -> dict[str, Any]:
        return {name: form.cleaned_data[name] for name in form.changed_data if name in editable}

    def _saved_by_service(self, formsets: list[BaseInlineFormSet]) -> None:
        """The services wrote the inline rows, not the formsets: nothing for Django's change
        message to list beyond the fields."""
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def _service(self, call: Any, **kwargs: Any) -> Any:
        """Run a service; its refusal becomes the page's message and nothing is written."""
        try:
            return call(**kwargs)
        except (Conflict, Forbidden, NotFound, ValidationError) as error:
            raise self._refused(error) from error


# Situational pictures


class ProblemInline(RuledInline):
    """The mapping of problems: part of the summary. Saved with the picture, as one new version."""

    model = Problem
    extra = 0
    fields = ["position", "title", "extent", "consequences"]
    ordering = ["position", "pk"]


class VersionInline(RuledInline):
    """Who changed the picture and when. The content stays out: it holds the detailed part."""

    model = SituationPictureVersion
    extra = 0
    can_delete = False
    fields = ["number", "changed_by", "created_at"]
    readonly_fields = ["number", "changed_by", "created_at"]
    ordering = ["-number"]

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


def _read_details(request: HttpRequest, picture: Model | None) -> bool:
    """Whether the picture's change page, read through ``picture_read``, showed the details."""
    memo: dict[int, bool] = request.__dict__.get("_samverkan_picture_details", {})
    return picture is not None and memo.get(picture.pk, False)


@admin.register(SituationPicture)
class SituationPictureAdmin(WithheldAdmin):
    list_display = ["department", "period", "visibility", "version", "updated_at"]
    list_filter = [
        ("network", RuledRelatedFilter),
        ("department", RuledRelatedFilter),
        "visibility",
    ]
    list_select_related = ["network", "department"]
    search_fields = NAME_SEARCH
    inlines = [ProblemInline, VersionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related(*self.list_select_related)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """Each picture of the page shown is a list-read, written as the API's list writes it."""
        response = super().changelist_view(request, extra_context)
        changelist = (
            (response.context_data or {}).get("cl")
            if isinstance(response, TemplateResponse)
            else None
        )
        if changelist is not None:
            services.pictures_listed(
                user=_actor(request),
                pictures=list(changelist.result_list),
                remote_addr=remote_addr(request),
                via=VIA,
            )
        return response

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """The page is a read: through the service, audited, with the part the person reads."""
        self._require_view(request)
        if object_id is not None:
            picture, details = services.picture_read(
                user=_actor(request),
                pk=object_id,
                remote_addr=remote_addr(request),
                via=VIA,
                queryset=self.get_queryset(request),
            )
            request.__dict__.setdefault("_samverkan_picture_details", {})[picture.pk] = details
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_fieldsets(self, request: HttpRequest, obj: Model | None = None) -> list[Any]:
        fieldsets: list[Any] = [
            (None, {"fields": ["network", "department", "period", "visibility", "version"]}),
            (_("Summary"), {"fields": list(SituationPicture.SUMMARY_FIELDS)}),
        ]
        if _read_details(request, obj):
            fieldsets.append((_("Detailed part"), {"fields": list(SituationPicture.DETAIL_FIELDS)}))
        return fieldsets

    def get_exclude(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        # Left out of the form itself, not hidden: a form field would carry the text.
        return [] if _read_details(request, obj) else list(SituationPicture.DETAIL_FIELDS)

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        readable = [
            "network",
            "department",
            "period",
            "visibility",
            "version",
            *SituationPicture.SUMMARY_FIELDS,
            *(SituationPicture.DETAIL_FIELDS if _read_details(request, obj) else ()),
        ]
        if obj is None or not self.has_change_permission(request, obj):
            return readable
        return ["network", "department", "version"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Saved with its problems in ``save_related``: one new version for both."""

    def save_related(
        self, request: HttpRequest, form: Any, formsets: list[BaseInlineFormSet], change: bool
    ) -> None:
        editable = [name for name in services.PICTURE_FIELDS if name in form.fields]
        changes = self._changes(form, editable)
        problems = None
        for formset in formsets:
            if formset.model is Problem and formset.has_changed():
                problems = _problem_rows(formset)
        self._saved_by_service(formsets)
        if not changes and problems is None:
            return
        self._service(
            services.picture_update,
            picture=form.instance,
            actor=_actor(request),
            problems=problems,
            **changes,
        )


def _problem_rows(formset: Any) -> list[dict[str, Any]]:
    """The mapping as the service takes it: every problem kept, in the order of its position;
    one marked for deletion or left blank is left out (the service refuses to remove one that a
    measure answers)."""
    rows = []
    for index, form in enumerate(formset.forms):
        if formset._should_delete_form(form) or not (form.instance.pk or form.has_changed()):
            continue
        data = form.cleaned_data
        rows.append(
            (
                data.get("position") or 0,
                index,
                {
                    "id": form.instance.pk,
                    "title": data.get("title", ""),
                    "extent": data.get("extent", ""),
                    "consequences": data.get("consequences", ""),
                },
            )
        )
    return [row for _position, _index, row in sorted(rows, key=lambda r: (r[0], r[1]))]


# Action plans


def _open(plan: ActionPlan) -> bool:
    """Whether the plan's own fields may change here (not once approved)."""
    try:
        require_plan_open(plan)
    except Conflict:
        return False
    return True


class MeasureInline(RuledInline):
    """A plan's measures, each answering a problem of the department's situational picture.

    Whoever changes them picks the problem from those whose pictures they read (the rules'
    choices), so that a problem they may not see is never named in the form; whoever reads them
    only sees the problem's title where they read its picture, and a neutral text elsewhere.
    """

    model = Measure
    extra = 0
    can_delete = False
    fields = MEASURE_FIELDS

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return (
            super()
            .get_queryset(request)
            .select_related("problem__picture__network", "owner_organisation", "owner", "direction")
            .annotate(problem_seen=measure_problem_seen(viewer_of(request)))
        )

    def get_fields(self, request: HttpRequest, obj: Model | None = None) -> list[Any]:
        if self.has_change_permission(request, obj):
            return list(MEASURE_FIELDS)
        # Read only: the problem's own field would show its title to any reader of the plan.
        return ["answers" if name == "problem" else name for name in MEASURE_FIELDS]

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        return [] if self.has_change_permission(request, obj) else ["answers"]

    @admin.display(description=_("problem"))
    def answers(self, measure: Measure) -> str:
        problem = problem_shown(measure)
        if problem is None:
            return str(_("A problem in the department's situational picture"))
        return problem.title


@admin.register(ActionPlan)
class ActionPlanAdmin(WithheldAdmin):
    list_display = ["title", "department", "year", "visibility", "approved_at", "next_revision_due"]
    list_filter = [("network", RuledRelatedFilter), ("department", RuledRelatedFilter), "year"]
    list_select_related = ["network", "department"]
    search_fields = ["department__name", "title"]
    inlines = [MeasureInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related(*self.list_select_related)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """The problems the measures show are part of their pictures' summaries: a page that
        shows them writes those pictures to the audit log, as listed."""
        response = super().changeform_view(request, object_id, form_url, extra_context)
        formsets = (
            (response.context_data or {}).get("inline_admin_formsets", [])
            if isinstance(response, TemplateResponse)
            else []
        )
        measures = [
            form.instance
            for inline in formsets
            if inline.formset.model is Measure
            for form in inline.formset.initial_forms
        ]
        if measures:
            services.pictures_listed(
                user=_actor(request),
                pictures=selectors.pictures_shown_by(measures),
                remote_addr=remote_addr(request),
                via=VIA,
            )
        return response

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        every = _every_field(ActionPlan)
        if obj is None or not self.has_change_permission(request, obj):
            return every
        if isinstance(obj, ActionPlan) and not _open(obj):
            return every  # its measures are still followed up below
        # The year and department stay; approval and revision have their own steps (the
        # security chief approves, a revision asks for a new approval), as in the API.
        return [name for name in every if name not in services.PLAN_FIELDS]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Saved with its measures in ``save_related``."""

    def save_related(
        self, request: HttpRequest, form: Any, formsets: list[BaseInlineFormSet], change: bool
    ) -> None:
        actor = _actor(request)
        plan = form.instance
        changes = self._changes(form, services.PLAN_FIELDS)
        if changes:
            self._service(services.plan_update, plan=plan, actor=actor, **changes)
        for formset in formsets:
            if formset.model is Measure:
                self._save_measures(formset, plan, actor)
        self._saved_by_service(formsets)

    def _save_measures(self, formset: Any, plan: ActionPlan, actor: User) -> None:
        for form in formset.forms:
            if not form.has_changed():
                continue
            data = form.cleaned_data
            if form.instance.pk is None:
                fields = {name: data.get(name) for name in MEASURE_FIELDS}
                direction, problem = fields.pop("direction"), fields.pop("problem")
                self._service(
                    services.measure_add,
                    plan=plan,
                    actor=actor,
                    direction=direction.code if direction else "",
                    problem=problem,
                    **fields,
                )
                continue
            changes = self._changes(form, MEASURE_FIELDS)
            if "direction" in changes:
                changes["direction"] = changes["direction"].code
            measure = Measure.objects.select_related("plan").get(pk=form.instance.pk)
            self._service(services.measure_update, measure=measure, actor=actor, **changes)


# Indicator values


@admin.register(IndicatorValue)
class IndicatorValueAdmin(WithheldAdmin):
    list_display = ["measure", "period", "kind", "value", "created_at"]
    list_filter = [("measure__plan__network", RuledRelatedFilter), "kind"]
    list_select_related = ["measure", "measure__plan"]
    search_fields = ["measure__plan__department__name", "period"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return (
            super()
            .get_queryset(request)
            .select_related("measure__plan__network", *self.list_select_related)
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        every = _every_field(IndicatorValue)
        if obj is None or not self.has_change_permission(request, obj):
            return every
        # A reading is one per measure, period and kind: those name it, its value changes.
        return [name for name in every if name not in ("value", "note")]

    def save_model(
        self, request: HttpRequest, obj: IndicatorValue, form: Any, change: bool
    ) -> None:
        if not form.changed_data:
            return
        reading = IndicatorValue.objects.select_related("measure").get(pk=obj.pk)
        self._service(
            services.indicator_record,
            measure=reading.measure,
            actor=_actor(request),
            period=reading.period,
            kind=reading.kind,
            value=form.cleaned_data["value"],
            note=form.cleaned_data["note"],
        )
