"""Pausing Python's cycle collector during bulk work.

Reading and checking a workbook creates hundreds of thousands of small lists
and dictionaries; each burst of allocations makes the cycle collector walk
every live object again, which costs a fifth of an import. Bulk work creates
no reference cycles that need collecting meanwhile, so the collector is
paused for its duration and resumes afterwards (if it was running before:
the GUI's background tasks pause it themselves, see ``ui/workers.py``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_paused_for_start_up = False


def pause_for_start_up() -> None:
    """Pause the cycle collector while a command's modules load (``main.py`` calls it first thing).

    Loading modules, SQLAlchemy's above all, creates many lasting objects and no garbage cycles;
    the collector walking them again and again costs a short command a tenth of its time.
    :func:`resume_after_start_up` ends the pause when the command's work begins.
    """
    global _paused_for_start_up
    if gc.isenabled():
        gc.disable()
        _paused_for_start_up = True


def resume_after_start_up() -> None:
    """End the pause of :func:`pause_for_start_up`, if there was one.

    What start-up created is kept out of later collections (``gc.freeze``): it lives as long as the
    process, and the collector no longer walks it at each full collection and at exit.
    """
    global _paused_for_start_up
    if _paused_for_start_up:
        _paused_for_start_up = False
        gc.freeze()
        gc.enable()
