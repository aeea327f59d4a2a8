"""The core stays Qt-free; commands run without importing Qt."""

from __future__ import annotations

import ast
import os
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


def _core_modules() -> dict[str, Path]:
    """Module name → file of every module of the core (migrations are scripts Alembic loads, not modules)."""
    found = {}
    for path in (ROOT / "bakti_desktop").rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if "migrations" not in parts:
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _core_imports(path: Path, modules: dict[str, Path], top_level_only: bool) -> set[str]:
    """The core modules ``path`` imports: ``from a import b`` names module ``a.b`` when there is one."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                found.add(name if name in modules else node.module)
    return found & set(modules)


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """A cycle of ``graph`` as the list of its modules, or [] when it has none."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_no_import_cycle_in_the_core() -> None:
    """The modules of ``bakti_desktop/`` import one another (at module level) without a cycle."""
    modules = _core_modules()
    graph = {name: _core_imports(path, modules, top_level_only=True) - {name} for name, path in modules.items()}
    assert "bakti_desktop.workspaces" in graph["bakti_desktop.models"]  # it sees the imports
    assert _cycle(graph) == []
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]  # and would report one


def test_storage_and_the_models_do_not_depend_on_sync_or_spreadsheets() -> None:
    """Not even inside a function: the tables load without the laptop sync (which used to define one of them)."""
    modules = _core_modules()
    offenders = {name: sorted(target for target in _core_imports(path, modules, top_level_only=False)
                              if target.startswith(("bakti_desktop.sync", "bakti_desktop.spreadsheets")))
                 for name, path in modules.items()
                 if name.startswith("bakti_desktop.storage") or name == "bakti_desktop.models"}
    assert {name: found for name, found in offenders.items() if found} == {}


def _main_py(*args: str, data: Path) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """``python main.py ARGS`` as a process: its result and the modules it imported (``-X importtime``)."""
    env = {**os.environ, "BAKTI_DATA_DIR": str(data)}
    result = subprocess.run([sys.executable, "-X", "importtime", "main.py", *args], cwd=ROOT, capture_output=True,
                            text=True, env=env, timeout=120)
    modules = {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    return result, modules - {"imported package"}


def test_main_py_runs_a_command_as_a_process(tmp_path: Path) -> None:
    """The one command started as a process (the others run in-process): exit codes, and what it loads.

    A command on an existing, current database loads neither Qt nor Alembic (the revision is read with
    plain SQL) nor the models or services of other workspaces: of those, only their declarations in the
    registry and their command tables (bakti_desktop/workspaces.py, ``<name>/workspace.py``, ``<name>/commands.py``).
    """
    from bakti_desktop.storage.database import open_database

    target = tmp_path / "bakti.sqlite"
    open_database(target).close()
    done, modules = _main_py("--db", str(target), "summary", "--year", "1999", data=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1999"
    assert "bakti_desktop.mapping.models" in modules  # the probe sees the imports
    assert not {m for m in modules if m.split(".")[0] in ("PySide6", "shiboken6", "alembic")}
    others = {m for m in modules if m.startswith(("bakti_desktop.pksai", "bakti_desktop.sss", "bakti_desktop.twinning"))}
    assert others and not {m for m in others if m.count(".") != 1 and not m.endswith((".workspace", ".commands"))}
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not a database")
    failed, _modules = _main_py("--db", str(bad), "summary", data=tmp_path)
    assert failed.returncode == 1
    lines = [line for line in failed.stderr.splitlines() if not line.startswith("import time:")]
    assert len(lines) == 1 and "Traceback" not in failed.stderr, failed.stderr


def test_window_starts_without_the_heavy_libraries(tmp_path: Path) -> None:
    """The first window needs neither pandas, ReportLab, openpyxl nor python-docx (they load on use)."""
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM']='offscreen'; os.environ['BAKTI_DATA_DIR']=sys.argv[1];"
        "from PySide6.QtWidgets import QApplication; app = QApplication([]);"
        "from bakti_desktop.storage.database import open_database;"
        "from ui.main_window import MainWindow; w = MainWindow(open_database(sys.argv[1] + '/x.sqlite')); w.show();"
        "app.processEvents();"
        "heavy = [m for m in ('pandas', 'reportlab', 'openpyxl', 'docx', 'markdown_it') if m in sys.modules];"
        "print('heavy', heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "heavy []" in result.stdout, result.stdout


def test_the_window_is_painted_before_the_database_layer_loads(tmp_path: Path) -> None:
    """Start-up paints a tab per workspace first; SQLAlchemy, the models and the regions load afterwards."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BAKTI_DATA_DIR": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "BAKTI_STARTUP_PROBE": "1"}
    code = (
        "import sys, ui.app as app_module\n"
        "from PySide6.QtCore import QSettings, QCoreApplication\n"
        "QCoreApplication.setOrganizationName('BaKTI'); QCoreApplication.setApplicationName('bakti-desktop')\n"
        "QSettings().setValue('firstRun/done', True)  # not the first run: no dialog (ui.first_run.DONE_KEY)\n"
        "QSettings().setValue('user/name', 'Uji')  # nor the one-time question for the user's name (ui.app.USER_KEY)\n"
        "original = app_module.report_first_paint\n"
        "def probe(app, window):\n"
        "    original(app, window)\n"
        "    from PySide6.QtCore import QObject, QEvent\n"
        "    class Check(QObject):\n"
        "        def eventFilter(self, watched, event):\n"
        "            if event.type() == QEvent.Type.Paint:\n"
        "                print('core', 'sqlalchemy' in sys.modules, 'lokal' in sys.modules, window.tabs.count(), flush=True)\n"
        "                app.removeEventFilter(self)\n"
        "            return False\n"
        "    app._check = Check(); app.installEventFilter(app._check)\n"
        "app_module.report_first_paint = probe\n"
        "sys.exit(app_module.run_gui())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env,
                            timeout=120)
    lines = result.stdout.split("\n")
    from bakti_desktop.workspaces import WORKSPACES

    assert f"core False False {len(WORKSPACES)}" in lines, result.stdout + result.stderr
    assert any(line.startswith("ready ") for line in lines)  # and then the database was opened and shown


def _storage_access(path: Path) -> list[str]:
    """Where a file reaches the database itself: imports SQLAlchemy, opens a session, touches the engine."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [f"{node.lineno}: import {a.name}" for a in node.names if a.name.split(".")[0] == "sqlalchemy"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "sqlalchemy":
            found.append(f"{node.lineno}: from {node.module} import")
        elif isinstance(node, ast.Attribute) and node.attr in ("engine", "sessions", "session"):
            found.append(f"{node.lineno}: .{node.attr}")  # db.session(), db.engine.connect(), db.sessions()
    return sorted(found, key=lambda line: int(line.split(":")[0]))


def test_the_check_for_storage_access_finds_each_kind(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import sqlalchemy.orm\nfrom sqlalchemy import select\nwith db.session() as s:\n    pass\n"
                      "db.engine.connect()\nmaker = db.sessions\nsession.get(X, 1)\ndb.session\n", encoding="utf-8")
    assert [line.split(":")[0] for line in _storage_access(sample)] == ["1", "2", "3", "5", "6", "8"]


def test_the_interface_uses_core_use_cases_never_the_database() -> None:
    """``ui/`` never opens a session, touches the engine or imports SQLAlchemy: queries and writes are the core's
    use cases (``bakti_desktop/<workspace>/service.py``), each save one transaction with its version check."""
    offenders = {str(path.relative_to(ROOT)): found for path in sorted((ROOT / "ui").rglob("*.py"))
                 if (found := _storage_access(path))}
    assert offenders == {}
