"""The apps are layered (DESIGN.md): an app imports only from apps below it, and none imports the project."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["partners", "crises", "donations", "warehouse"]  # lowest first
PROJECT = "dortmund_hilft"


def imported_top_level_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0], node.lineno


def forbidden_for(app):
    above = LAYERS[LAYERS.index(app) + 1 :]
    return set(above) | {PROJECT}


@pytest.mark.parametrize("app", LAYERS)
def test_app_imports_only_from_layers_below(app):
    forbidden = forbidden_for(app)
    offences = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for module, line in imported_top_level_modules(path)
        if module in forbidden
    ]
    assert offences == []


def test_the_rule_would_catch_an_upward_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from warehouse.models import Booking\nimport dortmund_hilft.settings\n")
    modules = {module for module, _ in imported_top_level_modules(bad)}
    assert modules & forbidden_for("donations") == {"warehouse", "dortmund_hilft"}
