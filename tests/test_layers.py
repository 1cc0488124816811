"""The runtime apps never import demo code: ``demo/`` builds on them, never the other way."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
RUNTIME_APPS = ("portal", "recruitment", "careers", "feedback")
DEMO_ONLY = ("demo", "bench")


def imported_modules(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def is_demo(module: str) -> bool:
    return any(module == name or module.startswith(f"{name}.") for name in DEMO_ONLY)


def test_no_runtime_module_imports_demo_code():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {module}"
        for app in RUNTIME_APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        for line, module in imported_modules(ast.parse(path.read_text(), str(path)))
        if is_demo(module)
    ]
    assert offenders == []


def test_demo_code_lives_only_in_demo():
    """No demo or scale module left behind in a runtime app (they moved to ``demo/``)."""
    left = [
        str(path.relative_to(ROOT))
        for app in RUNTIME_APPS
        for path in (ROOT / app).rglob("*.py")
        if path.stem.startswith("demo") or path.stem in {"scale", "seed_demo", "seed_scale"}
    ]
    assert left == []


def test_the_check_sees_an_import_of_demo():
    source = "from demo import scale\nimport demo.credentials\nfrom demography import x\n"
    found = [module for _line, module in imported_modules(ast.parse(source)) if is_demo(module)]
    assert found == ["demo", "demo.credentials"]
