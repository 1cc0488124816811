"""Finding each app's parts by name, through the app registry, instead of one module
importing another by hand.

An app keeps its occasions, GDPR provider and tasks in modules of fixed names
(``occasions.py``, ``gdpr.py``, ``tasks.py``) – in the app package or in one of its
sub-packages (``recruitment/hiring/occasions.py``, ``careers/tracks/gdpr.py``).
``discover("occasions")`` imports every such module of the installed apps of this project,
so registering a new one needs no import anywhere else."""

from __future__ import annotations

import pkgutil
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import module_has_submodule

# Sub-packages that never hold a part (and must not be imported for nothing).
NOT_PARTS = frozenset({"migrations", "management", "templatetags", "tests"})


def packages() -> list[str]:
    """The project's app packages and their sub-packages, in INSTALLED_APPS order."""
    base = Path(settings.BASE_DIR).resolve()
    found: list[str] = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if base not in path.parents:
            continue  # a third-party app: Django's own autodiscovery covers its package
        found.append(config.name)
        found.extend(
            f"{config.name}.{info.name}"
            for info in sorted(pkgutil.iter_modules([str(path)]), key=lambda i: i.name)
            if info.ispkg and info.name not in NOT_PARTS
        )
    return found


def discover(module_name: str) -> list[str]:
    """Import ``<package>.<module_name>`` for every package of ``packages()`` that has
    one; returns the modules imported, in order."""
    imported = []
    for name in packages():
        package = import_module(name)
        if module_has_submodule(package, module_name):
            import_module(f"{name}.{module_name}")
            imported.append(f"{name}.{module_name}")
    return imported
