"""Personas that mirror the demo roles, in one network, plus an outsider and another network.

| persona            | organisation (kind)                  | role in ``net``     |
|--------------------|--------------------------------------|---------------------|
| coordinator        | Socialförvaltningen (department)     | coordinator         |
| security_chief     | Stadsledningsförvaltningen (dept.)   | security_chief      |
| contact_person     | Skol- och fritidsförvaltningen       | contact_person      |
| police             | Polisen (police)                     | member              |
| civil              | Idrottsföreningen (association)      | member              |
| report_reader      | none                                 | report_reader       |
| outsider           | Utomstående förening, in no network  | none                |
| other_member       | Grannkommunen, in ``other_net`` only | member of other_net |
"""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from network.models import Network, Organisation, Role, User
from tests.factories import NetworkFactory, OrganisationFactory, person

Code = Role.Code
Kind = Organisation.Kind

PERSONAS = (
    "coordinator",
    "security_chief",
    "contact_person",
    "police",
    "civil",
    "report_reader",
    "outsider",
    "other_member",
)


@dataclass
class World:
    net: Network
    other_net: Network
    social: Organisation
    city_office: Organisation
    school: Organisation
    police_org: Organisation
    association: Organisation
    outsider_org: Organisation
    other_org: Organisation
    coordinator: User
    security_chief: User
    contact_person: User
    police: User
    civil: User
    report_reader: User
    outsider: User
    other_member: User

    def persona(self, name: str) -> User:
        return getattr(self, name)


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:  # noqa: ANN001 - pytest-django's fixture
    """Hashing for tests only: the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _second_factor_off(settings) -> None:  # noqa: ANN001
    """The role tests act as the privileged personas directly; the second factor is tested on
    its own (tests/accounts), with ``TWO_FACTOR_REQUIRED`` on as in production."""
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path_factory) -> None:  # noqa: ANN001
    """Uploaded documents go to a folder of the test run's own, never into the checkout."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture
def world(db: None) -> World:
    net = NetworkFactory(name="Helsingborgsnätverket", slug="hbg")
    other_net = NetworkFactory(name="Grannkommunens nätverk", slug="granne")
    social = OrganisationFactory(name="Socialförvaltningen", networks=[net])
    city_office = OrganisationFactory(name="Stadsledningsförvaltningen", networks=[net])
    school = OrganisationFactory(name="Skol- och fritidsförvaltningen", networks=[net])
    police_org = OrganisationFactory(name="Polisen", kind=Kind.POLICE, networks=[net])
    association = OrganisationFactory(
        name="Idrottsföreningen", kind=Kind.ASSOCIATION, networks=[net]
    )
    outsider_org = OrganisationFactory(name="Utomstående förening", kind=Kind.ASSOCIATION)
    other_org = OrganisationFactory(name="Grannkommunen", networks=[other_net])
    return World(
        net=net,
        other_net=other_net,
        social=social,
        city_office=city_office,
        school=school,
        police_org=police_org,
        association=association,
        outsider_org=outsider_org,
        other_org=other_org,
        coordinator=person("samordnare", social, net, Code.COORDINATOR),
        security_chief=person("sakerhetschef", city_office, net, Code.SECURITY_CHIEF),
        contact_person=person("skola", school, net, Code.CONTACT_PERSON),
        police=person("polis", police_org, net, Code.MEMBER),
        civil=person("forening", association, net, Code.MEMBER),
        report_reader=person("rapport", None, net, Code.REPORT_READER),
        outsider=person("utomstaende", outsider_org, None),
        other_member=person("granne", other_org, other_net, Code.MEMBER),
    )


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def client_for(world: World):  # noqa: ANN201 - returns a factory
    """An API client signed in as the named persona (or anonymous for ``None``)."""

    def make(name: str | None) -> APIClient:
        client = APIClient()
        if name is not None:
            client.force_authenticate(user=world.persona(name))
        return client

    return make
