"""Racing saves from several processes: each loads the same version, then all save at once.

Runs in the worker processes of :func:`race` (spawned, so each has its own connections, as
several laptops or users on the shared server would). A kind of shared record names what is
loaded (the version the editor would remember), what each racer saves (a value naming the
racer) and where that value is read back.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from typing import Any

RACERS = 4
_barrier: Any = None


def _init(barrier: Any) -> None:
    global _barrier
    _barrier = barrier


def value(kind: str, racer: int) -> str:
    """What racer ``racer`` saves: the stored value tells who won."""
    return f"{kind} dari pengguna {racer}"


def who(racer: int) -> str:
    return f"Pengguna {racer}"


# -- per kind: the version an editor loads, the save, the value stored ---------------------------------------

def _version(db: Any, model: type, record_id: int) -> int:
    with db.session() as session:
        return session.get(model, record_id).version


def _section(db: Any, record_id: int, version: int, text: str) -> None:
    from bakti_desktop.sss import service

    service.save_section(db, record_id, text, expected_version=version)


def _section_meta(db: Any, record_id: int, version: int, text: str) -> None:
    from bakti_desktop.sss import service

    service.set_section_meta(db, record_id, owner_opd=text, expected_version=version)


def _targets(db: Any, record_id: int, version: int, text: str) -> None:
    from bakti_desktop.sss import service

    service.save_targets(db, record_id, [{"indicator": text, "baseline": 10.0, "targets": {2022: 20.0}}],
                         expected_version=version)


def _programme(db: Any, record_id: int, version: int, text: str) -> None:
    from bakti_desktop.sss import service

    service.save_programme(db, record_id, [{"program": "Program sanitasi", "kegiatan": text, "volume": 2.0,
                                            "unit_cost": 35_000_000, "sumber_dana": "DAK", "tahun": 2022}],
                           expected_version=version)


def _twinning(db: Any, record_id: int, version: int, text: str) -> None:
    from bakti_desktop.twinning import service

    detail = service.programme_detail(db, record_id)
    topics = [dict(t) for t in detail["topics"]]
    topics[0]["name"] = text
    stage = "monitoring" if detail["stage"] != "monitoring" else "mou"
    service.save_programme(db, {**detail, "stage": stage}, detail["units"], topics, record_id, expected_version=version)


def _item(db: Any, record_id: int, version: int, text: str) -> None:
    from bakti_desktop.twinning import service
    from bakti_desktop.twinning.models import Item

    with db.session() as session:
        item = session.get(Item, record_id)
        values = {k: getattr(item, k) for k in service.ITEM_FIELDS}
    service.save_item(db, {**values, "activity": text}, record_id, expected_version=version)


def _meeting(db: Any, record_id: int, version: int, text: str) -> None:
    from bakti_desktop.pksai import service

    service.save_meeting(db, record_id, {"place": text}, decisions=[text], agenda=[(text, "")],
                         expected_version=version)


def _forum(db: Any, record_id: int, version: int, text: str) -> None:
    from bakti_desktop.pksai import service

    service.update_forum(db, record_id, {"description": text}, expected_version=version)


def _person(db: Any, record_id: int, version: int, text: str) -> None:
    from bakti_desktop.pksai import service

    service.update_person(db, record_id, {"position": text}, expected_version=version)


def _models() -> dict[str, type]:
    from bakti_desktop.pksai.models import Forum, Meeting, Person
    from bakti_desktop.sss.models import SssDocument, SssSection
    from bakti_desktop.twinning.models import Item, Programme

    return {"section": SssSection, "section_first_edit": SssSection, "section_meta": SssSection,
            "targets": SssDocument, "programme": SssDocument, "twinning_programme": Programme, "rktl_item": Item,
            "meeting": Meeting, "forum": Forum, "person": Person}


SAVES: dict[str, Callable[[Any, int, int, str], None]] = {
    "section": _section, "section_first_edit": _section, "section_meta": _section_meta, "targets": _targets,
    "programme": _programme, "twinning_programme": _twinning, "rktl_item": _item, "meeting": _meeting,
    "forum": _forum, "person": _person,
}


def stored(db: Any, kind: str, record_id: int) -> list[str]:
    """The values the racers' saves set, as stored now (every part a save writes)."""
    from bakti_desktop.pksai.models import Forum, Meeting, Person
    from bakti_desktop.sss.models import SssDocument, SssSection
    from bakti_desktop.twinning.models import Item, Programme

    with db.session() as session:
        if kind in ("section", "section_first_edit"):
            section = session.get(SssSection, record_id)
            return [section.content, section.revisions[-1].content]
        if kind == "section_meta":
            return [session.get(SssSection, record_id).owner_opd]
        if kind == "targets":
            return [t.indicator for t in session.get(SssDocument, record_id).targets]
        if kind == "programme":
            return [r.kegiatan for r in session.get(SssDocument, record_id).programme]
        if kind == "twinning_programme":
            return [session.get(Programme, record_id).topics[0].name]
        if kind == "rktl_item":
            return [session.get(Item, record_id).activity]
        if kind == "meeting":
            meeting = session.get(Meeting, record_id)
            return [meeting.place] + [d.text for d in meeting.decisions] + [a.title for a in meeting.agenda]
        if kind == "forum":
            return [session.get(Forum, record_id).description]
        return [session.get(Person, record_id).position]


def _race(target: str, kind: str, record_id: int, racer: int) -> tuple[int, int, str, str | None]:
    """One racer: load the version, wait for the others, save. (racer, version loaded, outcome, who refused it)."""
    from bakti_desktop.storage.base import set_user_name
    from bakti_desktop.storage.database import open_database
    from bakti_desktop.storage.locking import ChangedElsewhere

    set_user_name(who(racer))
    db = open_database(target, backup_before_upgrade=False)
    try:
        version = _version(db, _models()[kind], record_id)
        _barrier.wait(timeout=30)
        try:
            SAVES[kind](db, record_id, version, value(kind, racer))
        except ChangedElsewhere as refused:
            return racer, version, "refused", refused.who
        except Exception as error:  # reported to the test, which shows it
            return racer, version, f"error: {error!r}", None
        return racer, version, "saved", None
    finally:
        db.close()


class Racers:
    """A pool of spawned worker processes, reused by every race of a test module."""

    def __init__(self, count: int = RACERS) -> None:
        context = multiprocessing.get_context("spawn")
        self.count = count
        self.barrier = context.Barrier(count)
        self.pool = context.Pool(count, initializer=_init, initargs=(self.barrier,))
        self.lock = threading.Lock()

    def race(self, target: str, kind: str, record_id: int) -> list[tuple[int, int, str, str | None]]:
        """All racers load ``record_id``'s version and save at once; their outcomes, by racer."""
        with self.lock:
            self.barrier.reset()
            tasks = [(target, kind, record_id, racer) for racer in range(1, self.count + 1)]
            return sorted(self.pool.starmap(_race, tasks, chunksize=1))

    def close(self) -> None:
        self.pool.terminate()
        self.pool.join()
