"""Reading a section's Markdown into simple blocks for the PDF and Word writers.

Supported: headings, paragraphs with bold and italic, bulleted and numbered
lists, tables (GitHub style, as Qt's editor writes them) and data-block lines
``{{blok:NAME}}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt

BLOCK_LINE = re.compile(r"^\s*\{\{\s*blok\s*:\s*([a-z_]+)\s*\}\}\s*$")

Run = tuple[str, bool, bool]  # text, bold, italic


@dataclass
class Block:
    kind: str  # heading, paragraph, bullets, numbers, table, data
    level: int = 0
    runs: list[Run] = field(default_factory=list)
    items: list[list[Run]] = field(default_factory=list)
    rows: list[list[list[Run]]] = field(default_factory=list)  # table: first row is the header
    name: str = ""


_parser = MarkdownIt("commonmark").enable("table")


def _inline(token: Any) -> list[Run]:
    runs: list[Run] = []
    bold = italic = False
    for child in token.children or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type in ("text", "code_inline"):
            runs.append((child.content, bold, italic))
        elif child.type in ("softbreak", "hardbreak"):
            runs.append(("\n" if child.type == "hardbreak" else " ", bold, italic))
    return runs


def parse(text: str) -> list[Block]:
    blocks: list[Block] = []
    tokens = _parser.parse(text or "")
    i = 0
    list_stack: list[Block] = []
    table: Block | None = None
    row: list[list[Run]] | None = None
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open":
            blocks.append(Block("heading", level=int(token.tag[1]), runs=_inline(tokens[i + 1])))
            i += 3
            continue
        if token.type in ("bullet_list_open", "ordered_list_open"):
            block = Block("bullets" if token.type == "bullet_list_open" else "numbers")
            if not list_stack:
                blocks.append(block)
            list_stack.append(block)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_stack.pop()
        elif token.type == "table_open":
            table = Block("table")
            blocks.append(table)
        elif token.type == "table_close":
            table = None
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and table is not None and row is not None:
            table.rows.append(row)
        elif token.type == "inline" and table is not None and row is not None:
            row.append(_inline(token))
        elif token.type == "inline" and list_stack:
            list_stack[0].items.append(_inline(token))
        elif token.type == "inline":
            match = BLOCK_LINE.match(token.content)
            if match:
                blocks.append(Block("data", name=match.group(1)))
            else:
                blocks.append(Block("paragraph", runs=_inline(token)))
        i += 1
    return blocks


def plain(runs: list[Run]) -> str:
    return "".join(text for text, _b, _i in runs)
