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
    run_task(owner, "x", work, results.append, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=10_000)
    assert results == [42] and seen["gc_in_worker"] is False and gc.isenabled()

    def fail(task):  # type: ignore[no-untyped-def]
        raise UserError("tidak bisa")

    errors: list[BaseException] = []
    run_task(owner, "y", fail, results.append, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert isinstance(errors[0], UserError) and gc.isenabled()
