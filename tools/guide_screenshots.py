"""Take the screenshots of the in-program guide (resources/guide/*.png) from the demo data.

    DISPLAY=:9 python tools/guide_screenshots.py      # under Xvfb, or QT_QPA_PLATFORM=offscreen
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BAKTI_DATA_DIR", tempfile.mkdtemp())

from PySide6.QtCore import Qt  # noqa: E402

from ui.app import make_app  # noqa: E402


def main() -> None:
    app = make_app()
    from bakti_desktop.demo import load_demo
    from bakti_desktop.storage.database import open_database
    from ui import i18n
    from ui.main_window import MainWindow

    i18n.install("id")
    db = open_database(Path(os.environ["BAKTI_DATA_DIR"]) / "panduan.sqlite")
    load_demo(db)
    window = MainWindow(db)
    window.resize(1280, 800)
    window.show()
    out = ROOT / "resources" / "guide"

    def snap(name: str) -> None:
        for _ in range(15):
            app.processEvents()
            time.sleep(0.02)
        image = window.grab().toImage().scaledToWidth(1000, Qt.TransformationMode.SmoothTransformation)
        image.save(str(out / f"{name}.png"), "PNG", 80)

    window.tabs.setCurrentIndex(0)
    snap("pemetaan")
    window.mapping.inner.setCurrentIndex(1)
    window.mapping.dashboard.kabupaten.set_code("73.08")
    snap("dasbor")
    window.tabs.setCurrentIndex(1)
    window.sss.tree.setCurrentItem(window.sss.tree.topLevelItem(2).child(0))
    snap("sss")
    window.tabs.setCurrentIndex(2)
    window.twinning.tree.setCurrentItem(window.twinning.tree.topLevelItem(1).child(0).child(0))
    snap("rktl")
    window.tabs.setCurrentIndex(3)
    window.pksai.editor.tabs.setCurrentIndex(1)
    snap("pksai")
    window.close()


if __name__ == "__main__":
    main()
