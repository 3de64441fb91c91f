"""Reads, always for a given user: what they may see, filtered in SQL."""

from collections.abc import Iterable, Sequence

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from network.access import (
    Person,
    activity_visible_q,
    networks_visible_q,
    update_visible_q,
    viewer_for,
)
from network.models import (
    Activity,
    ActivityTagging,
    Network,
    Organisation,
    StrategicDirection,
    Update,
)


def networks_visible_to(user: Person) -> QuerySet[Network]:
    return Network.objects.filter(networks_visible_q(viewer_for(user)))


def organisations_visible_to(user: Person) -> QuerySet[Organisation]:
    """Organisations in the networks the user takes part in, and the user's own."""
    viewer = viewer_for(user)
    if viewer.is_superuser:
        return Organisation.objects.all()
    networks = networks_visible_to(user)
    own = viewer.organisation_id or 0
    return Organisation.objects.filter(
        pk__in=Organisation.objects.filter(networks__in=networks).values("pk")
    ) | Organisation.objects.filter(pk=own)


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


ACTIVITY_SEARCH_FIELDS = ("title", "description", "place", "target_groups", "outcome")
MAX_SEARCH_TERMS = 10


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
    """Activities the coordinator tagged with any of the directions (no duplicate rows)."""
    tagged = Activity.directions.through.objects.filter(
        activity_id=OuterRef("pk"), strategicdirection__code__in=list(codes)
    )
    return queryset.filter(Exists(tagged))


def activity_get_for_user(user: Person, pk: int | str) -> Activity:
    """The activity, or 404 whether it does not exist or is not visible to the user."""
    try:
        return activities_for_listing(activities_visible_to(user)).get(pk=int(pk))
    except (Activity.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404("No such activity.") from None


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


def update_get_for_user(user: Person, pk: int | str) -> Update:
    try:
        return updates_visible_to(user).select_related("organisation", "author").get(pk=int(pk))
    except (Update.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404("No such update.") from None


def network_get_for_user(user: Person, pk: int | str) -> Network:
    try:
        return networks_visible_to(user).get(pk=int(pk))
    except (Network.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404("No such network.") from None
