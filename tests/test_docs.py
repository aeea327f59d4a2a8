"""The code cites the project's own documentation, and what it cites exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [p for folder in ("bakti_desktop", "ui", "tests", "benchmarks", "tools") for p in (ROOT / folder).rglob("*.py")]


def test_no_citation_of_a_file_outside_the_repository() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in SOURCES
                 if p != Path(__file__) and re.search(r"DOMAIN\.md|domain brief", p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_every_cited_section_exists() -> None:
    rules = (ROOT / "docs" / "domain-rules.md").read_text(encoding="utf-8")
    sections = set(re.findall(r"^#{2,3} (\d+(?:\.\d+)?)\.? ", rules, flags=re.M))
    cited = set()
    for path in SOURCES:
        for first, last in re.findall(r"docs/domain-rules\.md §(\d+(?:\.\d+)?)(?:[–-](\d+(?:\.\d+)?))?",
                                      path.read_text(encoding="utf-8")):
            cited.update(x for x in (first, last) if x)
    assert cited and cited <= sections, cited - sections
