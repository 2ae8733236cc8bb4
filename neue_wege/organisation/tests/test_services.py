import pytest
from django.contrib.sessions.backends.db import SessionStore

from neue_wege.organisation import services
from neue_wege.organisation.exceptions import AccountError, LocationError
from neue_wege.organisation.models import Location, User
from neue_wege.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "Lange-Sommerwiese-zu-Borken"


def new_account(cast, **changes):
    fields = {"username": "hanna", "password": PASSWORD, "first_name": "Hanna",
              "last_name": "Lütke", "role": User.Role.FACILITATOR}
    fields.update(changes)
    return services.user_create(actor=cast.admin, **fields)


def audit_rows(obj, action):
    return AuditEvent.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk),
                                     action=action)


# --- user_create ---------------------------------------------------------------------------------
def test_user_create_puts_account_in_actor_job_centre(cast):
    account = new_account(cast, home_location=cast.location)
    assert account.job_centre == cast.job_centre
    assert account.check_password(PASSWORD)
    assert account.is_active
    assert audit_rows(account, "create").get().actor == cast.admin


def test_user_create_refuses_non_admin(cast):
    with pytest.raises(AccountError):
        services.user_create(actor=cast.maria, username="x", password=PASSWORD,
                             first_name="X", last_name="Y", role=User.Role.FACILITATOR)
    assert not User.objects.filter(username="x").exists()


def test_user_create_refuses_participant_role(cast):
    with pytest.raises(AccountError, match="Rolle"):
        new_account(cast, role=User.Role.PARTICIPANT)


def test_user_create_refuses_foreign_home_location(cast):
    foreign = Location.objects.create(job_centre=cast.other_job_centre, name="Rheine",
                                      municipality=cast.gronau)
    with pytest.raises(AccountError, match="Dienstort"):
        new_account(cast, home_location=foreign)


def test_user_create_refuses_weak_password(cast):
    with pytest.raises(AccountError, match="kurz"):
        new_account(cast, password="kurz1")
    assert not User.objects.filter(username="hanna").exists()


def test_user_create_refuses_taken_username(cast):
    with pytest.raises(AccountError, match="Benutzernamen"):
        new_account(cast, username="Fatma")


def test_user_create_refuses_invalid_username(cast):
    with pytest.raises(AccountError):
        new_account(cast, username="hanna lütke!")


# --- user_update ---------------------------------------------------------------------------------
def test_user_update_changes_fields_and_audits(cast):
    services.user_update(actor=cast.admin, user=cast.karl, role=User.Role.MANAGEMENT,
                         last_name="Böing-Terwey", home_location=cast.location)
    cast.karl.refresh_from_db()
    assert (cast.karl.role, cast.karl.last_name) == (User.Role.MANAGEMENT, "Böing-Terwey")
    assert "role" in audit_rows(cast.karl, "change").get().reason


def test_user_update_ignores_fields_it_does_not_manage(cast):
    services.user_update(actor=cast.admin, user=cast.karl, username="neu", is_superuser=True)
    cast.karl.refresh_from_db()
    assert cast.karl.username == "karl" and not cast.karl.is_superuser


def test_user_update_refuses_other_job_centre(cast):
    with pytest.raises(AccountError):
        services.user_update(actor=cast.admin, user=cast.olga, last_name="X")


def test_user_update_refuses_portal_accounts(cast, participant_account):
    with pytest.raises(AccountError):
        services.user_update(actor=cast.admin, user=participant_account, last_name="X")


def test_user_update_refuses_own_role_change(cast):
    with pytest.raises(AccountError, match="eigene Rolle"):
        services.user_update(actor=cast.admin, user=cast.admin, role=User.Role.MANAGEMENT)


def test_user_update_refuses_invalid_email(cast):
    with pytest.raises(AccountError):
        services.user_update(actor=cast.admin, user=cast.karl, email="kein-mail")


# --- user_deactivate / user_reactivate -----------------------------------------------------------
def _session_for(user):
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store.create()
    return store.session_key


