"""Twinning RKTL: mentor–mentee programmes of UPTD PAL units and their follow-up action plans."""
