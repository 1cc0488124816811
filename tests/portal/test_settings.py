import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.settings import env_bool, env_int, env_list, env_rates


def test_env_bool_reads_common_spellings(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", default=True) is False
    monkeypatch.delenv("FLAG")
    assert env_bool("FLAG", default=True) is True


@pytest.mark.parametrize(("helper", "value"), [(env_bool, "maybe"), (env_int, "ten")])
def test_env_helpers_fail_loudly_on_bad_values(monkeypatch, helper, value):
    monkeypatch.setenv("BAD", value)
    with pytest.raises(ImproperlyConfigured, match="BAD"):
        helper("BAD", 1) if helper is env_int else helper("BAD")


def test_env_int_refuses_a_value_outside_its_bounds(monkeypatch):
    monkeypatch.setenv("PERCENT", "120")
    with pytest.raises(ImproperlyConfigured, match="PERCENT must be at most 100, got 120"):
        env_int("PERCENT", 50, minimum=0, maximum=100)
    monkeypatch.setenv("PERCENT", "-1")
    with pytest.raises(ImproperlyConfigured, match="PERCENT must be at least 0"):
        env_int("PERCENT", 50, minimum=0, maximum=100)
    monkeypatch.setenv("PERCENT", "40")
    assert env_int("PERCENT", 50, minimum=0, maximum=100) == 40


def test_env_rates_splits_the_address_limits_from_the_account_limits(monkeypatch):
    monkeypatch.setenv("LIMIT", "20/10m/ip, 5/5m/key,100/1h")
    assert env_rates("LIMIT", "") == {"ip": "20/10m/ip,100/1h", "key": "5/5m/key"}
    for bad in ("20/10x/ip", "20/10m/user", "twenty/10m", "0/10m/ip"):
        monkeypatch.setenv("LIMIT", bad)
        with pytest.raises(ImproperlyConfigured, match="LIMIT must be rates such as"):
            env_rates("LIMIT", "")


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.no, b.no ,,")
    assert env_list("HOSTS") == ["a.no", "b.no"]


def run_check(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check():
    import os

    # Only what a deployment would set: nothing from the test process may leak in.
    leaky = {"DEBUG", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in leaky}
    result = run_check(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        "--settings=tests.deploy_settings",
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    import os

    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    env["DEBUG"] = "false"
    result = run_check("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_tests_run_on_postgresql(settings):
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_models_and_migrations_agree():
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_manage_py_runs_in_a_bare_checkout_as_the_development_set_up():
    """`python manage.py makemigrations --check` with nothing configured, as a developer
    (or a check) runs it right after cloning."""
    import os

    env = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
    result = run_check("makemigrations", "--check", "--dry-run", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_in_debug_mail_is_written_to_files_never_printed_to_the_console():
    """Seeding the demo sends receipts and invitations: their sources must not flood the
    console. Debug mail goes to var/mail, one file per message (README)."""
    import os

    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("EMAIL_BACKEND", "EMAIL_FILE_PATH", "DJANGO_SETTINGS_MODULE")
    }
    env.update(DEBUG="true", DJANGO_SETTINGS_MODULE="portal.settings")
    result = subprocess.run(
        [sys.executable, "-c", "import portal.settings as s; print(s.MAILERS['default'])"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    assert "filebased.EmailBackend" in result.stdout
    assert "var/mail" in result.stdout
    assert "console" not in result.stdout
