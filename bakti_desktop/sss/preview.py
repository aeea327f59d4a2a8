"""A section as it will print: its Markdown as HTML, each ``{{blok:NAME}}`` replaced by its table or chart.

For the editor's preview pane (a Qt text browser, so only the HTML subset Qt renders: tables, bgcolor,
widths in percent). The chart is drawn as stacked bars from table cells; the note under each mapping
block tells the data date in Indonesian, as in the printed document. Qt-free.
"""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

from markdown_it import MarkdownIt

from bakti_desktop.mapping.indicators import DOMAINS, LEVELS, domain_label, level_label
from bakti_desktop.reports.format import MONTHS_ID
from bakti_desktop.sss.outline import BLOCKS

LEVEL_COLORS = {"basic": "#43A047", "limited": "#FBC02D", "none": "#E53935"}  # as in the PDF chart
MAPPING_BLOCKS = ("tangga_kecamatan", "tangga_jenjang", "kebutuhan_jamban", "grafik_tangga")
BLOCK_PARAGRAPH = re.compile(r"<p>\s*\{\{\s*blok\s*:\s*([a-z_]+)\s*\}\}\s*</p>")

_parser = MarkdownIt("commonmark", {"html": False}).enable("table")  # the text is shown, not obeyed


def tanggal(value: str | date | None) -> str:
    """``8 Oktober 2020`` (the document is Indonesian whatever the interface language); "—" for none."""
    if not value:
        return "—"
    day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def data_note(blocks: dict[str, Any]) -> str:
    """Where the mapping blocks come from and how fresh they are, in the document's words."""
    state = "dibekukan saat dokumen final" if blocks.get("frozen") else "diperbarui otomatis"
    return (f"Sumber: pemetaan sanitasi sekolah {blocks.get('kabupaten', '')} tahun {blocks.get('year') or '—'}; "
            f"data per {tanggal(blocks.get('data_date'))}; {state}.")


def _note(text: str) -> str:
    return f'<p style="color:#546E7A; font-size:small">{html.escape(text)}</p>'


def _missing(name: str, why: str) -> str:
    return (f'<p style="color:#757575; background-color:#F5F5F5">[{html.escape(BLOCKS.get(name, name))}: '
            f"{html.escape(why)}]</p>")


def _numeric(text: str) -> bool:
    return bool(text) and bool(re.fullmatch(r"[\d.,%\s-]+", text))


def _table(data: dict[str, Any]) -> str:
    rows = data.get("rows") or []
    header = [str(h) for h in data["header"]]
    # 99%, not 100%: Qt adds the border to a full-width table, one pixel past the pane (a scrollbar for nothing)
    parts = ['<table border="1" cellspacing="0" cellpadding="3" width="99%" style="border-color:#B0BEC5">', "<tr>"]
    cell = '<th bgcolor="#1F4E79" style="color:white"{span}>{text}</th>'
    grouped = [h.split(": ", 1) for h in header[2:]]
    if len(header) > 2 and all(len(g) == 2 for g in grouped):  # "Air minum: Dasar" → a two-row header, as printed
        parts += [cell.format(span=' rowspan="2"', text=html.escape(h)) for h in header[:2]]
        groups: list[tuple[str, int]] = []
        for group, _level in grouped:
            if groups and groups[-1][0] == group:
                groups[-1] = (group, groups[-1][1] + 1)
            else:
                groups.append((group, 1))
        parts += [cell.format(span=f' colspan="{n}"', text=html.escape(g)) for g, n in groups]
        parts.append("</tr><tr>")
        parts += [cell.format(span="", text=html.escape(level)) for _group, level in grouped]
    else:
        parts += [cell.format(span="", text=html.escape(h)) for h in header]
    parts.append("</tr>")
    for i, row in enumerate(rows):
        total = data.get("total_row") and i == len(rows) - 1
        parts.append("<tr" + (' bgcolor="#ECEFF1"' if total else "") + ">")
        for cell in row:
            text = html.escape(str(cell))
            if total:
                text = f"<b>{text}</b>"
            align = ' align="right"' if _numeric(str(cell)) else ""
            parts.append(f"<td{align}>{text}</td>")
        parts.append("</tr>")
    parts.append("</table>")
    return "".join(parts)


def _chart(data: dict[str, Any]) -> str:
    """Three charts (water, sanitation, hygiene): per kecamatan, the share of schools at each level."""
    categories = data.get("categories") or []
    legend = " ".join(f'<span style="background-color:{LEVEL_COLORS[lv]}">&nbsp;&nbsp;&nbsp;</span> '
                      f"{html.escape(level_label(lv))}&nbsp;&nbsp;" for lv in LEVELS)
    parts = []
    for domain in DOMAINS:
        series = data["series"][domain]
        parts.append(f"<p><b>{html.escape(domain_label(domain))}</b></p>")
        parts.append('<table cellspacing="3" cellpadding="0" width="100%">')
        for i, category in enumerate(categories):
            counts = {lv: series[lv][i] for lv in LEVELS}
            total = sum(counts.values())
            bar = []
            for lv in LEVELS:
                share = round(100 * counts[lv] / total) if total else 0
                if share:
                    bar.append(f'<td width="{share}%" bgcolor="{LEVEL_COLORS[lv]}" title="{share}%">&nbsp;</td>')
            if not bar:
                bar.append('<td width="100%">&nbsp;</td>')
            parts.append(f'<tr><td width="22%">{html.escape(str(category))}</td><td width="78%">'
                         f'<table cellspacing="0" cellpadding="0" width="100%"><tr>{"".join(bar)}</tr></table></td></tr>')
        parts.append("</table>")
    parts.append(f"<p>{legend}</p>")
    return "".join(parts)


def block_html(name: str, blocks: dict[str, Any]) -> str:
    """One data block as HTML: its table or chart, and for mapping data where it comes from."""
    if name not in BLOCKS:
        return _missing(name, "blok data tidak dikenal")
    if name not in blocks:
        return _missing(name, "belum ada data pemetaan" if name in MAPPING_BLOCKS else "belum ada data")
    data = blocks[name]
    title = f'<p style="color:#1F4E79"><b>{html.escape(BLOCKS[name])}</b></p>'
    if name == "grafik_tangga":
        if not data.get("categories"):
            return _missing(name, "belum ada data pemetaan")
        return title + _chart(data) + _note(data_note(blocks))
    if not data.get("rows"):
        return _missing(name, "belum diisi")
    out = title + _table(data)
    if name in MAPPING_BLOCKS:
        out += _note(data_note(blocks))
    return out


def section_html(text: str, blocks: dict[str, Any], title: str | None = None) -> str:
    """A section's Markdown as HTML, with its data blocks where they stand."""
    body = _parser.render(text or "")
    body = BLOCK_PARAGRAPH.sub(lambda m: block_html(m.group(1), blocks), body)
    head = f"<h2>{html.escape(title)}</h2>" if title else ""
    return head + body
