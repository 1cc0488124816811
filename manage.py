#!/usr/bin/env python
import os
import sys
from pathlib import Path

VENV = Path(__file__).resolve().parent / ".venv"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    if "DEBUG" not in os.environ and "SECRET_KEY" not in os.environ:
        # Nothing configured: a developer's checkout, so the embedded development set-up
        # that `make demo` uses. A deployment sets SECRET_KEY (or DEBUG=false) and is
        # then refused without a key, as gunicorn and Celery always are.
        os.environ["DEBUG"] = "true"
    try:
        from django.core.management import execute_from_command_line
    except ModuleNotFoundError:
        # Run with a Python outside the project's environment (`python manage.py …`):
        # use the environment `make install` built, rather than fail on a missing Django.
        python = VENV / "bin" / "python"
        if python.exists() and Path(sys.prefix).resolve() != VENV.resolve():
            os.execv(python, [str(python), *sys.argv])  # noqa: S606 - our own interpreter
        raise

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
