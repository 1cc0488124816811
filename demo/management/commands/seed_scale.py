"""``manage.py seed_scale``: the national data set for ``make bench`` (see demo/scale.py).

Safe by default: it writes only into a PostgreSQL database that holds no users,
organisations, postings, applications, campaigns or events yet (what migrations create is
fine), and does nothing when the data set is already there. ``--force`` adds it next to
other data – never do that to a database with real people in it.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from demo import scale


class Command(BaseCommand):
    help = "Build the national-scale data set (400 organisations, 40,000 applicants …) fast."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Write even though the database holds other data (never on real data).",
        )
        parser.add_argument(
            "--factor",
            type=float,
            default=1.0,
            help="Scale every count by this factor (e.g. 0.01 for a quick try).",
        )

    def handle(self, *args, force: bool, factor: float, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale writes with COPY and needs PostgreSQL.")
        if not 0 < factor <= 1:
            raise CommandError("--factor must be above 0 and at most 1.")
        if scale.has_scale_data():
            self.stdout.write("The national data set is already in this database; nothing done.")
            return
        other = scale.holds_other_data()
        if other and not force:
            raise CommandError(
                f"Refusing to write: database {connection.settings_dict['NAME']!r} already "
                f"holds {', '.join(other)}. Use an empty database (make bench uses "
                "legeportalen_bench), or --force if you are sure it holds no real data."
            )
        spec = scale.Spec().scaled(factor)
        self.stdout.write(
            f"Building the national data set in {connection.settings_dict['NAME']!r} …"
        )
        started = time.perf_counter()
        with transaction.atomic():
            counts = scale.Builder(spec, log=self.stdout.write).build()
        written = time.perf_counter() - started
        scale.analyse()
        total = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {sum(counts.rows.values()):,} rows in {written:.1f} s "
                f"(+{total - written:.1f} s VACUUM ANALYZE): {spec.organisations} organisations, "
                f"{spec.postings:,} postings, {spec.applicants:,} applicants, "
                f"{counts.rows.get('choices', 0):,} ranked choices, "
                f"{counts.rows.get('responses', 0):,} survey responses."
            )
        )
