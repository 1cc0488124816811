"""Print a new key for SURVEY_HOLD_KEY (feedback/sealing.py)."""

from django.core.management.base import BaseCommand

from feedback.sealing import new_key


class Command(BaseCommand):
    help = "Print a new random key for SURVEY_HOLD_KEY (32 bytes, URL-safe base64)."

    def handle(self, *args, **options):
        self.stdout.write(new_key())
