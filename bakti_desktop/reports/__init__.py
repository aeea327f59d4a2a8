"""Shared building blocks of the printed documents (PDF, Excel, Word)."""
