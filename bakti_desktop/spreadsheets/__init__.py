"""Spreadsheets: reading workbooks safely (size limits first, streamed when large) and writing safe cells."""
