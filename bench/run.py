# ruff: noqa: S603 - runs our own programs with fixed arguments
"""``make bench``: measure the portal on the national data set (see bench/README.md).

1. Create and migrate the bench database (``legeportalen_bench``) if needed, and seed the
   national data set once (``manage.py seed_scale``; later runs reuse it).
2. Collect static files and start the portal under gunicorn (2 workers) with production
   settings (DEBUG off, manifest static files, pooled PostgreSQL connections, Redis).
3. Prepare sessions and survey links (bench/prepare.py), warm every page up, then run
   locust headless from a second process once per scenario (bench/locustfile.py).
4. Time the reminder sweep and the survey results in-process (bench/timings.py).
5. Print a Markdown table, every figure also as a ratio to the baseline page, and write
   the same as JSON to bench/results/<timestamp>.json (and latest.json / latest.md).

Environment: BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_PORT, BENCH_USERS (concurrent
simulated users, default 4), BENCH_SECONDS (per scenario, default 20), BENCH_ONLY (scenario
names separated by ";", for a quick look at one page).
"""

import csv
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

import psycopg

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
PYTHON = str(VENV / "python")
WORK = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/legeportalen_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
PORT = int(os.environ.get("BENCH_PORT", "8765"))
USERS = int(os.environ.get("BENCH_USERS", "4"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
WORKERS = 2
HOST = f"http://127.0.0.1:{PORT}"

# (name in the report, locust user class, request names locust records)
SCENARIOS = [
    ("baseline", "BaselineUser", ["baseline"]),
    ("job board: filtered", "BoardFilterUser", ["job board: filtered"]),
    ("job board: search", "BoardSearchUser", ["job board: search"]),
    ("posting page", "PostingUser", ["posting page"]),
    ("application page", "ApplicationPageUser", ["application page"]),
    ("draft save", "DraftSaveUser", ["draft save"]),
    ("applicant list (1,000)", "ApplicantListUser", ["applicant list (1,000)"]),
    ("coordinator dashboard", "DashboardUser", ["coordinator dashboard"]),
    ("survey submission", "SurveyUser", ["survey submission", "survey page"]),
]
# p95 in ms and throughput as a share of the baseline's (issue 11).
TARGETS = {
    "job board: filtered": {"p95_ms": 150, "throughput_ratio": 0.4},
    "job board: search": {"p95_ms": 150, "throughput_ratio": 0.4},
    "applicant list (1,000)": {"p95_ms": 200},
    "coordinator dashboard": {"p95_ms": 300},
    "draft save": {"p95_ms": 100},
}
SWEEP_TARGET_SECONDS = 60


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        DEBUG="false",
        SECRET_KEY=f"bench-{secrets.token_urlsafe(40)}",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SITE_URL=HOST,
        BENCH="true",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="WARNING",
        BENCH_FIXTURES=str(WORK / "fixtures.json"),
        PYTHONPATH=str(ROOT),
    )
    return env


ENV = environment()


def say(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


def manage(*args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=ENV,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def ensure_database() -> None:
    url = urlparse(DATABASE_URL)
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            say(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def database_connections() -> int:
    name = urlparse(DATABASE_URL).path.lstrip("/")
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        (count,) = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchone()
    return count


def seed() -> dict:
    WORK.mkdir(parents=True, exist_ok=True)
    record = WORK / "seed.json"
    started = time.perf_counter()
    output = manage("seed_scale", capture=True)
    sys.stderr.write(output)
    if "already" not in output:
        record.write_text(
            json.dumps(
                {
                    "seconds": round(time.perf_counter() - started, 1),
                    "at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "output": output.strip().splitlines()[-1],
                }
            )
        )
    return json.loads(record.read_text()) if record.exists() else {}


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def start_server() -> subprocess.Popen:
    log = open(WORK / "gunicorn.log", "w")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(
        [
            str(VENV / "gunicorn"),
            "--config",
            "gunicorn.conf.py",
            "portal.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--backlog",
            "256",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    for _ in range(60):
        try:
            with urllib.request.urlopen(f"{HOST}/healthz", timeout=10) as response:  # noqa: S310
                if response.status == 200:
                    return server
        except OSError:  # not listening yet, or still loading
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit("gunicorn did not answer /healthz; see var/bench/gunicorn.log")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def dashboard_exists() -> bool:
    fixtures = json.loads((WORK / "fixtures.json").read_text())
    names = fixtures["cookie_names"]
    request = urllib.request.Request(  # noqa: S310 - our own server
        f"{HOST}/dashboard/",
        headers={"Cookie": f"{names['session']}={fixtures['coordinator']}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status == 200
    except urllib.error.HTTPError:
        return False


def locust(user_class: str, seconds: int, prefix: Path, tokens: str) -> None:
    """One headless locust run; ``tokens`` is the slice of single-use survey links
    ("start:end") this run may use, so no link is used twice."""
    subprocess.run(
        [
            str(VENV / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(USERS),
            "--spawn-rate",
            str(USERS),
            "--run-time",
            f"{seconds}s",
            "--host",
            HOST,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--exit-code-on-error",
            "0",
            user_class,
        ],
        cwd=ROOT,
        env={**ENV, "BENCH_TOKENS": tokens},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=open(f"{prefix}.log", "w"),  # noqa: SIM115 - closed when locust exits
    )


def read_stats(prefix: Path, names: list[str], seconds: float) -> dict:
    rows = {row["Name"]: row for row in csv.DictReader(open(f"{prefix}_stats.csv"))}  # noqa: SIM115
    row = rows.get(names[0])
    if row is None:
        return {"requests": 0}
    requests, failures = int(row["Request Count"]), int(row["Failure Count"])
    return {
        "requests": requests,
        "failures": failures,
        "rps": round(float(row["Requests/s"]), 1),
        "p50_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "p99_ms": float(row["99%"]),
        "mean_ms": round(float(row["Average Response Time"]), 1),
    }


def measure(only: set[str]) -> tuple[dict, dict]:
    results, notes = {}, {}
    has_dashboard = dashboard_exists()
    for name, user_class, request_names in SCENARIOS:
        if only and name not in only and name != "baseline":
            continue
        if name == "coordinator dashboard" and not has_dashboard:
            notes[name] = "/dashboard/ does not answer 200 for the coordinator: not measured"
            say(notes[name])
            continue
        prefix = WORK / name.replace(" ", "_").replace(":", "").replace(",", "")
        say(f"warming up: {name}")
        locust(user_class, 4, prefix, "0:400")
        say(f"measuring: {name} ({USERS} users, {SECONDS} s)")
        locust(user_class, SECONDS, prefix, "400:")
        results[name] = read_stats(prefix, request_names, SECONDS)
        results[name]["db_connections_after"] = database_connections()
        # Other work on the machine skews every figure: keep the 1-minute load with it.
        results[name]["load_avg"] = round(os.getloadavg()[0], 1)
        say(f"  {results[name]}")
    return results, notes


def timings() -> dict:
    say("timing the survey results and the reminder sweep (in-process)")
    output = subprocess.run(
        [PYTHON, "-m", "bench.timings"],
        cwd=ROOT,
        env=ENV,
        check=True,
        text=True,
        stdout=subprocess.PIPE,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def ratio(value, base) -> float | None:
    return round(value / base, 2) if value is not None and base else None


def report(results: dict, timed: dict, seeded: dict, notes: dict) -> dict:
    base = results.get("baseline", {})
    rows = []
    for name, figures in results.items():
        target = TARGETS.get(name, {})
        met = None
        if target and figures.get("requests"):
            met = figures["p95_ms"] < target["p95_ms"] and (
                "throughput_ratio" not in target
                or figures["rps"] / base["rps"] >= target["throughput_ratio"]
            )
        rows.append(
            {
                "name": name,
                **figures,
                "rps_ratio": ratio(figures.get("rps"), base.get("rps")),
                "p50_ratio": ratio(figures.get("p50_ms"), base.get("p50_ms")),
                "p95_ratio": ratio(figures.get("p95_ms"), base.get("p95_ms")),
                "p99_ratio": ratio(figures.get("p99_ms"), base.get("p99_ms")),
                "target": target,
                "met": met,
            }
        )
    sweep = timed.get("reminder_sweep", {})
    if sweep:
        sweep["met"] = bool(
            sweep["seconds"]
            and sweep["seconds"] < SWEEP_TARGET_SECONDS
            and sweep["duplicates"] == 0
            and sweep["emails_match_rows"]
        )
        sweep["ratio"] = ratio((sweep["seconds"] or 0) * 1000, base.get("p50_ms"))
        sweep["sweep_ratio"] = ratio(sweep["sweep_seconds"] * 1000, base.get("p50_ms"))
    for figures in timed.get("survey_results", {}).values():
        if isinstance(figures, dict):
            figures["ratio"] = ratio(figures["median_ms"], base.get("p50_ms"))
    return {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "gunicorn_workers": WORKERS, "users": USERS},
        "seconds_per_scenario": SECONDS,
        "seed": seeded,
        "pages": rows,
        "timings": timed,
        "notes": notes,
    }


def markdown(data: dict) -> str:
    def cell(value, suffix=""):
        return "–" if value is None else f"{value:g}{suffix}"

    loads = [row["load_avg"] for row in data["pages"] if "load_avg" in row]
    lines = [
        f"Measured {data['at']} on {data['machine']['cpus']} CPUs: gunicorn "
        f"{data['machine']['gunicorn_workers']} workers, {data['machine']['users']} "
        f"concurrent users, {data['seconds_per_scenario']} s per page"
        + (f"; 1-minute load average {min(loads):g}–{max(loads):g}." if loads else "."),
        "",
        "| page | req/s | × baseline | p50 ms | p95 ms | p99 ms | p95 × baseline | target | met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | :---: |",
    ]
    for row in data["pages"]:
        target = row["target"]
        goal = []
        if "p95_ms" in target:
            goal.append(f"p95 < {target['p95_ms']} ms")
        if "throughput_ratio" in target:
            goal.append(f"≥ {target['throughput_ratio']:.0%} of baseline req/s")
        goal = ", ".join(goal)
        met = {True: "yes", False: "**no**", None: ""}[row["met"]]
        if not row.get("requests"):
            lines.append(f"| {row['name']} | – | – | – | – | – | – | {goal} | |")
            continue
        lines.append(
            f"| {row['name']} | {cell(row['rps'])} | {cell(row['rps_ratio'])} | "
            f"{cell(row['p50_ms'])} | {cell(row['p95_ms'])} | {cell(row['p99_ms'])} | "
            f"{cell(row['p95_ratio'])} | {goal} | {met} |"
        )
    sweep = data["timings"].get("reminder_sweep")
    survey = data["timings"].get("survey_results", {})
    lines += [
        "",
        "| timed in-process | time | × baseline p50 | queries | notes |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    if sweep:
        met = "met" if sweep["met"] else "**missed**"
        how = "measured" if sweep["delivery_complete"] else "extrapolated from the rate"
        lines.append(
            f"| reminder sweep: find {sweep['due']:,} due drafts, queue them | "
            f"{sweep['sweep_seconds']:g} s | {cell(sweep['sweep_ratio'])} | "
            f"{sweep['sweep_queries']:,} | target < {SWEEP_TARGET_SECONDS} s "
            f"{'met' if sweep['sweep_seconds'] < SWEEP_TARGET_SECONDS else '**missed**'} |"
        )
        lines.append(
            f"| … and deliver all {sweep['rows_total']:,} e-mails "
            f"({sweep['worker_processes']} worker processes) | {cell(sweep['seconds'])} s | "
            f"{cell(sweep['ratio'])} | – | {how}: {sweep['emails']:,} sent in "
            f"{sweep['delivery_seconds']:g} s ({sweep['emails_per_second']:g}/s), "
            f"{sweep['duplicates']} duplicates with every id queued twice; target < "
            f"{SWEEP_TARGET_SECONDS} s {met} |"
        )
    for name in ("campaign results", "unit trend", "unit scores (posting page)"):
        figures = survey.get(name)
        if figures:
            lines.append(
                f"| survey {name}, largest unit ({survey['responses']:,} responses) | "
                f"{figures['median_ms']:g} ms | {cell(figures['ratio'])} | "
                f"{figures['queries']} | median of 5, max {figures['max_ms']:g} ms |"
            )
    if data["seed"]:
        lines += [
            "",
            f"Seeding (seed_scale, once): {data['seed']['seconds']:g} s – {data['seed']['output']}",
        ]
    for name, note in data["notes"].items():
        lines.append(f"\nNot measured – {name}: {note}")
    return "\n".join(lines)


def main() -> None:
    started = time.perf_counter()
    only = {name.strip() for name in os.environ.get("BENCH_ONLY", "").split(";") if name.strip()}
    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    ensure_database()
    say("migrating")
    manage("migrate", "--no-input", "-v", "0")
    seeded = seed()
    say("collecting static files")
    manage("collectstatic", "--no-input", "-v", "0")
    flush_redis()
    say("preparing sessions and survey links")
    subprocess.run([PYTHON, "-m", "bench.prepare"], cwd=ROOT, env=ENV, check=True)
    server = start_server()
    try:
        results, notes = measure(only)
    finally:
        stop_server(server)
    timed = timings() if not only or "timings" in only else {}
    data = report(results, timed, seeded, notes)
    data["total_seconds"] = round(time.perf_counter() - started)
    table = markdown(data)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    if not only:
        (RESULTS / f"{stamp}.json").write_text(json.dumps(data, indent=2) + "\n")
        shutil.copyfile(RESULTS / f"{stamp}.json", RESULTS / "latest.json")
        (RESULTS / "latest.md").write_text(table + "\n")
    print(table)
    say(f"done in {data['total_seconds']} s")


if __name__ == "__main__":
    main()
