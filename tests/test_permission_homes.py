"""Each app's "who may see what" lives in its ``permissions.py``; selectors only read.

A selectors module that raises ``Http404``/``PermissionDenied`` or calls
``get_object_or_404`` is deciding access, and that belongs in the app's permissions
(``<object>_for_<persona>``: the one object a persona may see, or 404). Views ask
permissions.py too, and never answer 404 themselves."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
RUNTIME_APPS = ("portal", "recruitment", "careers", "feedback")
ACCESS_NAMES = {"Http404", "PermissionDenied", "get_object_or_404", "get_list_or_404"}
NOT_FOUND = ACCESS_NAMES - {"PermissionDenied"}


def access_decisions(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, name) for every raise of, or call to, an access-deciding name, in line order."""
    return sorted(set(_access_decisions(tree)))


def _access_decisions(tree: ast.AST):
    for node in ast.walk(tree):
        target = None
        if isinstance(node, ast.Raise) and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        elif isinstance(node, ast.Call):
            target = node.func
        name = getattr(target, "id", getattr(target, "attr", None))
        if name in ACCESS_NAMES:
            yield node.lineno, name


def selectors_modules():
    for app in RUNTIME_APPS:
        yield from sorted((ROOT / app).rglob("selectors.py"))


def test_selectors_decide_no_access():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in selectors_modules()
        for line, name in access_decisions(ast.parse(path.read_text(), str(path)))
    ]
    assert offenders == []


def test_the_check_finds_every_form():
    source = (
        "from django.http import Http404\n"
        "def a(pk):\n    return get_object_or_404(Thing, pk=pk)\n"
        "def b():\n    raise Http404\n"
        "def c():\n    raise exceptions.PermissionDenied('no')\n"
        "def d():\n    return shortcuts.get_list_or_404(Thing)\n"
        "def e():\n    return Thing.objects.get(pk=1)\n"
    )
    names = [name for _line, name in access_decisions(ast.parse(source))]
    assert names == ["get_object_or_404", "Http404", "PermissionDenied", "get_list_or_404"]


def test_every_app_with_selectors_is_seen():
    seen = {str(path.relative_to(ROOT)) for path in selectors_modules()}
    assert {"careers/selectors.py", "recruitment/selectors.py", "feedback/selectors.py"} <= seen


def runtime_modules():
    for app in RUNTIME_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def lookups_for_a_persona(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, name) of every function named ``<thing>_for_<persona>`` that answers 404
    itself (raises ``Http404`` or calls ``get_object_or_404``/``get_list_or_404``)."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if "_for_" not in node.name.lstrip("_"):
            continue
        if any(name in NOT_FOUND for _line, name in access_decisions(node)):
            found.append((node.lineno, node.name))
    return found


def test_every_lookup_for_a_persona_lives_in_permissions():
    """``posting_for_staff``, ``event_for_organiser``, ``track_for_public`` …: the one object
    a persona may see, or 404, is decided in the app's permissions.py and nowhere else."""
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in runtime_modules()
        if path.name != "permissions.py"
        for line, name in lookups_for_a_persona(ast.parse(path.read_text(), str(path)))
    ]
    assert offenders == []


def test_only_permissions_and_views_answer_404():
    """Services, selectors, forms, occasions, tasks … never answer 404: a view asks
    permissions.py for its object (and, test_views_leave_404_to_permissions, so does
    every view)."""
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in runtime_modules()
        if path.name != "permissions.py" and not path.stem.endswith("views")
        for line, name in access_decisions(ast.parse(path.read_text(), str(path)))
        if name in NOT_FOUND  # PermissionDenied: a service refuses the wrong actor, again
    ]
    assert offenders == []


def test_the_check_finds_a_lookup_for_a_persona():
    source = (
        "def posting_for_staff(user, pk):\n    return get_object_or_404(Posting, pk=pk)\n"
        "def event_for_organiser(user, pk):\n    if not ok:\n        raise Http404\n"
        "def events_for_staff(user):\n    return Event.objects.all()\n"
        "def _thing_for_owner(user, pk):\n    return shortcuts.get_object_or_404(T, pk=pk)\n"
        "def save(pk):\n    return get_object_or_404(T, pk=pk)\n"
    )
    names = [name for _line, name in lookups_for_a_persona(ast.parse(source))]
    assert sorted(names) == ["_thing_for_owner", "event_for_organiser", "posting_for_staff"]


def views_modules():
    for path in runtime_modules():
        if path.stem.endswith("views"):
            yield path


# A view that answers 404 on the outcome of its own write, not on who may see what:
# withdrawing a consent is one atomic write that tells whether the person had it, and
# asking first would cost a query and open a race.
VIEWS_THAT_404_ON_A_WRITE = {("portal/privacy_views.py", "Http404")}


def test_views_leave_404_to_permissions():
    """A view asks its app's permissions.py for its object (``posting_for_staff``,
    ``choice_of_application``, ``public_event`` …) or for a gate (``require_coordinator``);
    it never calls ``get_object_or_404``/``get_list_or_404`` or raises ``Http404`` itself."""
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in views_modules()
        for line, name in access_decisions(ast.parse(path.read_text(), str(path)))
        if name in NOT_FOUND
        and (str(path.relative_to(ROOT)), name) not in VIEWS_THAT_404_ON_A_WRITE
    ]
    assert offenders == []


def test_every_views_module_is_seen():
    seen = {str(path.relative_to(ROOT)) for path in views_modules()}
    assert {
        "careers/views.py",
        "careers/tracks/views.py",
        "recruitment/views.py",
        "recruitment/alert_views.py",
        "recruitment/applications/views.py",
        "recruitment/hiring/views.py",
        "recruitment/letters/views.py",
        "feedback/views.py",
        "portal/views.py",
        "portal/audit_views.py",
        "portal/dashboard/views.py",
    } <= seen


def test_the_check_finds_404_in_a_view():
    source = (
        "from django.http import Http404\n"
        "def detail(request, pk):\n    thing = get_object_or_404(Thing, pk=pk)\n"
        "def gate(request):\n    if not ok:\n        raise Http404()\n"
        "def many(request):\n    return shortcuts.get_list_or_404(Thing)\n"
        "def denied(request):\n    raise PermissionDenied\n"
        "def fine(request, pk):\n    return permissions.thing_for_staff(request.user, pk)\n"
    )
    names = [name for _line, name in access_decisions(ast.parse(source)) if name in NOT_FOUND]
    assert names == ["get_object_or_404", "Http404", "get_list_or_404"]