def test_user_deactivate_ends_only_that_users_sessions(cast):
    karl_key, petra_key = _session_for(cast.karl), _session_for(cast.petra)
    services.user_deactivate(actor=cast.admin, user=cast.karl)
    cast.karl.refresh_from_db()
    assert not cast.karl.is_active
    assert not SessionStore().exists(karl_key)
    assert SessionStore().exists(petra_key)
    assert "sessions ended: 1" in audit_rows(cast.karl, "change").get().reason


def test_user_deactivate_refuses_self_and_repeat(cast):
    with pytest.raises(AccountError):
        services.user_deactivate(actor=cast.admin, user=cast.admin)
    services.user_deactivate(actor=cast.admin, user=cast.karl)
    with pytest.raises(AccountError):
        services.user_deactivate(actor=cast.admin, user=cast.karl)


def test_user_deactivate_refuses_non_admin(cast):
    with pytest.raises(AccountError):
        services.user_deactivate(actor=cast.fatma, user=cast.karl)


def test_user_reactivate_round_trip(cast):
    services.user_deactivate(actor=cast.admin, user=cast.karl)
    services.user_reactivate(actor=cast.admin, user=cast.karl)
    cast.karl.refresh_from_db()
    assert cast.karl.is_active
    with pytest.raises(AccountError):
        services.user_reactivate(actor=cast.admin, user=cast.karl)


# --- locations -----------------------------------------------------------------------------------
def test_location_create_and_update(cast):
    venue = services.location_create(actor=cast.admin, name="Treff Gronau",
                                     kind=Location.Kind.MOBILE_VENUE, municipality=cast.gronau)
    assert venue.job_centre == cast.job_centre
    assert audit_rows(venue, "create").exists()
    services.location_update(actor=cast.admin, location=venue, address="Markt 1")
    venue.refresh_from_db()
    assert venue.address == "Markt 1"
    assert audit_rows(venue, "change").exists()


def test_location_create_refuses_non_admin_and_duplicates(cast):
    with pytest.raises(LocationError):
        services.location_create(actor=cast.fatma, name="X", kind="office",
                                 municipality=cast.gronau)
    with pytest.raises(LocationError, match="Namen"):
        services.location_create(actor=cast.admin, name="BOCHOLT", kind="office",
                                 municipality=cast.gronau)


def test_location_update_refuses_other_job_centre(cast, other_admin):
    with pytest.raises(LocationError):
        services.location_update(actor=other_admin, location=cast.location, name="Meins")


def test_location_create_refuses_unknown_kind(cast):
    with pytest.raises(LocationError):
        services.location_create(actor=cast.admin, name="Zelt", kind="tent",
                                 municipality=cast.gronau)


def test_location_deactivate_and_reactivate(cast):
    services.location_deactivate(actor=cast.admin, location=cast.location)
    assert not Location.objects.get(pk=cast.location.pk).is_active
    with pytest.raises(LocationError):
        services.location_deactivate(actor=cast.admin, location=cast.location)
    services.location_reactivate(actor=cast.admin, location=cast.location)
    assert Location.objects.get(pk=cast.location.pk).is_active
    with pytest.raises(LocationError):
        services.location_reactivate(actor=cast.admin, location=cast.location)
    assert audit_rows(cast.location, "change").count() == 2


# --- user_set_password ---------------------------------------------------------------------------
def test_user_set_password_ends_sessions_and_audits(cast):
    key = _session_for(cast.karl)
    services.user_set_password(actor=cast.admin, user=cast.karl, password=PASSWORD)
    cast.karl.refresh_from_db()
    assert cast.karl.check_password(PASSWORD)
    assert not SessionStore().exists(key)
    assert "password set" in audit_rows(cast.karl, "change").get().reason


def test_user_set_password_refuses_weak_self_and_non_admin(cast):
    with pytest.raises(AccountError):
        services.user_set_password(actor=cast.admin, user=cast.karl, password="123")
    with pytest.raises(AccountError):
        services.user_set_password(actor=cast.admin, user=cast.admin, password=PASSWORD)
    with pytest.raises(AccountError):
        services.user_set_password(actor=cast.maria, user=cast.karl, password=PASSWORD)
    with pytest.raises(AccountError):
        services.user_set_password(actor=cast.admin, user=cast.olga, password=PASSWORD)
