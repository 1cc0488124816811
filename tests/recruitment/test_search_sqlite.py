"""The board's search on the embedded SQLite default (recruitment/search.py): folded,
prefix and compound matches, the labels in English and Bokmål, a title match first.

The suite runs on PostgreSQL, so this runs a fresh process on a new SQLite database, as
tests/portal/test_embedded_demo.py does.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json
from datetime import timedelta

import django
django.setup()
from django.http import QueryDict
from django.test import Client
from django.utils import timezone

from portal.models import Organisation, Unit
from recruitment.filters import board_filter
from recruitment.models import Posting, PostingKind, Specialty

now = timezone.now()
hospital = Organisation.objects.create(
    name="Sykehuset Østfold", slug="sykehuset-ostfold", kind=Organisation.Kind.HOSPITAL
)
municipality = Organisation.objects.create(
    name="Fjordby kommune", slug="fjordby", kind=Organisation.Kind.MUNICIPALITY
)
surgical = Unit.objects.create(organisation=hospital, name="Kirurgisk klinikk")


def posting(title, **fields):
    Posting.objects.create(
        title=title,
        kind=fields.pop("kind", PostingKind.LIS1),
        employer=fields.pop("employer", municipality),
        municipality=municipality,
        summary="Vi søker leger.",
        description=fields.pop("description", "Et godt fagmiljø."),
        deadline=now + timedelta(days=30),
        status=Posting.Status.PUBLISHED,
        published_at=now,
        **fields,
    )


posting("Sommerjobb", employer=hospital, unit=surgical, specialty=Specialty.SURGERY)
posting("LIS1 i Fjordby", kindergarten="Full barnehagedekning.")
posting("Fastlege", description="Vi er fem allmennleger.", kind=PostingKind.ALIS)
posting("Klinikkleder", description="Leder for en poliklinikk.")

found = {}
for query in [
    "ostfold", "kirurgen", "kirurg", "KIRURGISK", "barnehage", "allmennlege", "surgery",
    "kindergarten", "tannlege", "klinikk",
]:
    found[query] = [p.title for p in board_filter(QueryDict(f"q={query}"), now).qs]
response = Client().get("/jobs/", {"q": "ostfold"})
found["page"] = [response.status_code, "Sommerjobb" in response.content.decode()]
print(json.dumps(found))
"""


def test_the_board_search_on_sqlite(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "EMAIL_BACKEND"}
        and not key.startswith(("PYTEST", "DJANGO_ALLOW"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
        MEDIA_ROOT=str(tmp_path / "private"),
    )

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    migrated = run("manage.py", "migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    result = run("-c", SCRIPT)
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found == {
        "ostfold": ["Sommerjobb"],  # ø typed as o, in the employer's name
        "kirurgen": ["Sommerjobb"],  # "-en" off, then "kirurg" in the unit's name
        "kirurg": ["Sommerjobb"],
        "KIRURGISK": ["Sommerjobb"],
        "barnehage": ["LIS1 i Fjordby"],  # the first part of "barnehagedekning"
        "allmennlege": ["Fastlege"],  # in "allmennleger"
        "surgery": ["Sommerjobb"],  # the specialty's English label
        "kindergarten": ["LIS1 i Fjordby"],  # the offer's English label
        "tannlege": [],
        "klinikk": ["Klinikkleder", "Sommerjobb"],  # the title match first
        "page": [200, True],
    }
