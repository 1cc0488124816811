"""Give every stage its page with the default texts (``seed_careers`` does the same)."""

from django.db import migrations


def seed(apps, schema_editor):
    from careers.defaults import DEFAULT_STAGES

    CareerStage = apps.get_model("careers", "CareerStage")
    for values in DEFAULT_STAGES:
        CareerStage.objects.get_or_create(
            key=values["key"], defaults={k: v for k, v in values.items() if k != "key"}
        )


class Migration(migrations.Migration):
    dependencies = [("careers", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
