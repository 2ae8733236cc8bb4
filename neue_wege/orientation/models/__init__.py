"""Orientation models: the occupational classification (imported) and the participant's
path (interests, vision, obstacles, next steps, occupation suggestions)."""

from neue_wege.orientation.models.occupations import *  # noqa: F403
from neue_wege.orientation.models.pathway import *  # noqa: F403
