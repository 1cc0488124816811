"""Issue 8, build 5: the dashboards are built on each app's selectors – no query on another
app's models in the dashboard package."""

import ast
from pathlib import Path

import portal.dashboard

PACKAGE = Path(portal.dashboard.__file__).parent
APPS = ("recruitment", "careers", "feedback")


def _modules():
    return sorted(PACKAGE.glob("*.py"))


def _model_names(tree: ast.Module) -> dict[str, str]:
    """Names imported from another app's models module, with where they came from."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            app = node.module.split(".")[0]
            if app in APPS and node.module.endswith("models"):
                names.update({(a.asname or a.name): node.module for a in node.names})
    return names


def test_no_query_on_another_apps_models():
    checked = 0
    for path in _modules():
        tree = ast.parse(path.read_text(), filename=str(path))
        models = _model_names(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("objects", "_default_manager", "_base_manager")
                and isinstance(node.value, ast.Name)
            ):
                assert node.value.id not in models, f"{path.name}: {node.value.id}.{node.attr}"
                assert node.value.id == "Organisation", f"{path.name}: {node.value.id}"
        checked += 1
    assert checked >= 6


def test_figures_come_from_each_apps_selectors():
    tree = ast.parse((PACKAGE / "data.py").read_text())
    selector_modules = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and any(alias.name == "selectors" for alias in node.names)
    }
    assert selector_modules == {"recruitment", "recruitment.hiring", "careers", "feedback"}
