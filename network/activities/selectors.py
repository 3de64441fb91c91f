"""Reads of activities and updates, always for a given person: what they may see, in SQL.

Lists on the pages and in the API are filtered by one definition, :func:`activities_filtered`.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from network.access import (
    Person,
    activity_for_view,
    activity_visible_q,
    update_for_view,
    update_visible_q,
    viewer_for,
)
from network.models import (
    Activity,
    ActivityFollow,
    ActivityTagging,
    Network,
    Organisation,
    StrategicDirection,
    Update,
    User,
)

MAX_SEARCH_TERMS = 10
UNTAGGED = "none"


def activities_visible_to(user: Person, network: Network | None = None) -> QuerySet[Activity]:
    """Every activity the user may see, optionally in one network: one SQL statement."""
    queryset = Activity.objects.filter(activity_visible_q(viewer_for(user)))
    if network is not None:
        queryset = queryset.filter(network=network)
    return queryset


def activities_for_listing(queryset: QuerySet[Activity]) -> QuerySet[Activity]:
    """The related rows a list shows, fetched in a fixed number of queries."""
    directions = StrategicDirection.objects.only("id", "code", "name_sv", "name_en")
    # The network comes in a query of its own: joined, it can lead SQLite's planner to sort every
    # visible row before taking a page, instead of walking the (network, starts_on) index.
    return queryset.select_related("organisation", "tagged_by", "created_by").prefetch_related(
        "network",
        Prefetch("partners", queryset=Organisation.objects.only("id", "name", "kind")),
        Prefetch("suggested_directions", queryset=directions),
        Prefetch("directions", queryset=directions),
    )


def matching_words(queryset: QuerySet, fields: Sequence[str], text: str) -> QuerySet:
    """Rows in which every word of ``text`` occurs, in any letter case, in one of ``fields``."""
    for word in (text or "").split()[:MAX_SEARCH_TERMS]:
        anywhere = Q()
        for name in fields:
            anywhere |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(anywhere)
    return queryset


def activities_tagged_with(
    queryset: QuerySet[Activity], codes: Iterable[str]
) -> QuerySet[Activity]:
    """Activities the coordinator tagged with any of the directions (no duplicate rows).

    The code ``none`` stands for activities without any direction.
    """
    codes = list(codes)
    wanted = [code for code in codes if code != UNTAGGED]
    tagged = Activity.directions.through.objects.filter(activity_id=OuterRef("pk"))
    condition = Q(Exists(tagged.filter(strategicdirection__code__in=wanted))) if wanted else Q()
    if UNTAGGED in codes:
        untagged = ~Q(Exists(tagged))
        condition = (condition | untagged) if wanted else untagged
    return queryset.filter(condition) if codes else queryset


def activities_filtered(
    queryset: QuerySet[Activity], filters: Mapping[str, Any]
) -> QuerySet[Activity]:
    """The one filter of activity lists, for the pages and the API alike.

    ``filters`` holds already-validated values: ``search`` (words), ``network``,
    ``organisation`` and ``partner`` (ids or objects), ``direction`` (codes, ``none`` for
    untagged), ``tagged`` (bool), ``status`` and ``visibility`` (lists of codes), and ``from`` and
    ``to`` (dates, on the start date). Missing or empty values do not filter.
    """
    if text := filters.get("search"):
        queryset = matching_words(queryset, Activity.TEXT_FIELDS, text)
    if network := filters.get("network"):
        queryset = queryset.filter(network=network)
    if organisation := filters.get("organisation"):
        queryset = queryset.filter(organisation=organisation)
    if partner := filters.get("partner"):
        partnered = Activity.partners.through.objects.filter(
            activity_id=OuterRef("pk"), organisation=partner
        )
        queryset = queryset.filter(Exists(partnered))
    if directions := _as_list(filters.get("direction")):
        queryset = activities_tagged_with(queryset, directions)
    tagged = filters.get("tagged")
    if tagged is not None:
        queryset = queryset.filter(tagged_at__isnull=not tagged)
    if status := _as_list(filters.get("status")):
        queryset = queryset.filter(status__in=status)
    if visibility := _as_list(filters.get("visibility")):
        queryset = queryset.filter(visibility__in=visibility)
    start: date | None = filters.get("from")
    if start:
        queryset = queryset.filter(starts_on__gte=start)
    end: date | None = filters.get("to")
    if end:
        queryset = queryset.filter(starts_on__lte=end)
    return queryset


def _as_list(value: Any) -> list:
    if value in (None, "", [], ()):
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def activity_get_for_user(user: Person, pk: object) -> Activity:
    """The activity, or not found whether it does not exist or is not visible to the user."""
    queryset = activities_for_listing(Activity.objects.all())
    return activity_for_view(viewer_for(user), pk, queryset)


def activity_tag_history(activity: Activity) -> QuerySet[ActivityTagging]:
    return activity.taggings.select_related("tagged_by")


def untagged_activities_for(user: Person, network: Network | None = None) -> QuerySet[Activity]:
    """The coordinator's tagging queue: untagged activities, those with a suggestion first."""
    queryset = activities_visible_to(user, network).filter(tagged_at__isnull=True)
    return queryset.annotate(suggestions=Count("suggested_directions")).order_by(
        "-suggestions", "-starts_on", "-id"
    )


def updates_visible_to(user: Person, network: Network | None = None) -> QuerySet[Update]:
    queryset = Update.objects.filter(update_visible_q(viewer_for(user)))
    if network is not None:
        queryset = queryset.filter(network=network)
    return queryset


def update_get_for_user(user: Person, pk: object) -> Update:
    queryset = Update.objects.select_related("organisation", "author")
    return update_for_view(viewer_for(user), pk, queryset)


def followers_q(activity: Activity) -> Q:
    """People (rows of ``User``) who follow the activity: those of the lead and partner
    organisations and the person who logged it, unless they stopped following it, and anyone who
    chose to follow it. Who of them may see it is the access layer's question, asked apart."""
    partners = activity.partners.values("pk")
    involved = Q(organisation_id=activity.organisation_id) | Q(organisation__in=partners)
    if activity.created_by_id:
        involved |= Q(pk=activity.created_by_id)
    choices = ActivityFollow.objects.filter(activity_id=activity.pk)
    stopped = choices.filter(following=False).values("user_id")
    chose = choices.filter(following=True).values("user_id")
    return (involved & ~Q(pk__in=stopped)) | Q(pk__in=chose)


def is_following(user: Person, activity: Activity) -> bool:
    if user.pk is None:
        return False
    return User.objects.filter(followers_q(activity), pk=user.pk).exists()
