"""The apps are layered (DESIGN.md): an app imports only from apps below it, and none imports the project.

Inside the warehouse app the packages are layered too: booking and stock stand side by side and
know nothing of each other or of intake; intake (offers, drop-off, co-use) may use both. association (an
association's own page and its people) uses intake's accounts and links only.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["partners", "crises", "donations", "warehouse"]  # lowest first
PROJECT = "dortmund_hilft"


WAREHOUSE_PACKAGES = {
    "booking": {"stock", "intake", "association"}, "stock": {"booking", "intake", "association"},
    "intake": {"association"}, "association": {"booking", "stock"},
}


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, node.lineno
            for alias in node.names:  # "from warehouse import stock" names a package too
                yield f"{node.module}.{alias.name}", node.lineno


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


@pytest.mark.parametrize("package", sorted(WAREHOUSE_PACKAGES))
def test_warehouse_packages_import_only_what_their_layer_allows(package):
    forbidden = {f"warehouse.{other}" for other in WAREHOUSE_PACKAGES[package]}
    offences = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in sorted((ROOT / "warehouse" / package).rglob("*.py"))
        for module, line in imported_modules(path)
        if any(module == name or module.startswith(name + ".") for name in forbidden)
    ]
    assert offences == []


def test_the_warehouse_is_split_into_its_three_packages():
    loose = sorted(p.name for p in (ROOT / "warehouse").glob("*.py"))
    assert loose == ["__init__.py", "access.py", "admin.py", "apps.py", "mail.py",
                     "models.py", "urls.py"]
