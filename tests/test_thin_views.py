"""Views stay thin (issue 20, part 5): a view parses the request, asks permissions.py for
the object, calls one service or selector and renders. Measured as every top-level
function in a ``views*.py`` of the apps – views and their helpers alike – being at most
30 lines from ``def`` to its last line; queries and context belong in selectors, changes
in services, form building in forms."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ("portal", "recruitment", "careers", "feedback")
MAX_LINES = 30


def view_modules() -> list[Path]:
    return sorted(path for app in APPS for path in (ROOT / app).rglob("views*.py"))


def long_functions(source: str, name: str = "<views>") -> list[tuple[str, int]]:
    """The top-level functions of ``source`` longer than MAX_LINES, with their length."""
    tree = ast.parse(source, name)
    return [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_LINES
    ]


def test_the_measure_counts_from_def_to_the_last_line():
    body = "".join(f"    x{n} = {n}\n" for n in range(MAX_LINES - 1))
    fits = f"@decorated\ndef fits(request):\n{body}"
    too_long = f"def too_long(request):\n{body}    return x0\n"
    assert long_functions(fits) == []
    assert long_functions(too_long) == [("too_long", MAX_LINES + 1)]
    nested = "class Page:\n    def method(self):\n" + body.replace("    ", "        ") * 2
    assert long_functions(nested) == []  # only the module's own functions are views


def test_every_view_is_at_most_thirty_lines():
    modules = view_modules()
    assert len(modules) >= 9, modules  # the walk finds the views (it cannot pass empty)
    offenders = [
        f"{path.relative_to(ROOT)}::{name} is {length} lines"
        for path in modules
        for name, length in long_functions(path.read_text(), str(path))
    ]
    assert not offenders, "\n".join(offenders)
