"""Where to turn: the public support page, its edit page, and the directory of contact persons.

The support page needs no sign-in and no session: it is for the worried parent or neighbour
without an account, on a phone, possibly without JavaScript. It shows the page in the language
of the request, with every number as a ``tel:`` link. The access layer decides who changes the
page (the network's coordinator) and who reads the directory (everyone taking part in a
network); the directory services write.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from frontend.directory_forms import (
    MAX_POSITION,
    OwnPhoneForm,
    SupportLineForm,
    SupportLineFormSet,
    SupportPageForm,
)
from network.access import viewer_for
from network.access.directory import (
    may_edit_support_page,
    public_network,
    require_directory_reader,
    support_page_for_change,
)
from network.directory import selectors, services
from network.models import Network, User

LINES_PREFIX = "lines"


def _client_address(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


# The public page


def _render_support(request: HttpRequest, network: Network, *, several: bool) -> HttpResponse:
    # Reading who is signed in writes nothing: the anonymous visitor gets no session cookie.
    can_edit = request.user.is_authenticated and may_edit_support_page(
        viewer_for(request.user), network.pk
    )
    return render(
        request,
        "frontend/support.html",
        {
            "page": selectors.support_page_of(network),
            "several": several,
            "can_edit": can_edit,
        },
    )


@require_safe
def support(request: HttpRequest) -> HttpResponse:
    """The only network's page, or the list of networks to choose from."""
    networks = list(selectors.public_networks()[:2])
    if len(networks) == 1:
        return _render_support(request, networks[0], several=False)
    return render(
        request, "frontend/support_networks.html", {"networks": list(selectors.public_networks())}
    )


@require_safe
def support_network(request: HttpRequest, slug: str) -> HttpResponse:
    network = public_network(slug)
    several = selectors.public_networks().exclude(pk=network.pk).exists()
    return _render_support(request, network, several=several)


# Editing the page


def _line_rows(formset: Any) -> tuple[list[dict[str, str]], list[SupportLineForm]]:
    """The lines to store, ordered by the position given (a line without one goes last, in the
    order of the form), and the form each came from."""
    kept = [
        (index, form)
        for index, form in enumerate(formset.forms)
        if not (form.cleaned_data.get("remove") or form.is_blank())
    ]
    kept.sort(key=lambda pair: (pair[1].cleaned_data.get("position") or MAX_POSITION + 1, pair[0]))
    forms = [form for _index, form in kept]
    return [form.row() for form in forms], forms


def _service_errors(
    form: SupportPageForm, forms: list[SupportLineForm], error: ValidationError
) -> None:
    """A service's refusal at the fields it names: ``lines.<n>.<field>`` at the line's field."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        head, _dot, rest = name.partition(".")
        index, _dot, field = rest.partition(".")
        if head == "lines" and index.isdigit() and int(index) < len(forms):
            line_form = forms[int(index)]
            line_form.add_error(field if field in line_form.fields else None, errors)
        elif head == "lines":
            form.add_error(None, errors)
        else:
            form.add_error(name if name in form.fields else None, errors)


def _error_links(form: SupportPageForm, formset: Any) -> list[dict[str, Any]]:
    links = form.error_links()
    links.extend({"anchor": "", "label": "", "message": e} for e in formset.non_form_errors())
    for number, line_form in enumerate(formset.forms, start=1):
        for link in line_form.error_links():
            label = _("Line %(number)s") % {"number": number}
            link["label"] = f"{label}, {link['label']}" if link["label"] else label
            links.append(link)
    return links


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def support_edit(request: HttpRequest, slug: str) -> HttpResponse:
    network = support_page_for_change(viewer_for(request.user), slug)
    if request.method == "POST":
        form = SupportPageForm(request.POST)
        formset = SupportLineFormSet(request.POST, prefix=LINES_PREFIX)
        if form.is_valid() & formset.is_valid():
            rows, forms = _line_rows(formset)
            try:
                services.support_page_update(
                    actor=cast(User, request.user),
                    network=network,
                    intro_sv=form.cleaned_data["intro_sv"],
                    intro_en=form.cleaned_data["intro_en"],
                    lines=rows,
                    remote_addr=_client_address(request),
                )
            except ValidationError as error:
                _service_errors(form, forms, error)
            else:
                messages.success(request, _("The support page was saved."))
                return redirect("frontend:support_network", slug=network.slug)
        status = 400
    else:
        current = selectors.support_page_for_edit(network)
        form = SupportPageForm(initial={k: current[k] for k in ("intro_sv", "intro_en")})
        formset = SupportLineFormSet(
            initial=[
                {**row, "position": position}
                for position, row in enumerate(current["lines"], start=1)
            ],
            prefix=LINES_PREFIX,
        )
        status = 200
    return render(
        request,
        "frontend/support_edit.html",
        {
            "network": network,
            "form": form,
            "formset": formset,
            "error_links": _error_links(form, formset) if request.method == "POST" else [],
        },
        status=status,
    )


# The directory


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def directory(request: HttpRequest) -> HttpResponse:
    """The contact persons of the networks the person takes part in, and the person's own work
    telephone, which the directory shows when the person is a contact person."""
    require_directory_reader(viewer_for(request.user))
    user = cast(User, request.user)
    status = 200
    if request.method == "POST":
        phone_form = OwnPhoneForm(request.POST)
        if phone_form.is_valid():
            try:
                services.own_phone_set(user=user, phone=phone_form.cleaned_data["phone"])
            except ValidationError as error:
                phone_form.add_service_errors(error)
            else:
                messages.success(request, _("Your work telephone was saved."))
                return redirect("frontend:directory")
        status = 400
    else:
        phone_form = OwnPhoneForm(initial={"phone": user.phone})
    return render(
        request,
        "frontend/directory.html",
        {
            "books": selectors.directory_for(user),
            "phone_form": phone_form,
            "editable_networks": list(selectors.support_networks_editable_by(user)),
        },
        status=status,
    )
