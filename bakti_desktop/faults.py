"""Fault injection for the data-safety tests.

``BAKTI_FAULT=<name>`` in the environment kills the process at the named point, the way a power
cut or the task manager would: no clean-up runs, no transaction is committed or rolled back by
Python. The tests then open the database and find it as it was before. Without the variable a
fault point does nothing.
"""

from __future__ import annotations

import os
import signal


def fault_point(name: str) -> None:
    if os.environ.get("BAKTI_FAULT") != name:
        return
    kill = getattr(signal, "SIGKILL", None)
    if kill is not None:
        os.kill(os.getpid(), kill)
    os._exit(137)  # pragma: no cover - systems without SIGKILL
