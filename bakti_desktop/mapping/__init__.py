"""School sanitation mapping: schools, surveys, JMP ladders, import, analysis, reports."""
