"""Every environment variable the code reads is in a table of docs/configuration.md, and
every variable there is still read: the documentation cannot drift from the code."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIPPED = {".venv", "node_modules", ".cache", "migrations", "staticfiles"}
READERS = {"env_bool", "env_list", "getenv"}  # config/settings.py's helpers, os.getenv


def read_variables() -> dict[str, set[str]]:
    """Variable → the files that read it (`os.environ.get`, `os.environ[…]`, the settings'
    helpers); `setdefault` gives a default, it is not a setting."""
    found: dict[str, set[str]] = {}
    for path in ROOT.rglob("*.py"):
        if SKIPPED & set(path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = _read(node)
            if name:
                found.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return found


def _read(node) -> str | None:
    if isinstance(node, ast.Subscript) and _is_environ(node.value):
        return node.slice.value if isinstance(node.slice, ast.Constant) else None
    if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
        return None
    function = node.func
    if (
        isinstance(function, ast.Attribute)
        and function.attr == "get"
        and _is_environ(function.value)
    ):
        return node.args[0].value
    if isinstance(function, ast.Name | ast.Attribute):
        name = function.id if isinstance(function, ast.Name) else function.attr
        return node.args[0].value if name in READERS else None
    return None


def _is_environ(node) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ"


def documented_variables() -> set[str]:
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    return {
        name
        for line in text.splitlines()
        if line.startswith("| `")
        for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1])
    }


def test_every_variable_read_is_documented_and_every_documented_one_is_read():
    read, documented = read_variables(), documented_variables()
    assert "SECRET_KEY" in read and "DEBUG" in read  # the reader finds the settings' ones
    missing = {name: sorted(files) for name, files in read.items() if name not in documented}
    assert not missing, f"à documenter dans docs/configuration.md : {missing}"
    assert documented <= set(read), f"documentées mais jamais lues : {documented - set(read)}"
