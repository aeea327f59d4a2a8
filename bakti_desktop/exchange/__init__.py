"""Exchange with the outside: reading workbooks safely, writing safe cells."""
