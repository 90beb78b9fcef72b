"""Dependencies point one way (docs/architecture.md): the foundation imports no app, and no section
app imports another section app except the data it declares it shows."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECTION_APPS = {"content", "organization", "procedures", "schedules", "ktxh_sync", "dispatches", "participation"}
# What a layer may import beyond the foundation (portal) and tenancy (agencies).
ALLOWED = {"schedules": {"organization"}}


IMPORT_LINE = re.compile(r"^\s*(?:from\s+(?P<from>[A-Za-z_][\w.]*)\s+import\b|import\s+(?P<modules>[\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*)\s*$)")


def imported_apps(package: str) -> dict[str, set[str]]:
    """{module path: top-level project packages it imports} for every non-migration module."""
    found = {}
    for path in (ROOT / package).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        # Read as text, not with ast: CPython 3.11's ast.parse can fail with "AST constructor
        # recursion depth mismatch" after another test has hit the recursion limit.
        names = set()
        for line in path.read_text(encoding="utf-8").splitlines():
            if match := IMPORT_LINE.match(line):
                modules = [match["from"]] if match["from"] else match["modules"].split(",")
                names |= {module.strip().split(" ")[0].split(".")[0] for module in modules}
        found[str(path.relative_to(ROOT))] = names
    return found


def test_the_foundation_imports_no_app():
    apps = SECTION_APPS | {"agencies", "compliance", "config"}
    offenders = {module: names & apps for module, names in imported_apps("portal").items() if names & apps}
    assert offenders == {}


def test_tenancy_imports_no_section_app():
    apps = SECTION_APPS | {"compliance", "config"}
    offenders = {module: names & apps for module, names in imported_apps("agencies").items() if names & apps}
    assert offenders == {}


@pytest.mark.parametrize("app", sorted(a for a in SECTION_APPS if (ROOT / a).is_dir()))
def test_a_section_app_imports_no_other_section_app(app):
    forbidden = SECTION_APPS - {app} - ALLOWED.get(app, set()) | {"compliance", "config"}
    offenders = {module: names & forbidden for module, names in imported_apps(app).items() if names & forbidden}
    assert offenders == {}
