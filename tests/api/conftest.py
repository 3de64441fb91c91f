"""Objects for the API tests, written through the services as the personas would write them.

| object              | network   | organisation (lead)   | visibility   | seen by (in ``net``)           |
|---------------------|-----------|-----------------------|--------------|--------------------------------|
| police_only         | net       | Polisen               | organisation | coordinator, security chief,   |
|                     |           |                       |              | police                         |
| school_authorities  | net       | Skol- och fritid      | authorities  | + contact person               |
| civil_network       | net       | Idrottsföreningen     | network      | everyone in ``net``            |
| elsewhere           | other_net | Grannkommunen         | network      | other_member only              |

Updates: ``police_note`` (Polisen, organisation), ``civil_note`` (network), ``on_police_only``
(network visibility, but on ``police_only``, so seen only by those who see that activity) and
``elsewhere_note`` (other_net).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from network.accounts.models import ApiToken
from network.accounts.tokens import expiry_in, issue_token
from network.activities import services as activity_services
from network.models import Activity, Update, Visibility
from tests.conftest import World


@dataclass
class Scene:
    police_only: Activity
    school_authorities: Activity
    civil_network: Activity
    elsewhere: Activity
    police_note: Update
    civil_note: Update
    on_police_only: Update
    elsewhere_note: Update


@pytest.fixture
def scene(world: World) -> Scene:
    police_only = activity_services.activity_create(
        author=world.police,
        network=world.net,
        title="Samtal med unga i centrum",
        description="Polisens egna iakttagelser.",
        partners=[world.social],
        starts_on=date(2026, 2, 10),
        ends_on=date(2026, 2, 20),
        participants_count=12,
        status="completed",
        visibility=Visibility.ORGANISATION,
        suggested_directions=["prevention"],
    )
    activity_services.activity_tag(
        activity=police_only, actor=world.coordinator, directions=["prevention", "competence"]
    )
    school_authorities = activity_services.activity_create(
        author=world.contact_person,
        network=world.net,
        title="Fortbildning för lärare",
        starts_on=date(2026, 4, 2),
        participants_count=30,
        visibility=Visibility.AUTHORITIES,
    )
    civil_network = activity_services.activity_create(
        author=world.civil,
        network=world.net,
        title="Nattvandring i Drottninghög",
        description="Föräldrar vandrar fredagkvällar.",
        place="Drottninghög",
        starts_on=date(2025, 11, 7),
        participants_count=8,
        visibility=Visibility.NETWORK,
    )
    elsewhere = activity_services.activity_create(
        author=world.other_member,
        network=world.other_net,
        title="Grannkommunens läger",
        starts_on=date(2026, 6, 1),
        visibility=Visibility.NETWORK,
    )
    return Scene(
        police_only=police_only,
        school_authorities=school_authorities,
        civil_network=civil_network,
        elsewhere=elsewhere,
        police_note=activity_services.update_post(
            author=world.police,
            network=world.net,
            body="Lugnt i helgen.",
            visibility="organisation",
        ),
        civil_note=activity_services.update_post(
            author=world.civil,
            network=world.net,
            body="Vi behöver fler vuxna.",
            visibility="network",
        ),
        on_police_only=activity_services.update_post(
            author=world.police,
            network=world.net,
            activity=police_only,
            body="Samtalen fortsätter.",
            visibility="network",
        ),
        elsewhere_note=activity_services.update_post(
            author=world.other_member,
            network=world.other_net,
            body="Lägret är fullt.",
            visibility="network",
        ),
    )


@pytest.fixture
def token_client(world: World) -> Callable[[str | None], APIClient]:
    """A client that authenticates as the persona with a token, as an API consumer does.

    The token was used a moment ago, as a busy client's is: its last use is written at most once
    a minute, so a request costs what every request but the first of a minute costs."""

    def make(name: str | None) -> APIClient:
        client = APIClient()
        if name is not None:
            token, key = issue_token(world.persona(name), "tests", expiry_in())
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make
