"""The SSS code sets with their names (loaded without the models)."""

from __future__ import annotations

from bakti_desktop.codes import Code


class SectionStatus(Code):
    """How far a section's text has come."""

    DRAFT = "draft", "Draft", "Draf"
    REVIEW = "review", "In review", "Ditinjau"
    FINAL = "final", "Final", "Final"
