"""factory_boy factories. Organisations and people go through the services, like everywhere."""

from datetime import date

import factory
from django.contrib.auth.models import Group

from network.core import services as core_services
from network.models import Activity, Network, Organisation, Update, User, Visibility


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Nätverk {n}")
    slug = factory.Sequence(lambda n: f"natverk-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.CITY_DEPARTMENT
    group = factory.LazyAttribute(lambda o: Group.objects.create(name=f"organisation:{o.name}"))

    @factory.post_generation
    def networks(self, create: bool, extracted: list[Network] | None, **kwargs: object) -> None:
        for network in extracted or []:
            core_services.network_add_organisation(network=network, organisation=self)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    password = factory.django.Password("pw-for-tests")

    @factory.post_generation
    def organisation_set(
        self, create: bool, extracted: Organisation | None, **kwargs: object
    ) -> None:
        if extracted is not None:
            core_services.user_set_organisation(user=self, organisation=extracted)


def person(
    username: str, organisation: Organisation | None, network: Network | None, *roles: str
) -> User:
    user = UserFactory(username=username, organisation_set=organisation)
    for code in roles:
        core_services.role_grant(user=user, network=network, code=code)
    return user


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Insats {n}")
    description = "Nattvandring med föräldrar."
    organisation = factory.SubFactory(OrganisationFactory)
    starts_on = date(2026, 3, 1)
    visibility = Visibility.NETWORK


class UpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Update

    network = factory.SelfAttribute("organisation.networks.first")
    organisation = factory.SubFactory(OrganisationFactory)
    body = "Lugnt i kväll."
    visibility = Visibility.NETWORK
