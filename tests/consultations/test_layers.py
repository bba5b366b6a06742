"""Dependencies inside consultations point one way (decision 0019): blocks ← models ← tallies ←
services ← the public views, and tallies ← the staff workspace. Every import counts, including
ones inside functions, so a circle cannot hide behind a lazy import."""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "consultations"

PUBLIC_VIEWS = ("consultations.views", "consultations.listing", "consultations.survey_state")
RULES = {
    # module prefix: modules it must never import
    "consultations.blocks": (
        "consultations.models",
        "consultations.tallies",
        "consultations.services",
        "consultations.feedback",
        "consultations.forms",
        *PUBLIC_VIEWS,
    ),
    "consultations.models": (
        "consultations.tallies",
        "consultations.services",
        "consultations.feedback",
        "consultations.forms",
        *PUBLIC_VIEWS,
    ),
    "consultations.tallies": (
        "consultations.services",
        "consultations.feedback",
        "consultations.forms",
        *PUBLIC_VIEWS,
    ),
    "consultations.services": ("consultations.feedback", "consultations.forms", *PUBLIC_VIEWS),
    "consultations.forms": ("consultations.feedback", "consultations.services", *PUBLIC_VIEWS),
    **dict.fromkeys(PUBLIC_VIEWS, ("consultations.feedback",)),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(APP.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(path: Path, name: str | None = None) -> set[str]:
    """Every module this file imports, relative imports resolved, at any depth."""
    name = name or module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def covered(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


SOURCES = sorted(p for p in APP.rglob("*.py") if "migrations" not in p.parts)


def test_the_rules_cover_real_modules():
    names = {module_name(path) for path in SOURCES}
    for prefix in RULES:
        assert any(covered(name, prefix) for name in names), prefix


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: module_name(path))
def test_imports_point_one_way(path):
    name = module_name(path)
    forbidden = [
        banned
        for prefix, bans in RULES.items()
        if covered(name, prefix)
        for banned in bans
        if not covered(name, banned)
    ]
    wrong = sorted(
        target for target in imported(path) if any(covered(target, banned) for banned in forbidden)
    )
    assert not wrong, f"{name} imports {wrong} (decision 0019)"


def test_the_check_sees_imports_inside_functions_and_relative_ones(tmp_path):
    nested = tmp_path / "fake.py"
    nested.write_text(
        "def route():\n    from consultations import views\n"
        "def other():\n    from ..feedback.queries import free_text_answers\n"
    )
    found = imported(nested, "consultations.models.fake")
    assert "consultations.views" in found
    assert "consultations.feedback.queries" in found
