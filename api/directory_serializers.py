"""The directory of contact persons, as JSON: one row per contact person and network."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers

from network.models import Role

CONTACT_PERSON = OpenApiExample(
    "En kontaktperson på Skol- och fritidsförvaltningen",
    value={
        "id": 4,
        "first_name": "Karim",
        "last_name": "Kontaktperson",
        "email": "skola@example.org",
        "phone": "070-174 06 12",
        "organisation": 2,
        "organisation_name": "Skol- och fritidsförvaltningen",
        "network": 1,
    },
    response_only=True,
)


class ContactPersonSerializer(serializers.ModelSerializer):
    """A department's contact person in one network: whom to turn to, with e-mail and work
    telephone (empty when the person has not given one)."""

    id = serializers.IntegerField(source="user.id", read_only=True)
    first_name = serializers.CharField(source="user.first_name", read_only=True)
    last_name = serializers.CharField(source="user.last_name", read_only=True)
    email = serializers.CharField(source="user.email", read_only=True)  # may be empty
    phone = serializers.CharField(source="user.phone", read_only=True)
    organisation = serializers.IntegerField(
        source="user.organisation_id", read_only=True, allow_null=True
    )
    organisation_name = serializers.CharField(
        source="user.organisation.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Role
        fields = [
            "id",
            "first_name",
            "last_name",
            "email",
            "phone",
            "organisation",
            "organisation_name",
            "network",
        ]
        read_only_fields = fields
