"""Writes of the orientation app (each with its audit where personal data is touched)."""
