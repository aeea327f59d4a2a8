"""Data blocks: tables and charts of an SSS filled from the mapping.

Each block is plain data (header and rows, or chart series), so the same
block prints in the PDF and in Word, and can be frozen as JSON when the
document is marked final. ``{{blok:NAME}}`` in a section's text places it.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select

from bakti_desktop import regions
from bakti_desktop.mapping.indicators import DOMAINS, LEVELS, domain_label, level_label
from bakti_desktop.mapping.models import School, Survey
from bakti_desktop.mapping.summary import share, summary
from bakti_desktop.reports.format import number
from bakti_desktop.sss.models import SssDocument
from bakti_desktop.storage.database import Database


def _pct(count: int, total: int) -> str:
    return number(share(count, total), 1) + "%"


def _ladder(groups: list[dict[str, Any]], first: str, key: str, kabupaten: str) -> dict[str, Any]:
    """Shares per group and, last, the kabupaten's own (the baselines of the targets, §4.1, are these)."""
    header = [first, "Sekolah"] + [f"{domain_label(d)}: {level_label(lv)}" for d in DOMAINS for lv in LEVELS]
    rows = [[g[key], number(g["schools"])] + [_pct(g[d][lv], g["schools"]) for d in DOMAINS for lv in LEVELS]
            for g in groups]
    if not groups:
        return {"header": header, "rows": rows}
    schools = sum(g["schools"] for g in groups)
    rows.append([kabupaten, number(schools)] + [_pct(sum(g[d][lv] for g in groups), schools)
                                                 for d in DOMAINS for lv in LEVELS])
    return {"header": header, "rows": rows, "total_row": True}


def compute_blocks(db: Database, document: SssDocument) -> dict[str, Any]:
    """The mapping blocks for the document's kabupaten and baseline year, as they are now."""
    year, code = document.baseline_year, document.kabupaten_code
    result: dict[str, Any] = {"year": year, "kabupaten": regions.region_name(code), "data_date": None}
    if year is None:
        return result
    with db.engine.connect() as conn:
        latest = conn.execute(select(func.max(Survey.updated_at)).join(School).where(
            Survey.year == year, School.kabupaten_code == code)).scalar()
    result["data_date"] = latest.date().isoformat() if latest else None
    by_kec = summary(db, by="kecamatan", year=year, kabupaten_code=code)["groups"]
    by_level = summary(db, by="jenjang", year=year, kabupaten_code=code)["groups"]
    result["tangga_kecamatan"] = _ladder(by_kec, "Kecamatan", "kecamatan", result["kabupaten"])
    result["tangga_jenjang"] = _ladder(by_level, "Jenjang", "jenjang", result["kabupaten"])
    rows = []
    total = {"boys": 0, "girls": 0, "teachers": 0}
    for g in by_kec:
        b = g["toilets_to_build"]
        rows.append([g["kecamatan"], number(g["schools"]), number(b["boys"]), number(b["girls"]), number(b["teachers"]),
                     number(b["boys"] + b["girls"] + b["teachers"])])
        for k in total:
            total[k] += b[k]
    rows.append(["Jumlah", number(sum(g["schools"] for g in by_kec)), number(total["boys"]), number(total["girls"]),
                 number(total["teachers"]), number(sum(total.values()))])
    result["kebutuhan_jamban"] = {"header": ["Kecamatan", "Sekolah", "Jamban laki-laki", "Jamban perempuan",
                                             "Jamban guru", "Jumlah"], "rows": rows, "total_row": True}
    result["grafik_tangga"] = {
        "categories": [g["kecamatan"] for g in by_kec],
        "series": {d: {lv: [g[d][lv] for g in by_kec] for lv in LEVELS} for d in DOMAINS},
    }
    return result


def document_blocks(db: Database, document: SssDocument) -> dict[str, Any]:
    """All blocks of a document: frozen mapping data if final, live otherwise, plus its own tables."""
    from bakti_desktop.sss.service import totals

    blocks = json.loads(document.frozen_data) if document.final and document.frozen_data else \
        compute_blocks(db, document)
    years = list(range(document.start_year, document.end_year + 1))
    target_rows = []
    for t in document.targets:
        values = json.loads(t.targets or "{}")
        target_rows.append([t.indicator, "" if t.baseline is None else number(t.baseline, 1)] +
                           [number(values[str(y)], 1) if str(y) in values else "" for y in years])
    blocks["target"] = {"header": ["Indikator", f"Nilai dasar ({document.baseline_year or '-'})"] +
                        [str(y) for y in years], "rows": target_rows}
    rows = []
    for r in document.programme:
        rows.append([r.program, r.kegiatan, r.lokasi or "", r.satuan or "", number(r.volume, 0 if r.volume.is_integer() else 1),
                     number(r.unit_cost), number(r.total), r.sumber_dana, r.opd or "", str(r.tahun)])
    sums = totals(document)
    if rows:
        rows.append(["Jumlah", "", "", "", "", "", number(sums["total"]), "", "", ""])
    blocks["program"] = {"header": ["Program", "Kegiatan", "Lokasi", "Satuan", "Volume", "Biaya satuan (Rp)",
                                    "Indikasi biaya (Rp)", "Sumber dana", "OPD", "Tahun"], "rows": rows,
                         "total_row": bool(rows)}
    sources = sorted(sums["by_source"])
    pending = []
    for year in sorted({r.tahun for r in document.programme}):
        per = {s: sum(r.total for r in document.programme if r.tahun == year and r.sumber_dana == s) for s in sources}
        pending.append([str(year)] + [number(per[s]) for s in sources] + [number(sums["by_year"][year])])
    if pending:
        pending.append(["Jumlah"] + [number(sums["by_source"][s]) for s in sources] + [number(sums["total"])])
    blocks["pendanaan"] = {"header": ["Tahun"] + sources + ["Jumlah (Rp)"], "rows": pending, "total_row": bool(pending)}
    blocks["frozen"] = bool(document.final and document.frozen_data)
    return blocks
