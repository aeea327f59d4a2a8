"""PKSAI coordination meetings: minutes, attendance by sex, follow-up actions."""
