"""Functions stay short enough to read at once: none of the application's is over 60 lines
(tests, migrations and the benchmark aside), one function per table, panel or step."""

import ast
from pathlib import Path

from django.conf import settings

from .test_layers import app_modules

LONGEST = 60


def test_no_application_function_is_over_sixty_lines():
    root = Path(settings.BASE_DIR)
    too_long = []
    for _, path in app_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > LONGEST:
                    too_long.append(f"{path.relative_to(root)}:{node.lineno} {node.name} ({lines})")
    assert not too_long, too_long
