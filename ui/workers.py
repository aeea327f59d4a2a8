"""Long work off the GUI thread, with progress and cancel.

``run_task`` runs a function in a QThread while a modal progress dialog shows
how far it got; the window keeps painting. The function receives a
:class:`Task` through which it reports progress and asks whether the user
pressed *Cancel*. The result (or the error) comes back by signal.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)

# Python's cycle collector runs in whichever thread happens to allocate. If it ran in a worker thread it
# could destroy Qt objects that belong to the GUI thread, which crashes Qt. While a task runs, cycles are
# therefore only collected in the GUI thread: collected before the task starts, again when it ends.
_running_tasks = 0


def _task_started() -> None:
    global _running_tasks
    if _running_tasks == 0:
        gc.collect()
        gc.disable()
    _running_tasks += 1


def _task_ended() -> None:
    global _running_tasks
    _running_tasks -= 1
    if _running_tasks == 0:
        gc.enable()
        gc.collect()


class Task(QObject):
    """A piece of work running in a thread of its own."""

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, function: Callable[[Task], Any]) -> None:
        super().__init__()
        self._function = function
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)

    @Slot()
    def run(self) -> None:
        try:
            result = self._function(self)
        except BaseException as error:  # handed to the GUI thread, which explains it
            if not isinstance(error, Exception):
                raise
            self.failed.emit(error)
        else:
            self.finished.emit(result)


class TaskRunner(QObject):
    """Owns the thread and the progress dialog of one task."""

    done = Signal(object)
    error = Signal(object)

    def __init__(self, parent: QWidget, title: str, function: Callable[[Task], Any], cancellable: bool = True) -> None:
        super().__init__(parent)
        self.task = Task(function)
        self._thread = QThread(self)
        self.task.moveToThread(self._thread)
        self.dialog = QProgressDialog(title, self.tr("Cancel") if cancellable else "", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        from PySide6.QtCore import Qt  # not at import: touching Qt's namespace costs the first paint ~30 ms

        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(self.task.cancel)
        self._thread.started.connect(self.task.run)
        self.task.progressed.connect(self._progress)
        self.task.finished.connect(self._finished)
        self.task.failed.connect(self._failed)

    def start(self) -> None:
        _task_started()
        self._thread.start()

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    def _stop(self) -> None:
        self._thread.quit()
        self._thread.wait()
        _task_ended()
        self.task.progressed.disconnect(self._progress)
        # Closing a QProgressDialog emits canceled(); cut it from the finished task first.
        self.dialog.canceled.disconnect()
        # hide() alone is not enough: the dialog's own show timer (minimumDuration) keeps running, and
        # deleteLater() waits for the outer event loop, so a result dialog opened by on_done (its own
        # nested loop) would get the progress window back on top of it. cancel() stops that timer and
        # marks the dialog as done, so neither the timer nor a late setValue() can show it again.
        self.dialog.cancel()
        self.dialog.hide()
        self.dialog.deleteLater()

    @Slot(object)
    def _finished(self, result: object) -> None:
        self._stop()
        self.done.emit(result)

    @Slot(object)
    def _failed(self, error: object) -> None:
        self._stop()
        self.error.emit(error)


def run_task(
    parent: QWidget,
    title: str,
    function: Callable[[Task], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    cancellable: bool = True,
) -> TaskRunner:
    runner = TaskRunner(parent, title, function, cancellable)
    runner.done.connect(on_done)
    runner.error.connect(on_error)
    runner.start()
    return runner
