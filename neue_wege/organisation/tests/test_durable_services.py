"""Entry-point services open the outer transaction (`atomic(durable=True)`): called inside
another transaction they refuse, instead of silently becoming part of it."""

from __future__ import annotations

import pytest
from django.db import transaction

from neue_wege.clients import services as client_services
from neue_wege.organisation import services


def test_an_entry_point_service_runs_on_its_own(cast):  # noqa: ANN001
    services.user_deactivate(actor=cast.admin, user=cast.petra)
    cast.petra.refresh_from_db()
    assert cast.petra.is_active is False


@pytest.mark.parametrize("call", [
    lambda cast: services.user_deactivate(actor=cast.admin, user=cast.petra),
    lambda cast: services.location_reactivate(actor=cast.admin,
                                              location=cast.run_a.location),
    lambda cast: client_services.client_update(actor=cast.karl, client=cast.nina,
                                               first_name="Nina"),
])
def test_an_entry_point_service_refuses_to_run_inside_another_transaction(cast, call):  # noqa: ANN001
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        call(cast)
