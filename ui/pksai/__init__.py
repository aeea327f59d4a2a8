"""The PKSAI minutes workspace."""
