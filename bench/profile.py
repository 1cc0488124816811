"""Profile one page in-process on the bench database, to see where its time goes.

    .venv/bin/python -m bench.profile /manage/postings/1/applicants/ --as recruiter
    .venv/bin/python -m bench.profile /jobs/?kind=lis1 --repeat 20 --top 30

Run ``make bench`` once first: it seeds the national data set and writes the sessions
(``var/bench/fixtures.json``) that ``--as`` picks a person from (recruiter, coordinator
or applicant). Prints the median time, the queries of one request (slowest first) and
the functions with the most cumulative time.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def persona(name: str):
    """The person the bench's sessions belong to: the first applicant of the prepared
    ones, the recruiter of the busy posting's employer, or a coordinator."""
    from portal.models import Membership
    from recruitment.models import Application, Posting

    fixtures = json.loads((ROOT / "var" / "bench" / "fixtures.json").read_text())
    if name == "applicant":
        return Application.objects.get(pk=fixtures["applicants"][0]["application"]).applicant
    if name == "recruiter":
        employer = Posting.objects.get(pk=fixtures["busy_posting"]).employer_id
        role = Membership.Role.RECRUITER
        return Membership.objects.filter(organisation=employer, role=role).first().user
    return Membership.objects.filter(role=Membership.Role.COORDINATOR).first().user


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--as", dest="persona", choices=["recruiter", "coordinator", "applicant"])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative", help="pstats key, e.g. tottime")
    args = parser.parse_args()

    os.environ.setdefault(
        "DATABASE_URL",
        os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/legeportalen_bench"
        ),
    )
    os.environ.setdefault(
        "REDIS_URL", os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-profile-only-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="testserver", secure=True)
    if args.persona:
        client.force_login(persona(args.persona))

    def get():
        response = client.get(args.path)
        if response.status_code != 200:
            raise SystemExit(f"{args.path} answered {response.status_code}")
        return response

    get()  # warm caches and imports
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        get()
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        get()
    print(f"{args.path}: median {statistics.median(times):.1f} ms over {args.repeat}")
    print(f"{len(queries)} queries:")
    for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:10]:
        print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:160]}")

    profiler = cProfile.Profile()
    profiler.enable()
    get()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
