# ruff: noqa: S311 - load patterns, not secrets
"""Scenarios for ``make bench``, one user class per measured page. bench/run.py starts
locust headless once per scenario (``locust -f bench/locustfile.py BoardFilterUser …``),
each simulated user requesting as fast as the server answers (no think time), so the
figures are the server's throughput under saturation and the latency it then gives.

Logged-in users carry a session made by bench/prepare.py; POSTs carry a CSRF cookie and
the matching header, as the site's htmx requests do.
"""

import json
import os
import random
import re
import secrets
import string
from pathlib import Path

from locust import FastHttpUser, constant, task
from locust.exception import StopUser

FIXTURES = Path(os.environ.get("BENCH_FIXTURES", "var/bench/fixtures.json"))
DATA = json.loads(FIXTURES.read_text()) if FIXTURES.exists() else {}
COOKIES = DATA.get("cookie_names", {"session": "sessionid", "csrf": "csrftoken"})
# Each locust run gets its own slice of the single-use survey links (see bench/run.py).
_start, _end = (os.environ.get("BENCH_TOKENS") or ":").split(":")
TOKENS = iter(
    DATA.get("survey", {}).get("tokens", [])[int(_start or 0) : int(_end) if _end else None]
)
KINDS = ["lis1", "lis2_3", "alis", "consultant", "summer_job"]
SPECIALTIES = ["indremedisin", "psykiatri", "anestesiologi", "allmennmedisin", "radiologi"]
SORTS = ["deadline", "-published_at", "start_date", "title"]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_secret() -> str:
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))


class BenchUser(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    session_key: str | None = None

    def on_start(self) -> None:
        self.csrf = csrf_secret()

    def headers(self, session: str | None = None, **extra) -> dict:
        cookies = [f"{COOKIES['csrf']}={self.csrf}"]
        if session:
            cookies.append(f"{COOKIES['session']}={session}")
        return {"Cookie": "; ".join(cookies), **extra}

    def get(self, path: str, name: str, session: str | None = None, **extra):
        with self.client.get(
            path, name=name, headers=self.headers(session, **extra), catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            return response


class BaselineUser(BenchUser):
    @task
    def baseline(self):
        self.get("/bench/baseline/", "baseline")


class BoardFilterUser(BenchUser):
    @task
    def board(self):
        roll = random.random()
        params = []
        if roll < 0.15:
            pass  # the plain board
        elif roll < 0.45:
            params = [("kind", random.choice(KINDS)), ("sort", random.choice(SORTS))]
        elif roll < 0.65:
            params = [("municipality", random.choice(DATA["municipalities"]))]
        elif roll < 0.8:
            params = [("employer", random.choice(DATA["employers"])), ("kind", "lis1")]
        elif roll < 0.9:
            params = [("specialty", random.choice(SPECIALTIES)), ("include_closed", "on")]
        else:
            params = [("kind", "lis1"), ("page", str(random.randint(2, 30)))]
        query = "&".join(f"{k}={v}" for k, v in params)
        self.get(f"/jobs/?{query}" if query else "/jobs/", "job board: filtered")


class BoardSearchUser(BenchUser):
    """One or two words from about eighty (specialties, services, places): most searches
    are ones somebody made a moment ago, a good share are new."""

    @task
    def search(self):
        words = random.sample(DATA["searches"], random.choice((1, 1, 2)))
        query = "+".join(word.split()[0] for word in words)
        extra = random.choice(["", "", "&kind=lis2_3", "&include_closed=on", "&sort=deadline"])
        self.get(f"/jobs/?q={query}{extra}", "job board: search")


class PostingUser(BenchUser):
    @task
    def posting(self):
        self.get(f"/jobs/{random.choice(DATA['postings'])}/", "posting page")


class ApplicationPageUser(BenchUser):
    @task
    def application(self):
        applicant = random.choice(DATA["applicants"])
        self.get(
            f"/applications/{applicant['application']}/",
            "application page",
            applicant["session"],
        )


class DraftSaveUser(BenchUser):
    """The htmx autosave of a draft, as the editor sends it while the applicant types."""

    @task
    def autosave(self):
        applicant = random.choice(DATA["applicants"])
        form = {
            "motivation": f"Jeg ønsker denne stillingen. {secrets.token_hex(8)}",
            "documents": [str(pk) for pk in applicant["documents"]],
        }
        for choice in applicant["choices"]:
            form[f"motivation_{choice}"] = "Særlig interessert i dette fagmiljøet."
        body = "&".join(
            f"{key}={value}"
            for key, values in form.items()
            for value in (values if isinstance(values, list) else [values])
        )
        with self.client.post(
            f"/applications/{applicant['application']}/autosave/",
            data=body.encode(),
            name="draft save",
            headers=self.headers(
                applicant["session"],
                **{
                    "X-CSRFToken": self.csrf,
                    "HX-Request": "true",
                    "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                },
            ),
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "text-danger" in (response.text or ""):
                response.failure(f"HTTP {response.status_code}")


class ApplicantListUser(BenchUser):
    @task
    def applicants(self):
        extra = random.choice(
            ["", "", "?sort=name", "?local_connection=any", "?page=3", "?status=shortlisted"]
        )
        self.get(
            f"/manage/postings/{DATA['busy_posting']}/applicants/{extra}",
            "applicant list (1,000)",
            DATA["recruiter"],
        )


class DashboardUser(BenchUser):
    @task
    def dashboard(self):
        self.get("/dashboard/", "coordinator dashboard", DATA["coordinator"])


class SurveyUser(BenchUser):
    """Opens a single-use link and sends the answers (each link works once)."""

    @task
    def answer(self):
        token = next(TOKENS, None)
        if token is None:
            raise StopUser
        page = self.get(f"/survey/{token}/", "survey page")
        match = CSRF_INPUT.search(page.text or "")
        form = dict(DATA["survey"]["answers"])
        body = "&".join(f"{key}={value}" for key, values in form.items() for value in values)
        if match:
            body += f"&csrfmiddlewaretoken={match.group(1)}"
        with self.client.post(
            f"/survey/{token}/",
            data=body.encode(),
            name="survey submission",
            headers=self.headers(
                None,
                **{
                    "X-CSRFToken": self.csrf,
                    "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                },
            ),
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code}")


SCENARIOS = {
    "baseline": BaselineUser,
    "job board: filtered": BoardFilterUser,
    "job board: search": BoardSearchUser,
    "posting page": PostingUser,
    "application page": ApplicationPageUser,
    "draft save": DraftSaveUser,
    "applicant list (1,000)": ApplicantListUser,
    "coordinator dashboard": DashboardUser,
    "survey submission": SurveyUser,
}
