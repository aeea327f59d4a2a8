"""Fits a 1366×768 office laptop: every page, panel and dialog within 1366×728 (the screen less the task bar).

For each page of the four workspaces and each of their sub-tabs, the window's minimum size with that
page current must fit, and no form panel inside a scroll area, table, list or text pane may need a
horizontal scroll bar at that size (a table too wide for the laptop is read by scrolling sideways and
back for every row: its columns must be grouped, shortened or elided with a tooltip instead). Each dialog that can be built on
its own opens no larger than the screen and can be made that small. All misfits are reported together,
by page.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QScrollArea, QWidget

from tests.ui.walk import place, select_first_rows, walk_views

WIDTH, HEIGHT = 1366, 728


def effective_minimum(widget: QWidget) -> QSize:
    """What the layout will not shrink ``widget`` below: minimumSize where set, else minimumSizeHint."""
    hint = widget.minimumSizeHint()
    return QSize(widget.minimumWidth() or max(hint.width(), 0), widget.minimumHeight() or max(hint.height(), 0))


def _misfits(window, label: str) -> list[str]:  # type: ignore[no-untyped-def]
    found = []
    minimum = effective_minimum(window)
    if minimum.width() > WIDTH or minimum.height() > HEIGHT:
        found.append(f"{label}: the window needs at least {minimum.width()}×{minimum.height()}")
    for area in window.findChildren(QScrollArea):
        if not area.isVisible() or area.widget() is None \
                or area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
            continue
        bar = area.horizontalScrollBar()
        if bar.maximum() > 0:
            found.append(f"{label}: {place(area, window) or type(area).__name__} scrolls sideways by {bar.maximum()} px "
                         f"(its content needs {area.widget().minimumSizeHint().width()} px, "
                         f"{area.viewport().width()} px shown)")
    for view in window.findChildren(QAbstractScrollArea):  # tables, lists, trees, text panes, previews
        if isinstance(view, QScrollArea) or not view.isVisible() \
                or view.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
            continue
        bar = view.horizontalScrollBar()
        if bar.maximum() > 0:
            found.append(f"{label}: {place(view, window) or type(view).__name__} ({type(view).__name__}) "
                         f"scrolls sideways by {bar.maximum()} px")
    return found


def test_every_page_fits_the_laptop_screen(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.demo import load_demo
    from ui.main_window import MainWindow

    load_demo(db)  # real texts and rows: the widths people see
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.show()
    qtbot.waitExposed(window)
    window.resize(WIDTH, HEIGHT)
    found: list[str] = []
    views: list[str] = []

    def look(label: str, page: QWidget) -> None:
        views.append(label)
        select_first_rows(page)  # as in use: a survey, section, RKTL item or meeting is open
        window.resize(WIDTH, HEIGHT)
        for _ in range(3):
            QApplication.processEvents()
        for misfit in _misfits(window, label):  # each once, under the first view that shows it
            if not any(f.split(": ", 1)[1] == misfit.split(": ", 1)[1] for f in found):
                found.append(misfit)

    walk_views(window, look)
    assert len(views) >= 12, views  # the four pages and their sub-tabs were reached
    assert not found, "\n" + "\n".join(found)


def _dialogs(db, tmp_path):  # type: ignore[no-untyped-def]
    """(name, build) for each dialog that can be built on its own."""
    from bakti_desktop.sync.package import export_package, import_package
    from bakti_desktop.mapping.models import School
    from ui.first_run import FirstRunDialog, UserNameDialog
    from ui.help_dialog import GuideDialog
    from ui.mapping.page import HistoryDialog
    from ui.package_dialog import ReceiveDialog, SendDialog
    from ui.settings_dialog import SettingsDialog
    from ui.trash_dialog import TrashDialog
    from ui.widgets.audit_table import AuditDialog

    package = tmp_path / "paket.bakti"
    export_package(db, package)
    preview = import_package(db, package, dry_run=True)
    yield "Settings", lambda: SettingsDialog(db)
    yield "Trash", lambda: TrashDialog(db)
    yield "Send a package", lambda: SendDialog()
    yield "Receive a package", lambda: ReceiveDialog(package, preview)
    yield "First run", lambda: FirstRunDialog(db)
    yield "Your name", lambda: UserNameDialog()
    yield "Guide", lambda: GuideDialog()
    with db.session() as session:
        school = session.query(School).first()
        school_row = {"school_id": school.id, "nama_sekolah": school.nama_sekolah, "npsn": school.npsn}
    yield "Survey history", lambda: HistoryDialog(db, school_row)
    yield "Change history", lambda: AuditDialog(db, School, school_row["school_id"], school_row["nama_sekolah"])


def test_every_dialog_fits_the_laptop_screen(qtbot, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bakti_desktop.demo import load_demo

    load_demo(db)
    found = []
    for name, build in _dialogs(db, tmp_path):
        dialog = build()
        qtbot.addWidget(dialog)
        minimum = effective_minimum(dialog)
        if minimum.width() > WIDTH or minimum.height() > HEIGHT:
            found.append(f"{name}: needs at least {minimum.width()}×{minimum.height()}")
        size = dialog.size() if dialog.testAttribute(Qt.WidgetAttribute.WA_Resized) else dialog.sizeHint()
        if size.width() > WIDTH or size.height() > HEIGHT:
            found.append(f"{name}: opens at {size.width()}×{size.height()}")
    assert not found, "\n" + "\n".join(found)
