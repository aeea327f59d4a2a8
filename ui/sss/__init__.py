"""The SSS drafting workspace."""
