"""``manage.py demo_totp``: print the current two-factor code of the demo staff users."""

from django.core.management.base import BaseCommand

from demo.credentials import current_demo_totp_code


class Command(BaseCommand):
    help = "Print the current TOTP code for the demo users created by seed_demo."

    def handle(self, *args, **options) -> None:
        self.stdout.write(current_demo_totp_code())
