"""The PDF "Laporan Hasil Pemetaan Kondisi Sanitasi Sekolah".

Cover, summary with ladder charts, a table per kecamatan (or per kabupaten
for the province), the level table, the priority list and an annex listing
every school surveyed. Tables repeat their header on every page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import CondPageBreak, KeepTogether, NextPageTemplate, PageBreak, Paragraph, Spacer

from bakti_desktop import regions
from bakti_desktop.i18n import msg
from bakti_desktop.mapping import queries
from bakti_desktop.mapping.export import (
    DOMAINS,
    LEVELS,
    domain_label,
    group_label,
    level_label,
    level_short,
    priority_label,
    report_data,
    share,
    totals,
)
from bakti_desktop.reports.letterhead import letterhead, pdf_flowables
from bakti_desktop.reports.pdf import (
    LEVEL_FILLS,
    ReportDocument,
    date_text,
    escape,
    ladder_chart,
    long_table,
    number,
    fit_widths,
    signature_blocks,
    styles,
    table,
)
from bakti_desktop.storage.database import Database

PRIORITY_ROWS = 40
WIDTH = 17 * cm  # A4 less 2 cm margins


def _kab(code: str) -> str:
    """The kabupaten/kota's name as a narrow column shows it: "Kab. Gowa", "Kota Parepare"."""
    return regions.region_name(code).replace("Kabupaten ", "Kab. ")


def _scope_line(data: dict[str, Any], kabupaten_code: str | None) -> str:
    """What was surveyed, counted: "5 kabupaten/kota, 180 sekolah" (the province), "11 kecamatan, 36 sekolah"."""
    schools = len(data["surveys"])
    if kabupaten_code:
        return msg(en="{k} kecamatan, {n} schools", id="{k} kecamatan, {n} sekolah",
                   k=number(len(data["kecamatan_surveyed"])), n=number(schools))
    return msg(en="{k} kabupaten/kota, {n} schools", id="{k} kabupaten/kota, {n} sekolah",
               k=number(len(data["kabupaten_surveyed"])), n=number(schools))


def _surveyed_where(data: dict[str, Any], kabupaten_code: str | None) -> str:
    """Where the schools were surveyed, as running text: the kabupaten/kota named when few (a report of the
    province covers those surveyed, not the province)."""
    if kabupaten_code:
        return msg(en="{k} kecamatan of {s}", id="{k} kecamatan di {s}", k=number(len(data["kecamatan_surveyed"])),
                   s=data["scope"])
    names = [regions.region_name(c) for c in data["kabupaten_surveyed"]]
    if len(names) == 1:
        return names[0]
    listed = ", ".join(names[:-1]) + msg(en=" and ", id=" dan ") + names[-1] if len(names) <= 6 else ""
    counted = msg(en="{k} kabupaten/kota", id="{k} kabupaten/kota", k=number(len(names)))
    return f"{counted} ({listed})" if listed else counted


def _shown(count: int) -> str:
    """Says the list is cut only when it is: "Ditampilkan 40 sekolah teratas dari 180."."""
    if count <= PRIORITY_ROWS:
        return ""
    return msg(en=" The first {n} of {t} schools are listed.", id=" Ditampilkan {n} sekolah teratas dari {t}.",
               n=PRIORITY_ROWS, t=number(count))


def _legend(entries: list[tuple[str, str]]) -> Paragraph:
    """A "Keterangan" line under a table: each abbreviation and what it stands for."""
    text = "; ".join(f"<b>{escape(short)}</b> = {escape(meaning)}" for short, meaning in entries)
    return Paragraph(msg(en="Key: {t}.", id="Keterangan: {t}.", t=text), styles()["Small"])


