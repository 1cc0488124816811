"""Time and memory of the upload check (recruitment/applications/pdf.py) on given PDFs:

    .venv/bin/python -m bench.pdf cv.pdf scan.pdf …

Each file is cleaned five times from a fresh process: the median time (the cleaner's own
process included), the peak resident memory of the cleaner's process, the stored size and
what was removed, or why the file was refused. Figures for typical files are in SECURITY.md
(Uploads)."""

import json
import os
import statistics
import subprocess
import sys

CHILD = """
import json, os, resource, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from recruitment.applications.pdf import clean_pdf
from django.core.exceptions import ValidationError
data = open(sys.argv[1], "rb").read()
times, outcome, stored = [], "", 0
for _ in range(5):
    started = time.perf_counter()
    try:
        result = clean_pdf(SimpleUploadedFile("x.pdf", data, "application/pdf"))
        outcome, stored = ", ".join(sorted(result.removed)) or "-", len(result.content)
    except ValidationError as error:
        outcome = "refused: " + error.code
    times.append(time.perf_counter() - started)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"times": times, "peak_kb": peak, "size": len(data), "stored": stored,
                  "outcome": outcome}))
"""


def measure(path: str) -> dict:
    out = subprocess.run(  # noqa: S603 - this interpreter, this script
        [sys.executable, "-c", CHILD, path],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(paths: list[str]) -> None:
    print("| file | size | stored | median time | cleaner's peak memory | removed |")
    print("| --- | --- | --- | --- | --- | --- |")
    for path in paths:
        figures = measure(path)
        print(
            f"| {os.path.basename(path)} | {figures['size'] / 1024:,.0f} kB "
            f"| {figures['stored'] / 1024:,.0f} kB "
            f"| {statistics.median(figures['times']) * 1000:,.0f} ms "
            f"| {figures['peak_kb'] / 1024:,.0f} MB | {figures['outcome']} |"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
