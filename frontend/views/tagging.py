"""The coordinator's tagging queue: untagged activities, tagged one by one or several at once."""

from typing import cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from frontend.forms import TagQueueForm, parse_id
from frontend.labels import direction_names
from network.access import require_networks_for_tagging, viewer_for
from network.activities import services
from network.activities.selectors import activities_for_listing, untagged_activities_for
from network.errors import Forbidden
from network.models import User

PAGE_SIZE = 25


@login_required
def tagging_queue(request: HttpRequest) -> HttpResponse:
    actor = cast(User, request.user)  # behind login_required: signed in
    networks = require_networks_for_tagging(viewer_for(actor))
    queue = untagged_activities_for(actor).filter(network__in=networks)
    row_errors: dict[int, list[str]] = {}
    posted: dict[int, list[str]] = {}
    form_error = ""
    names = direction_names()
    if request.method == "POST":
        form = TagQueueForm(request.POST)
        readable = form.is_valid()
        ids = form.activity_ids() if readable else []
        found = {a.pk: a for a in queue.filter(pk__in=ids).select_related("network")}
        tagged = 0
        if not readable:
            form_error = _(
                "The chosen activities could not be read. Reload the page and try again."
            )
        elif not ids:
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
            if any(code not in names for code in codes):
                row_errors[pk] = [_("Choose among the strategic directions shown.")]
                continue
            try:
                services.activity_tag(activity=activity, actor=actor, directions=codes)
            except ValidationError as error:
                row_errors[pk] = error.messages
            except Forbidden as error:
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
            if (page_number := parse_id(request.GET.get("page"))) and page_number > 1:
                url += "?" + urlencode({"page": page_number})
            return redirect(url + "#queue-heading")
    page = Paginator(activities_for_listing(queue), PAGE_SIZE).get_page(request.GET.get("page"))
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
