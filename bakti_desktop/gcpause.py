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
