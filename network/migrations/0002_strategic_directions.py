"""The network's four strategic directions, with their fixed codes."""

from django.db import migrations

DIRECTIONS = [
    ("prevention", "Förebyggande insatser", "Preventive measures"),
    ("competence", "Kompetenshöjande insatser", "Competence-raising measures"),
    ("coordination", "Samordning och samverkan", "Coordination and cooperation"),
    ("evaluation", "Uppföljning och utvärdering", "Follow-up and evaluation"),
]


def create_directions(apps, schema_editor):
    StrategicDirection = apps.get_model("network", "StrategicDirection")
    for position, (code, name_sv, name_en) in enumerate(DIRECTIONS, start=1):
        StrategicDirection.objects.update_or_create(
            code=code, defaults={"name_sv": name_sv, "name_en": name_en, "position": position}
        )


def remove_directions(apps, schema_editor):
    apps.get_model("network", "StrategicDirection").objects.filter(
        code__in=[code for code, _sv, _en in DIRECTIONS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(create_directions, remove_directions)]
