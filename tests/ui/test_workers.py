"""Background tasks: results and errors come back by signal; no cycle collection in the worker."""

from __future__ import annotations

import gc

from PySide6.QtWidgets import QWidget

from bakti_desktop.errors import UserError
from ui.workers import run_task


def test_result_and_error_come_back_and_collection_is_paused(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QWidget()
    qtbot.addWidget(owner)
    seen: dict[str, object] = {}

    def work(task):  # type: ignore[no-untyped-def]
        seen["gc_in_worker"] = gc.isenabled()
        task.report(1, 2)
        return 42

    results: list[object] = []
    runner = run_task(owner, "x", work, results.append, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=10_000)
    assert results == [42] and seen["gc_in_worker"] is False and gc.isenabled()
    # The runner lives in the GUI thread, and QObject.thread() says so (no attribute hides it).
    assert runner.thread() is owner.thread() and runner.task.thread() is not owner.thread()

    def fail(task):  # type: ignore[no-untyped-def]
        raise UserError("tidak bisa")

    errors: list[BaseException] = []
    run_task(owner, "y", fail, results.append, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert isinstance(errors[0], UserError) and gc.isenabled()


def _progress_shows_after_the_task(qtbot, work) -> list[str]:  # type: ignore[no-untyped-def]
    """Run ``work``; its on_done opens a modal result dialog for 800 ms. What the progress window did after."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog

    owner = QWidget()
    qtbot.addWidget(owner)
    owner.show()
    seen: list[str] = []
    ended = {"done": False}

    class Watch(QObject):
        def eventFilter(self, watched, event):  # type: ignore[no-untyped-def] # noqa: N802
            if isinstance(watched, QProgressDialog) and event.type() == QEvent.Type.Show and ended["done"]:
                seen.append("shown again")
            return False

    watch = Watch()
    QApplication.instance().installEventFilter(watch)

    def on_done(_result: object) -> None:
        ended["done"] = True
        result = QDialog(owner)
        result.setWindowTitle("result")

        def look() -> None:
            progress = [d for d in owner.findChildren(QProgressDialog) if d.isVisible()]
            if progress:
                seen.append("visible over the result")
            if QApplication.activeModalWidget() is not result:
                seen.append(f"modal is {QApplication.activeModalWidget()!r}")

        for ms in (100, 400, 700):
            QTimer.singleShot(ms, look)
        QTimer.singleShot(800, result.accept)
        result.exec()
        seen.append("result closed")

    run_task(owner, "lama", work, on_done, lambda error: seen.append(repr(error)))
    qtbot.waitUntil(lambda: "result closed" in seen, timeout=10_000)
    qtbot.wait(500)  # and nothing comes back afterwards either
    QApplication.instance().removeEventFilter(watch)
    assert not [d for d in owner.findChildren(QProgressDialog) if d.isVisible()]
    return seen


def test_progress_window_never_comes_back_over_the_result_of_a_fast_task(qtbot) -> None:  # type: ignore[no-untyped-def]
    # Reports progress (which starts the dialog's 300 ms show delay) and ends before the delay is over:
    # the delay must not fire over the result dialog ("Membaca dan memeriksa buku kerja… 87%").
    def work(task):  # type: ignore[no-untyped-def]
        task.report(0, 8)
        task.report(7, 8)
        return 1

    assert _progress_shows_after_the_task(qtbot, work) == ["result closed"]
    assert _progress_shows_after_the_task(qtbot, lambda task: 1) == ["result closed"]


def test_progress_window_never_comes_back_over_the_result_of_a_slow_task(qtbot) -> None:  # type: ignore[no-untyped-def]
    import time

    def work(task):  # type: ignore[no-untyped-def]
        for step in range(8):
            task.report(step, 8)
            time.sleep(0.08)
        return 1

    assert _progress_shows_after_the_task(qtbot, work) == ["result closed"]
