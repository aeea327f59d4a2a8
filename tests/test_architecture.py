"""The core stays Qt-free; commands run without importing Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_never_imports_qt_or_ui() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "bakti_desktop").rglob("*.py")
        if _imports(path) & {"PySide6", "ui", "shiboken6"}
    ]
    assert offenders == []


def test_cli_command_does_not_load_qt(tmp_path: Path) -> None:
    code = (
        "import sys, runpy; sys.argv=['main.py','--db',sys.argv[1],'summary','--json'];"
        "import main; rc = main.main(); assert 'PySide6' not in sys.modules, 'Qt loaded'; print('ok', rc)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "x.sqlite")], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "ok 0" in result.stdout
