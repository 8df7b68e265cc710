"""Data flows one way: what one document says (annotate) never reads the corpus stage."""

from __future__ import annotations

import ast
from pathlib import Path

import communique.annotate

LATER_STAGES = ("communique.analyse", "communique.brief", "communique.web", "communique.cli")


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_no_annotate_module_imports_a_later_stage() -> None:
    package = Path(communique.annotate.__file__).parent
    modules = sorted(package.glob("*.py"))
    assert len(modules) > 20  # the scan saw the package, not an empty folder
    crossing = [
        f"{path.name} imports {name}"
        for path in modules
        for name in _imports(path)
        if name.startswith(LATER_STAGES)
    ]
    assert crossing == []
