"""The import rules of docs/architecture.md ("Who may import whom"), checked against the code.

Every `import` and `from … import` of the project's own packages, at any depth of a module, is
read with `ast` and held against the table in the docs, so the picture cannot drift from the code.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OWN_PACKAGES = ("contracts", "resources", "assets", "pipelines")
ARCHITECTURE = ROOT / "docs" / "architecture.md"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _own_imports(path: Path) -> set[str]:
    """Modules of ours that a file imports, as dotted names."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return {name for name in found if name.split(".")[0] in OWN_PACKAGES}


def _home(module: str) -> str:
    """The room a module lives in: `assets.<stage>` for a stage, else the module itself for the
    top-level modules of assets/, else its top-level package."""
    parts = module.split(".")
    if parts[0] == "assets" and len(parts) > 1:
        return ".".join(parts[:2])
    return parts[0]


def _rules() -> dict[str, set[str]]:
    """Room -> rooms it may import, from the docs' table (`contracts`, `assets.<stage>`, …).
    A row naming `assets.<stage>` stands for every stage; each may import itself."""
    section = ARCHITECTURE.read_text(encoding="utf-8").split("## Who may import whom", 1)[1]
    rules: dict[str, set[str]] = {}
    for line in section.split("\n## ", 1)[0].splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        for room in re.findall(r"`([\w.<>]+)`", cells[0]):
            rules[room] = set(re.findall(r"`([\w.<>*]+)`", cells[1]))
    return rules


def _allowed(rules: dict[str, set[str]], importer: str, imported: str) -> bool:
    if importer == imported:
        return True
    is_stage = importer.startswith("assets.") and (ROOT / Path(*importer.split("."))).is_dir()
    allowed = rules.get("assets.<stage>" if is_stage else importer)
    if allowed is None:
        pytest.fail(f"docs/architecture.md has no import rule for {importer}")
    return "*" in allowed or imported in allowed


def _source_files() -> list[Path]:
    return sorted(
        path
        for package in OWN_PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "__pycache__" not in path.parts
    )


def test_the_docs_state_a_rule_for_contracts_resources_and_stages():
    rules = _rules()
    assert rules["contracts"] == set(), "contracts imports nothing of the project"
    assert rules["resources"] == {"contracts"}
    assert "assets.<stage>" in rules


def test_every_import_follows_the_rules_in_the_docs():
    rules = _rules()
    broken = sorted(
        f"{path.relative_to(ROOT)} imports {imported}"
        for path in _source_files()
        for imported in _own_imports(path)
        if not _allowed(rules, _home(_module_name(path)), _home(imported))
    )
    assert not broken, "imports that break docs/architecture.md:\n" + "\n".join(broken)


def test_no_stage_imports_another_stage():
    stages = {p.name for p in (ROOT / "assets").iterdir() if (p / "__init__.py").exists()}
    crossings = sorted(
        f"{path.relative_to(ROOT)} imports {imported}"
        for stage in stages
        for path in (ROOT / "assets" / stage).rglob("*.py")
        for imported in _own_imports(path)
        if _home(imported).startswith("assets.")
        and _home(imported).split(".")[1] in stages - {stage}
    )
    assert not crossings, "\n".join(crossings)
