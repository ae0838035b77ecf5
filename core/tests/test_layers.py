"""Imports run one way: each app imports only the layers below it, never one beside or
above it, and never from inside a function to dodge a cycle.

    core, outbox, history → territories → directory → funding, peers, library → agenda
    → accounts, orientation → support → projects → observatory, spaces, opendata, guide → api

An app's URL configuration (`<app>/urls.py`) follows the same rule: it mounts its own views
(pages that belong to several apps live in the highest, e.g. `spaces`); only `config` wires
the apps together. Since no app imports one beside or above it, no two apps import each
other: there is no cycle. Tests and migrations are not looked at."""

import ast
from pathlib import Path

from django.conf import settings

LAYERS = [
    {"core", "outbox", "history"},
    {"territories"},
    {"directory"},
    {"funding", "peers", "library"},
    {"agenda"},
    {"accounts", "orientation"},
    {"support"},
    {"projects"},
    {"observatory", "spaces", "opendata", "guide"},
    {"api"},
]
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}


def app_modules(apps=LEVEL):
    """(app, path) of every module of these apps, tests and migrations aside."""
    root = Path(settings.BASE_DIR)
    for app in apps:
        for path in sorted((root / app).rglob("*.py")):
            parts = path.relative_to(root).parts
            if "tests" not in parts and "migrations" not in parts:
                yield app, path


def project_imports():
    """(app, path, line, imported app, inside a function?) for every import of a project app
    by another app's module."""
    root = Path(settings.BASE_DIR)
    for app, path in app_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nested = {
            id(node)
            for function in ast.walk(tree)
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
            for node in ast.walk(function)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                target = module.split(".")[0]
                if target in LEVEL and target != app:
                    yield app, path.relative_to(root), node.lineno, target, id(node) in nested


def test_every_import_runs_down_the_layers():
    wrong = [
        f"{path}:{line} : {app} importe {target}"
        for app, path, line, target, _ in project_imports()
        if LEVEL[target] >= LEVEL[app]
    ]
    assert not wrong, "\n".join(wrong)


def test_no_import_of_another_app_hides_in_a_function():
    hidden = [
        f"{path}:{line} : {target}" for _, path, line, target, nested in project_imports() if nested
    ]
    assert not hidden, "\n".join(hidden)


def test_the_layers_name_every_app_of_the_project():
    local = {app.split(".")[0] for app in settings.INSTALLED_APPS if "." not in app}
    assert local == set(LEVEL)


def test_no_app_reads_an_upper_app_through_a_reverse_relation():
    """`structure.memberships` in the directory reads the accounts without an import: the
    import test cannot see it, this one does (accessors and query names of the relations an
    upper app's models hold to a lower app's models)."""
    import re

    from django.apps import apps

    root = Path(settings.BASE_DIR)
    wrong = []
    for model in apps.get_models():
        app = model._meta.app_label
        if app not in LEVEL:
            continue
        for relation in model._meta.related_objects:
            upper = relation.related_model._meta.app_label
            if upper not in LEVEL or LEVEL[upper] <= LEVEL[app]:
                continue
            names = {relation.get_accessor_name(), relation.field.related_query_name()} - {
                None,
                "+",
            }
            pattern = re.compile(
                "|".join(rf"\.{name}\b|(?<![\w]){name}__" for name in sorted(names))
            )
            for _, path in app_modules([app]):
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                    if pattern.search(line):
                        wrong.append(
                            f"{path.relative_to(root)}:{number} : {upper} ({line.strip()})"
                        )
    assert not wrong, "\n".join(wrong)
