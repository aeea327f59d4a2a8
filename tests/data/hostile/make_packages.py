"""Write the crafted exchange packages of this folder (see README.md, section "Packages").

    python -m tests.data.hostile.make_packages

Each package starts from a real export of a small laptop database (two schools with a survey each,
a twinning programme with one RKTL item and two evidence files, a PKSAI meeting with a head count),
then its records.json, manifest or files are altered. The UUIDs and dates are fixed so that the
files come out the same each time.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]


def _base(folder: Path) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, bytes]]:
    """(manifest, records, evidence files by member name) of a real export."""
    os.environ["BAKTI_DATA_DIR"] = str(folder / "data")
    sys.path.insert(0, str(ROOT))
    from bakti_desktop.sync.package import export_package
    from bakti_desktop.mapping import service as mapping
    from bakti_desktop.pksai import service as pksai
    from bakti_desktop.pksai.service import load_meeting
    from bakti_desktop.storage.base import set_user_name
    from bakti_desktop.storage.database import open_database
    from bakti_desktop.twinning import service as twinning
    from tests.helpers import record

    set_user_name("Laptop Bone")
    db = open_database(folder / "laptop.sqlite")
    mapping.save_record(db, record(npsn="40300001", nama_sekolah="SD Negeri 1 Watampone"))
    mapping.save_record(db, record(npsn="40300002", nama_sekolah="SD Negeri 2 Watampone"))
    programme = twinning.save_programme(db, {"name": "Twinning Palopo", "stage": "implementasi"},
                                        [{"name": "UPTD PALD Palopo", "role": "mentee", "kabupaten": "Kota Palopo"}],
                                        [{"number": 5, "name": "Penguatan Institusi UPTD PALD"}])
    unit = twinning.units(db, programme)[0]["id"]
    topic = twinning.topics(db, programme)[0]["id"]
    item = twinning.save_item(db, {"activity": "Menyusun SOP penyedotan", "status": "berjalan", "topic_id": topic,
                                   "mentee_unit_id": unit})
    for name, body in (("sk.pdf", b"%PDF-1.4\n% SK pembentukan UPTD\n%%EOF\n"),
                       ("sop.pdf", b"%PDF-1.4\n% SOP penyedotan lumpur tinja\n%%EOF\n")):
        source = folder / name
        source.write_bytes(body)
        twinning.add_evidence(db, item, source, "SK" if name == "sk.pdf" else "SOP")
    forum = pksai.create_forum(db, "PKSAI Kota Makassar", "73.71")
    meeting, _ = pksai.create_meeting(db, forum, "Rapat koordinasi triwulan I", date(2024, 3, 12))
    with db.session() as session:
        pksai.add_count(load_meeting(session, meeting), "Dinas Sosial", 3, 4)
    export_package(db, folder / "base.bakti")
    db.close()
    with zipfile.ZipFile(folder / "base.bakti") as zf:
        manifest = json.loads(zf.read("manifest.json"))
        records = json.loads(zf.read("records.json"))
        files = {n: zf.read(n) for n in zf.namelist() if n.startswith("bukti/")}
    # Fixed UUIDs and times: the same file each time.
    renumber = {r["uuid"]: f"00000000-0000-4000-8000-{i:012d}" for i, r in enumerate(records, start=1)}
    text = json.dumps(records)
    for old, new in renumber.items():
        text = text.replace(old, new)
    records = json.loads(text)
    for r in records:
        r["updated_at"] = "2024-03-12T09:15:00.000000"
        for key in ("added_at",):
            if key in r["values"]:
                r["values"][key] = "2024-03-12T09:15:00.000000"
    manifest["created_at"] = "2024-03-12T09:15:00.000000"
    manifest["created_by"] = "Laptop Bone"
    return manifest, records, files


def _write(name: str, manifest: dict[str, Any], records: Any, files: dict[str, bytes],
           raw_records: bytes | None = None) -> None:
    with zipfile.ZipFile(HERE / name, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for entry in (zipfile.ZipInfo("manifest.json", (2024, 3, 12, 9, 15, 0)),):
            entry.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(entry, json.dumps(manifest, ensure_ascii=False, indent=1))
        entry = zipfile.ZipInfo("records.json", (2024, 3, 12, 9, 15, 0))
        entry.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(entry, raw_records if raw_records is not None else json.dumps(records, ensure_ascii=False))
        for member, body in sorted(files.items()):
            entry = zipfile.ZipInfo(member, (2024, 3, 12, 9, 15, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(entry, body)


def _find(records: list[dict[str, Any]], table: str, n: int = 0) -> dict[str, Any]:
    return [r for r in records if r["table"] == table][n]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        manifest, records, files = _base(Path(folder))

    def copy() -> list[dict[str, Any]]:
        return json.loads(json.dumps(records))

    # 1. Impossible survey values: the first school's survey is refused, everything else comes in.
    bad = copy()
    survey = _find(bad, "survey")["values"]
    survey.update(siswa_laki=-5, siswa_perempuan=10**18, jenis_jamban="roket")
    _write("survey_values.bakti", manifest, bad, files)

    # 2. Wrong JSON types and lengths: "false" for a yes/no, "banyak" for a head count, a 1,000-character
    # NPSN (and so the second school's survey has no school to belong to).
    bad = copy()
    _find(bad, "survey")["values"]["phbs_1"] = "false"
    _find(bad, "school", 1)["values"]["npsn"] = "4" * 1000
    _find(bad, "pksai_attendance_count")["values"]["male"] = "banyak"
    _write("wrong_types.bakti", manifest, bad, files)

    # 3. What PostgreSQL would refuse: 2×10^12 boys, a 603-character school name, a NUL in a sanitarian's name.
    bad = copy()
    _find(bad, "survey")["values"]["siswa_laki"] = 2 * 10**12
    _find(bad, "school", 1)["values"]["nama_sekolah"] = "SD " + "x" * 600
    _find(bad, "survey", 1)["values"]["enumerator"] = "Andi\x00Baso"
    _write("server_refuses.bakti", manifest, bad, files)

    # 4. An evidence record whose sha256 is a path.
    bad = copy()
    _find(bad, "twin_evidence")["values"]["sha256"] = "../../../../tmp/EVIL"
    _write("evidence_path.bakti", manifest, bad, files)

    # 5. One evidence file whose content is not what its record's SHA-256 says; the other is sound.
    first = _find(records, "twin_evidence")["values"]
    member = f"bukti/{first['sha256']}.{first['extension']}"
    _write("evidence_altered.bakti", manifest, records, {**files, member: b"%PDF-1.4\n% diganti\n%%EOF\n"})

    # 6. An evidence entry of 30 MB (zeros, a few KB compressed): refused by its size in the zip header.
    _write("evidence_huge.bakti", manifest, records, {**files, member: b"%PDF" + bytes(30 * 1024 * 1024)})

    # 7. A JSON bomb: 30 KB holding ten million empty records.
    _write("json_bomb.bakti", {**manifest, "records": None}, None, {}, raw_records=b"[" + b"{}," * 10_000_000 + b"{}]")

    # 8. format_version "abc".
    _write("format_version_abc.bakti", {**manifest, "format_version": "abc"}, records, files)

    # 9. The same UUID twice.
    _write("duplicate_uuid.bakti", {**manifest, "records": len(records) + 1}, records + [copy()[0]], files)


if __name__ == "__main__":
    main()
