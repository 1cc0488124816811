from django.core.management.base import BaseCommand
from django.db import transaction

from feedback.models import Choice, Question, SurveyTemplate, SurveyVersion
from feedback.seed_data import seed_default_templates


class Command(BaseCommand):
    help = "Create the default survey templates that are missing. Safe to run again."

    @transaction.atomic
    def handle(self, *args, **options):
        created = seed_default_templates(SurveyTemplate, SurveyVersion, Question, Choice)
        if created:
            self.stdout.write(f"Created survey templates: {', '.join(created)}")
        else:
            self.stdout.write("All default survey templates exist already.")
