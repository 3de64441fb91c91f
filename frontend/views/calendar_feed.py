"""A person's calendar feed: the meetings they may see, at a secret address a calendar program
subscribes to without signing in, and the settings page that makes, replaces or revokes it.

The address is the only credential, so it is long (``secrets.token_urlsafe(32)``, 256 bits),
found by an indexed lookup of a unique column (an attacker learns nothing from timing that
guessing 256 bits would not need), and revoked by replacing or deleting the row. What the feed
lists is decided afresh on every fetch from the owner's roles and organisation as they are then:
a narrowed role or a deactivated account shows at the next fetch.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from network.access.meetings import calendar_feed_owner
from network.meetings.calendar import calendar_for
from network.meetings.selectors import FEED_PAST_DAYS, feed_meetings
from network.meetings.services import calendar_feed_renew, calendar_feed_revoke
from network.models import CalendarFeed, User


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: no session, the token in the address is the key."""
    owner = calendar_feed_owner(token)
    response = HttpResponse(
        calendar_for(feed_meetings(owner)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="samverkan.ics"'
    # The address is a secret: kept out of shared caches, search engines and referrers.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _addresses(request: HttpRequest, feed: CalendarFeed | None) -> dict[str, str]:
    if feed is None:
        return {}
    https = request.build_absolute_uri(reverse("frontend:calendar_feed", args=[feed.token]))
    webcal = "webcal://" + https.split("://", 1)[1]
    return {"https": https, "webcal": webcal}


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def calendar_feed_settings(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required lets only a signed-in user in
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "renew":
            had_one = CalendarFeed.objects.filter(user=user).exists()
            calendar_feed_renew(user=user)
            messages.success(
                request,
                _("A new calendar address was made; the old one no longer works.")
                if had_one
                else _("Your calendar address was made."),
            )
            return redirect("frontend:calendar_feed_settings")
        if action == "revoke":
            if calendar_feed_revoke(user=user):
                messages.success(request, _("Your calendar address was revoked."))
            return redirect("frontend:calendar_feed_settings")
        messages.error(request, _("Choose one of the buttons shown."))
        return redirect("frontend:calendar_feed_settings")
    feed = CalendarFeed.objects.filter(user=user).first()
    return render(
        request,
        "frontend/calendar_feed_settings.html",
        {"feed": feed, "addresses": _addresses(request, feed), "past_days": FEED_PAST_DAYS},
    )
