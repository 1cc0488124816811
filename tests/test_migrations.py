"""Migrations are history: they carry their own data and never run the live code.

A data migration that imports the live defaults would seed whatever the defaults say on the
day it runs, so a database migrated next year would differ from one migrated today. The
only project references allowed are the ones Django's migration writer produces for a
field's callable (``default``, ``upload_to``, ``validators``) or a model's manager, at
module level; the seed rows of a fresh migrate are pinned by a digest of today's texts.
"""

import ast
import hashlib
import importlib
import json
from pathlib import Path

from django.apps import apps
from django.conf import settings

from careers.models import CareerStage
from feedback.models import SurveyTemplate

ROOT = Path(settings.BASE_DIR)
PROJECT_APPS = ("portal", "recruitment", "careers", "feedback", "demo")
WRITER_REFERENCES = {"default", "upload_to", "validators", "managers"}


def is_project(module: str) -> bool:
    return module.split(".")[0] in PROJECT_APPS


def migration_files() -> list[Path]:
    return sorted(
        path
        for app in PROJECT_APPS
        for path in (ROOT / app).glob("migrations/*.py")
        if path.name != "__init__.py"
    )


def project_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = ["." if node.level else node.module or ""]
        else:
            continue
        if any(name == "." or is_project(name) for name in names):
            found.append(node)
    return found


def project_references(tree: ast.Module) -> list[tuple[ast.Attribute, str | None]]:
    """Each use of a project module (``portal.models.x``) with the keyword it is passed as
    (None when it is used anywhere else)."""
    found: list[tuple[ast.Attribute, str | None]] = []

    def visit(node: ast.AST, keyword: str | None) -> None:
        if isinstance(node, ast.Attribute):
            root = node
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id in PROJECT_APPS:
                found.append((node, keyword))
                return
        if isinstance(node, ast.keyword):
            keyword = node.arg
        for child in ast.iter_child_nodes(node):
            visit(child, keyword)

    visit(tree, None)
    return found


def test_migrations_import_project_code_only_for_writer_references():
    offenders = []
    for path in migration_files():
        tree = ast.parse(path.read_text(), str(path))
        name = path.relative_to(ROOT)
        module_level = {id(node) for node in tree.body}
        for node in project_imports(tree):
            if id(node) not in module_level:
                offenders.append(f"{name}:{node.lineno}: a project import inside a function")
            elif isinstance(node, ast.ImportFrom):
                offenders.append(f"{name}:{node.lineno}: from-import of project code")
        for node, keyword in project_references(tree):
            if keyword not in WRITER_REFERENCES:
                offenders.append(f"{name}:{node.lineno}: {ast.unparse(node)} used as {keyword}")
    assert offenders == []


def test_the_check_finds_an_import_inside_run_python_code():
    tree = ast.parse(
        "import portal.models\n"
        "def seed(apps, schema_editor):\n"
        "    from careers.defaults import DEFAULT_STAGES\n"
        "    portal.models.new_session_token()\n"
    )
    outer, inner = sorted(project_imports(tree), key=lambda node: node.lineno)
    assert outer in tree.body
    assert (inner.lineno, inner in tree.body) == (3, False)
    assert [keyword for _node, keyword in project_references(tree)] == [None]


def digest(rows: object) -> str:
    text = json.dumps(rows, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def migrate_again(app_label: str, name: str) -> None:
    migration = importlib.import_module(f"{app_label}.migrations.{name}")
    migration.seed(apps, None)


STAGE_FIELDS = [
    "key",
    "order",
    "title_nb",
    "title_en",
    "summary_nb",
    "summary_en",
    "what_nb",
    "what_en",
    "who_nb",
    "who_en",
    "rounds_nb",
    "rounds_en",
    "offers_nb",
    "offers_en",
]


def test_a_fresh_migrate_seeds_the_career_stages_of_the_day_it_was_written():
    CareerStage.objects.all().delete()
    migrate_again("careers", "0002_seed_career_stages")
    rows = list(CareerStage.objects.order_by("order").values(*STAGE_FIELDS))
    assert [row["key"] for row in rows] == [
        "summer_job",
        "observership",
        "lis0",
        "lis1",
        "lis2_3",
        "alis",
        "consultant",
    ]
    assert digest(rows) == "e2f503cff31d249e4acbda20cf2266b0ae847d69fcd064d3bb7c3fc86845140a"


def survey_rows() -> list[dict[str, object]]:
    rows = []
    for template in SurveyTemplate.objects.order_by("slug"):
        versions = []
        for version in template.versions.order_by("number"):
            questions = []
            for question in version.questions.order_by("position"):
                fields = ["position", "key", "theme", "kind", "text_nb", "text_en"]
                fields += ["low_label_nb", "low_label_en", "high_label_nb", "high_label_en"]
                row = {field: getattr(question, field) for field in fields}
                row["choices"] = list(
                    question.choices.order_by("position").values(
                        "position", "key", "text_nb", "text_en"
                    )
                )
                questions.append(row)
            versions.append(
                {
                    "number": version.number,
                    "intro_nb": version.intro_nb,
                    "intro_en": version.intro_en,
                    "questions": questions,
                }
            )
        rows.append(
            {
                "slug": template.slug,
                "kind": template.kind,
                "name_nb": template.name_nb,
                "name_en": template.name_en,
                "versions": versions,
            }
        )
    return rows


def test_a_fresh_migrate_seeds_the_surveys_of_the_day_it_was_written():
    SurveyTemplate.objects.all().delete()
    migrate_again("feedback", "0002_seed_default_surveys")
    rows = survey_rows()
    assert len(rows) == 5
    assert all(len(t["versions"]) == 1 and t["versions"][0]["questions"] for t in rows)
    assert digest(rows) == "2c5a12a29723f43a6b864b561ea4af86034283f9c88452a35b648a9d88b5d728"