def _approval(data: dict[str, Any], kabupaten_code: str | None, year: int) -> list[Any]:
    """The approval page: what is approved, and the blocks the Pokja AMPL and the Bappeda sign."""
    st = styles()
    whose = data["scope"]
    place = regions.capital_of(kabupaten_code) if kabupaten_code else "Makassar"
    blank_date = "." * 30 + f" {data['made'].year}"
    title = msg(en="School Sanitation Mapping Report", id="Laporan Hasil Pemetaan Kondisi Sanitasi Sekolah")
    text = Paragraph(msg(
        en="The {t} of {s}, survey year {y} ({c}), has been examined and approved as the basis for planning "
           "school sanitation.",
        id="{t} {s} tahun survei {y} ({c}) telah diperiksa dan disetujui sebagai dasar perencanaan sanitasi "
           "sekolah.", t=escape(title), s=escape(whose), y=year, c=escape(_scope_line(data, kabupaten_code))),
        st["Body"])
    signers = [(msg(en="Prepared by,\nChair of the Pokja AMPL\n{s}", id="Disusun oleh,\nKetua Pokja AMPL\n{s}", s=whose), "", ""),
               (msg(en="Acknowledged by,\nHead of Bappeda\n{s}", id="Mengetahui,\nKepala Bappeda\n{s}", s=whose), "", "")]
    return [Paragraph(msg(en="Approval", id="Lembar Pengesahan"), st["H1"]),
            signature_blocks(signers, WIDTH, f"{place}, {blank_date}", closing=[text]), PageBreak()]


def _pct(count: int, total: int) -> str:
    return number(share(count, total), 1) + "%"


def _ladder_table(groups: list[dict[str, Any]], first: str) -> Any:
    header = [first, msg(en="Schools", id="Sekolah")]
    for _domain in DOMAINS:
        header += [level_label(level) for level in LEVELS]
    rows = []
    total = totals(groups)
    for g in [*groups, {**total, "_total": True}]:
        name = msg(en="Total", id="Jumlah") if g.get("_total") else group_label(g)
        row = [name, number(g["schools"])]
        for domain in DOMAINS:
            row += [_pct(g[domain][level], g["schools"]) for level in LEVELS]
        rows.append(row)
    groups_row = [("", 2), *((domain_label(d), 3) for d in DOMAINS)]
    return table(header, rows, align_right_from=1, total_row=True, groups=groups_row, fit=WIDTH)


def _toilet_table(groups: list[dict[str, Any]], first: str) -> Any:
    header = [first, msg(en="Schools", id="Sekolah"), msg(en="Boys' toilets", id="Jamban laki-laki"),
              msg(en="Girls' toilets", id="Jamban perempuan"), msg(en="Teachers' toilets", id="Jamban guru"),
              msg(en="Total", id="Jumlah"), msg(en="PHBS average", id="Rata-rata PHBS"),
              msg(en="No service at all", id="Tanpa layanan sama sekali")]
    rows = []
    for g in [*groups, {**totals(groups), "_total": True}]:
        b = g["toilets_to_build"]
        rows.append([msg(en="Total", id="Jumlah") if g.get("_total") else group_label(g), number(g["schools"]),
                     number(b["boys"]), number(b["girls"]), number(b["teachers"]),
                     number(b["boys"] + b["girls"] + b["teachers"]), number(g["phbs_average"], 1),
                     number(g["no_service_all"])])
    return table(header, rows, align_right_from=1, total_row=True, fit=WIDTH)


def _level_fills(rows: list[dict[str, Any]], first_column: int) -> list[Any]:
    """Cell colours for the three level columns starting at ``first_column``."""
    commands = []
    for r, row in enumerate(rows):
        for c, key in enumerate(("water_level", "sanitation_level", "hygiene_level")):
            commands.append(("BACKGROUND", (first_column + c, r), (first_column + c, r), LEVEL_FILLS[row[key]]))
    return commands


