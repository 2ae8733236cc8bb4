import pytest
from django.http import Http404

from neue_wege.organisation import selectors
from neue_wege.privacy import access

pytestmark = pytest.mark.django_db


def test_only_admins_get_accounts(cast):
    assert {u.username for u in selectors.user_list_for(user=cast.admin)} == {
        "fatma", "jonas", "karl", "petra", "maria", "admin"}
    for name in ("fatma", "karl", "maria", "olga"):
        assert not selectors.user_list_for(user=getattr(cast, name)).exists()


def test_portal_accounts_are_left_out(cast, participant_account):
    assert participant_account not in selectors.user_list_for(user=cast.admin)


def test_deactivated_admin_sees_nothing(cast):
    cast.admin.is_active = False
    assert not selectors.user_list_for(user=cast.admin).exists()
    assert not selectors.location_list_for(user=cast.admin).exists()


def test_locations_for_reads_for_all_staff_but_managed_only_by_admin(cast):
    assert list(access.locations_for(cast.fatma)) == [cast.location]
    assert not access.locations_for(cast.olga).exists()
    assert not access.managed_locations_for(cast.fatma).exists()
    with pytest.raises(Http404):
        access.access_location(cast.fatma, cast.location.pk)
    assert access.access_location(cast.admin, cast.location.pk) == cast.location


def test_access_user_rejects_garbage_ids(cast):
    for bad in ("abc", None, "1.5", 10**30):
        with pytest.raises(Http404):
            access.access_user(cast.admin, bad)


def test_municipalities_only_for_admins(cast):
    assert selectors.municipality_list_for(user=cast.admin).count() == 2
    assert not selectors.municipality_list_for(user=cast.maria).exists()
