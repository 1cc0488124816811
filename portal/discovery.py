"""Finding each app's parts by name, through the app registry, instead of one module
importing another by hand.

An app keeps its occasions, GDPR provider and tasks in modules of fixed names
(``occasions.py``, ``gdpr.py``, ``tasks.py``) – in the app package or in one of its
sub-packages (``recruitment/hiring/occasions.py``, ``careers/tracks/gdpr.py``).
``discover("occasions")`` imports every such module of the installed apps of this project,
so registering a new one needs no import anywhere else. Only the modules found are
imported (a sub-package without one, such as ``demo/data/``, is never loaded)."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings

# Sub-packages that never hold a part.
NOT_PARTS = frozenset({"migrations", "management", "templatetags", "tests"})


def _package_dirs() -> list[tuple[str, Path]]:
    """(dotted name, directory) of the project's app packages and their sub-packages, in
    INSTALLED_APPS order, each app's sub-packages by name."""
    base = Path(settings.BASE_DIR).resolve()
    found: list[tuple[str, Path]] = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if base not in path.parents:
            continue  # a third-party app
        found.append((config.name, path))
        found.extend(
            (f"{config.name}.{child.name}", child)
            for child in sorted(path.iterdir())
            if child.is_dir()
            and child.name not in NOT_PARTS
            and child.name.isidentifier()
            and (child / "__init__.py").exists()
        )
    return found


def packages() -> list[str]:
    """The project's app packages and their sub-packages."""
    return [name for name, _path in _package_dirs()]


def packages_with(module_name: str) -> list[str]:
    """The packages of ``packages()`` that have a module ``module_name`` (for Celery's
    task discovery, which imports ``<package>.tasks`` of each)."""
    return [
        name
        for name, path in _package_dirs()
        if (path / f"{module_name}.py").exists() or (path / module_name / "__init__.py").exists()
    ]


def discover(module_name: str) -> list[str]:
    """Import ``<package>.<module_name>`` for every package that has one; returns the
    modules imported, in order."""
    imported = [f"{name}.{module_name}" for name in packages_with(module_name)]
    for module in imported:
        import_module(module)
    return imported
