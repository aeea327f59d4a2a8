"""Open RKTL items for the tests that need them.

The demo's RKTL is the seed report's: every item achieved by 15 September 2020. The tests of postponed,
running and overdue items add these follow-ups (planned after the report) to the demo programme.
"""

from __future__ import annotations

from datetime import date

from bakti_desktop.twinning import demo, service

# mentee (a word of its name), activity, objective, status, planned start, planned end
FOLLOW_UPS = (
    ("Palopo", "Sosialisasi Perwali kepada masyarakat", "Pelanggan LLTT bertambah", "berjalan",
     date(2020, 10, 1), date(2020, 12, 31)),
    ("Palopo", "Penyusunan SOP penagihan retribusi", "Retribusi tertagih", "belum_mulai",
     date(2020, 11, 1), date(2021, 1, 31)),
    ("Pinrang", "Penambahan kolam maturasi", "Kapasitas pengolahan bertambah", "tertunda",
     date(2020, 10, 1), date(2020, 11, 30)),
)


def add_follow_ups(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Load the demo (once) and add the open follow-ups; returns their ids by activity."""
    demo.load(db)
    programme = next(p["id"] for p in service.programmes(db) if p["name"] == demo.NAME)
    topics = {t["number"]: t["id"] for t in service.topics(db, programme)}
    ids = {}
    for word, activity, objective, status, start, end in FOLLOW_UPS:
        mentee = service.find_unit(db, word)
        assert mentee is not None, word
        topic = topics[5 if word == "Palopo" else 1]
        ids[activity] = service.save_item(db, {"activity": activity, "objective": objective, "status": status,
                                               "topic_id": topic, "mentee_unit_id": mentee.id,
                                               "planned_start": start, "planned_end": end})
    return ids
