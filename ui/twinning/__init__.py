"""The twinning RKTL workspace."""
