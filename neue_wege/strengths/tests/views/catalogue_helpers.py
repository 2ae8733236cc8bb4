"""A planned (not yet in force) catalogue version for the catalogue view tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from neue_wege.strengths.services.catalogue_edit import catalogue_version_create


def planned_version(cast):  # noqa: ANN001, ANN201
    return catalogue_version_create(actor=cast.fatma,
                                    valid_from=timezone.localdate() + dt.timedelta(days=7),
                                    change_note="Pflege-Karten ergänzen")