def _charts(groups: list[dict[str, Any]]) -> list[Any]:
    labels = {level: level_label(level) for level in LEVELS}
    names = [group_label(g).replace("Kabupaten ", "Kab. ") for g in groups]
    out: list[Any] = []
    for domain in DOMAINS:
        counts = {level: [g[domain][level] for g in groups] for level in LEVELS}
        out.append(ladder_chart(domain_label(domain), names, counts, labels, bar_height=10 if len(names) > 12 else 14))
        out.append(Spacer(1, 0.3 * cm))
    return out


def write_pdf(db: Database, out: Path, year: int, kabupaten_code: str | None) -> None:
    data = report_data(db, year, kabupaten_code)
    data["priority"] = queries.priority_list(db, year, kabupaten_code)  # the workbook has no priority list
    st = styles()
    title = msg(en="School Sanitation Mapping Report", id="Laporan Hasil Pemetaan Kondisi Sanitasi Sekolah")
    doc = ReportDocument(out, title=f"{title} — {data['scope']} {year}", footer=f"{title} — {data['scope']}, {year}")
    story: list[Any] = []
    kop = letterhead(db, "mapping")

    # Cover, under the office's letterhead when one is set
    story += pdf_flowables(kop, doc.width)
    number_text = kop.number(when=data["made"])
    story += [Spacer(1, (3 if not kop.is_empty else 5) * cm), Paragraph(escape(title), st["Title"]), Spacer(1, 0.5 * cm),
              Paragraph(escape(data["scope"]), st["Subtitle"]),
              Paragraph(msg(en="Survey year {y}", id="Tahun Survei {y}", y=year), st["Subtitle"]),
              Paragraph(escape(_scope_line(data, kabupaten_code)), st["Center"]),
              *([Paragraph(msg(en="Number: {n}", id="Nomor: {n}", n=escape(number_text)), st["Center"])]
                if number_text else []),
              Spacer(1, 6 * cm),
              Paragraph(msg(en="Pokja AMPL — made with BaKTI Desktop on {d}", id="Pokja AMPL — disusun dengan BaKTI Desktop, {d}",
                            d=date_text(data["made"])), st["Center"]),
              NextPageTemplate("body"), PageBreak()]
    story += _approval(data, kabupaten_code, year)
    story += [Paragraph(msg(en="Contents", id="Daftar Isi"), st["H1Plain"]), doc.toc, PageBreak()]

    # 1. Summary
    total = totals(data["by_region"])
    n = total["schools"]
    story.append(Paragraph(msg(en="1. Summary", id="1. Ringkasan"), st["H1"]))
    ratios = data["ratios"]
    story.append(Paragraph(msg(
        en="In {year}, sanitarians surveyed <b>{n}</b> schools in {scope}. Service levels follow the WHO/UNICEF JMP "
           "ladders for schools (2018): basic, limited or no service for drinking water, sanitation and hygiene.",
        id="Pada tahun {year}, sanitarian menyurvei <b>{n}</b> sekolah di {scope}. Tingkat layanan mengikuti tangga "
           "layanan WHO/UNICEF JMP untuk sekolah (2018): dasar, terbatas, atau tidak ada layanan untuk air minum, "
           "sanitasi, dan higiene.",
        year=year, n=number(n), scope=escape(_surveyed_where(data, kabupaten_code))), st["Body"]))
    rows = [[domain_label(d), *(f"{number(total[d][lv])} ({_pct(total[d][lv], n)})" for lv in LEVELS)] for d in DOMAINS]
    story.append(table([msg(en="Domain", id="Bidang"), *(level_label(lv) for lv in LEVELS)], rows,
                       align_right_from=1, fit=WIDTH))
    story.append(Spacer(1, 0.4 * cm))
    b = total["toilets_to_build"]
    story.append(Paragraph(msg(
        en="Against the benchmark {name} (SD/MI/SLB: one toilet per {a} boys and per {b} girls; other levels: per "
           "{c} boys and {d} girls; one for teachers), the schools need <b>{boys}</b> boys' toilets, <b>{girls}</b> "
           "girls' toilets and <b>{teachers}</b> teachers' toilets, counted from usable single-sex toilets. "
           "<b>{none}</b> schools have no service in any of the three domains. The average PHBS score is {phbs} of 8.",
        id="Berdasarkan acuan {name} (SD/MI/SLB: satu jamban untuk {a} siswa laki-laki dan {b} siswa perempuan; "
           "jenjang lain: {c} siswa laki-laki dan {d} siswa perempuan; satu untuk guru), sekolah-sekolah ini "
           "memerlukan <b>{boys}</b> jamban laki-laki, <b>{girls}</b> jamban perempuan, dan <b>{teachers}</b> jamban "
           "guru, dihitung dari jamban terpisah yang layak pakai. <b>{none}</b> sekolah tidak memiliki layanan di "
           "ketiga bidang. Rata-rata skor PHBS {phbs} dari 8.",
        name=escape(ratios.name), a=ratios.primary_boys, b=ratios.primary_girls, c=ratios.secondary_boys,
        d=ratios.secondary_girls, boys=number(b["boys"]), girls=number(b["girls"]), teachers=number(b["teachers"]),
        none=number(total["no_service_all"]), phbs=number(total["phbs_average"], 1)), st["Body"]))
    story.append(PageBreak())

    # 2. Ladders by region with charts
    region_word = "Kecamatan" if kabupaten_code else "Kabupaten/Kota"
    story.append(Paragraph(msg(en="2. Service ladders by {w}", id="2. Tangga Layanan per {w}", w=region_word), st["H1"]))
    story += _charts(data["by_region"])
    story.append(CondPageBreak(6 * cm))
    story.append(Paragraph(msg(en="2.1 Share of schools at each level", id="2.1 Persentase sekolah per tingkat layanan"),
                           st["H2"]))
    story.append(_ladder_table(data["by_region"], region_word))
    story.append(Paragraph(msg(en="2.2 Toilets to build and PHBS", id="2.2 Kebutuhan jamban dan PHBS"), st["H2"]))
    story.append(_toilet_table(data["by_region"], region_word))

    # 3. By level
    story.append(PageBreak())
    story.append(Paragraph(msg(en="3. By school level", id="3. Per Jenjang Sekolah"), st["H1"]))
    story.append(_ladder_table(data["by_level"], msg(en="Level", id="Jenjang")))
    story.append(Spacer(1, 0.4 * cm))
    story.append(_toilet_table(data["by_level"], msg(en="Level", id="Jenjang")))

    # 4. Tables per kecamatan (each kabupaten's kecamatan for the province)
    if not kabupaten_code:
        story.append(PageBreak())
        story.append(Paragraph(msg(en="4. Kecamatan of each kabupaten/kota", id="4. Kecamatan per Kabupaten/Kota"), st["H1"]))
        by_kab: dict[str, list[dict[str, Any]]] = {}
        for g in data["by_kecamatan"]:
            by_kab.setdefault(g["kabupaten_code"], []).append(g)
        for code, groups in by_kab.items():
            story.append(CondPageBreak(5 * cm))
            story.append(Paragraph(escape(regions.region_name(code)), st["H2"]))
            story.append(_ladder_table(groups, "Kecamatan"))
            story.append(Spacer(1, 0.3 * cm))
    section = 5 if not kabupaten_code else 4

    # Priority list and annex: wide tables, on landscape pages
    story += [NextPageTemplate("wide"), PageBreak()]
    story.append(Paragraph(msg(en="{s}. Priority schools for intervention", id="{s}. Sekolah Prioritas Intervensi",
                               s=section), st["H1"]))
    story.append(Paragraph(msg(
        en="Order: high priority (no sanitation service, or no service in two or more domains), then medium (any "
           "other gap), then low; within each, schools with more domains without service, more limited domains, "
           "more toilets to build and more students come first.{shown}",
        id="Urutan: prioritas tinggi (tanpa layanan sanitasi, atau tanpa layanan di dua bidang atau lebih), lalu "
           "sedang (kekurangan lain), lalu rendah; di dalamnya, sekolah dengan lebih banyak bidang tanpa layanan, "
           "lebih banyak bidang terbatas, lebih banyak jamban yang perlu dibangun, dan lebih banyak siswa didahulukan. "
           "{shown}", shown=_shown(len(data["priority"]))), st["Body"]))
    rows = []
    chosen = data["priority"][:PRIORITY_ROWS]
    for i, p in enumerate(chosen, start=1):
        rows.append([str(i), p["npsn"], p["nama_sekolah"], p["jenjang"], _kab(p["kabupaten_code"]),
                     regions.region_name(p["kecamatan_code"]),
                     level_short(p["water_level"]), level_short(p["sanitation_level"]), level_short(p["hygiene_level"]),
                     f"{p['build_boys']}/{p['build_girls']}/{p['build_teachers']}", priority_label(p["priority"])])
    story.append(table(["No", "NPSN", msg(en="School", id="Sekolah"), msg(en="Level", id="Jenjang"),
                        "Kabupaten/Kota", "Kecamatan",
                        domain_label("water"), domain_label("sanitation"), domain_label("hygiene"),
                        msg(en="Toilets B/G/T", id="Jamban L/P/G"), msg(en="Priority", id="Prioritas")],
                       rows, extra=_level_fills(chosen, 6), fit=doc.wide_width))
    story.append(_legend([
        ("NPSN", msg(en="national school number", id="Nomor Pokok Sekolah Nasional")),
        ("Kab.", "Kabupaten"),
        (msg(en="Toilets B/G/T", id="Jamban L/P/G"),
         msg(en="toilets to build for boys / girls / teachers", id="jamban yang perlu dibangun untuk siswa laki-laki / "
             "siswa perempuan / guru")),
        (msg(en="Basic, Limited, None", id="Dasar, Terbatas, Tidak ada"),
         msg(en="service level (JMP ladder)", id="tingkat layanan (tangga layanan JMP)")),
    ]))

    # Annex: every school
    story.append(PageBreak())
    story.append(Paragraph(msg(en="Annex. Schools surveyed", id="Lampiran. Daftar Sekolah yang Disurvei"), st["H1"]))
    rows = []
    for i, s in enumerate(data["surveys"], start=1):
        rows.append([str(i), s["npsn"], s["nama_sekolah"], s["jenjang"], _kab(s["kabupaten_code"]),
                     regions.region_name(s["kecamatan_code"]),
                     number(s["siswa_laki"] + s["siswa_perempuan"]), level_short(s["water_level"]),
                     level_short(s["sanitation_level"]), level_short(s["hygiene_level"]), f"{s['phbs_score']}/8"])
    header = ["No", "NPSN", msg(en="School", id="Sekolah"), msg(en="Level", id="Jenjang"), "Kabupaten/Kota",
              "Kecamatan", msg(en="Students", id="Siswa"), domain_label("water"), domain_label("sanitation"),
              domain_label("hygiene"), "PHBS"]
    story += long_table(header, rows, fit_widths(header, rows, doc.wide_width), extra=_level_fills(data["surveys"], 7))
    story.append(_legend([
        ("NPSN", msg(en="national school number", id="Nomor Pokok Sekolah Nasional")),
        ("Kab.", "Kabupaten"),
        (msg(en="Basic, Limited, None", id="Dasar, Terbatas, Tidak ada"),
         msg(en="service level (JMP ladder)", id="tingkat layanan (tangga layanan JMP)")),
        ("PHBS", msg(en="clean and healthy living behaviour score, of 8", id="skor Perilaku Hidup Bersih dan Sehat, dari 8")),
    ]))
    doc.build_with_toc(story)


__all__ = ["write_pdf", "KeepTogether"]
