"""Ship the default survey templates (LIS1, LIS2/3, ALIS, exit, stay) in both languages."""

from django.db import migrations


def seed(apps, schema_editor):
    from feedback.seed_data import seed_default_templates

    seed_default_templates(
        apps.get_model("feedback", "SurveyTemplate"),
        apps.get_model("feedback", "SurveyVersion"),
        apps.get_model("feedback", "Question"),
        apps.get_model("feedback", "Choice"),
    )


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
