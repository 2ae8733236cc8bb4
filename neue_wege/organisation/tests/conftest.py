"""Extra people for the administration tests, beside the fixed cast."""

from __future__ import annotations

import pytest

from neue_wege.organisation.models import User
from neue_wege.testing.personas import make_user

NON_ADMIN_STAFF = ("fatma", "karl", "maria", "olga")


@pytest.fixture
def other_admin(cast):  # noqa: ANN001
    """The administrator of the other job centre (tenant isolation)."""
    return make_user("otto", User.Role.ADMINISTRATOR, cast.other_job_centre, "Otto", "Anders")


@pytest.fixture
def participant_account(cast):  # noqa: ANN001
    """A participant's portal account in our job centre: not managed on these pages."""
    return make_user("nina.portal", User.Role.PARTICIPANT, cast.job_centre, "Nina", "Kemper")
