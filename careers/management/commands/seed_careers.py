from django.core.management.base import BaseCommand

from careers import services


class Command(BaseCommand):
    help = "Create the career-stage pages with default texts. Leaves edited pages alone."

    def handle(self, *args, **options):
        created = services.seed_career_stages()
        self.stdout.write(self.style.SUCCESS(f"Career stages created: {created}"))
