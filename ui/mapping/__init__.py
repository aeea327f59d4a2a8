"""The school sanitation mapping workspace."""
