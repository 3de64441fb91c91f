from rest_framework import serializers

from network.models import Role, User


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class RoleSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="code")

    class Meta:
        model = Role
        fields = ["network", "role"]


class MeSerializer(serializers.ModelSerializer):
    roles = RoleSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "organisation", "roles"]
