"""Dependencies point inward: the domain imports nothing from the outer layers."""

from __future__ import annotations

import ast
from pathlib import Path

import hamcoach

SRC = Path(hamcoach.__file__).parent
FORBIDDEN = (
    "sqlalchemy",
    "typer",
    "rich",
    "pydantic",
    "yaml",
    "alembic",
    "hamcoach.cli",
    "hamcoach.storage",
    "hamcoach.services",
    "hamcoach.catalog",
    "hamcoach.exports",
)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_domain_is_pure() -> None:
    files = sorted((SRC / "domain").glob("*.py"))
    assert files
    for path in files:
        for name in imported_modules(path):
            assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"


def test_cli_start_path_does_not_import_heavy_modules() -> None:
    import subprocess
    import sys

    code = (
        "import sys, hamcoach.cli.app;"
        "heavy=[m for m in ('pydantic','yaml','sqlalchemy','matplotlib') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
