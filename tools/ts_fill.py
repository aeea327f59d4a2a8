"""Fill translations into a .ts file from a table of source → translation.

    python tools/ts_fill.py resources/translations/bakti_id.ts table.tsv

Only unfinished messages are touched; the table is tab-separated, with
``\\n`` for line breaks; a source written ``Context|source`` applies to that
context only (before the plain entry). Prints the sources still missing.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET


def main(ts_path: str, table_path: str) -> int:
    table: dict[str, str] = {}
    with open(table_path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            source, _, target = line.rstrip("\n").partition("\t")
            table[source.replace("\\n", "\n")] = target.replace("\\n", "\n")
    tree = ET.parse(ts_path)
    missing = []
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None or translation.get("type") != "unfinished":
                continue
            text = table.get(f"{name}|{source}", table.get(source))
            if text is not None:
                translation.text = text
                del translation.attrib["type"]
            else:
                missing.append(f"{name}|{source}")
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    for source in missing:
        print(repr(source))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
