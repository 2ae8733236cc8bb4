"""Writes of the strengths app, split by subdomain: catalogue, stories, feedback, profile."""
