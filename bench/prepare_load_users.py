"""Give staff accounts of a bench database a known password and authenticator key, so that
the load test (bench/locustfile.py) logs them in for real (password, then TOTP code).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nw_lists_1m \\
        .venv/bin/python bench/prepare_load_users.py --count 20 > var/load_users.txt

Picks case managers, facilitators, management and administrators of the first job centre
(the demo personas first), sets the demo password and a confirmed device with the public demo
key (neue_wege.testing.personas.TOTP_KEY) and prints "username role" per line. Each simulated
user needs an account of its own: a TOTP code is accepted once per account and 30 s step.
Bench databases only: it refuses a database whose name does not start with "nw_" or "test_".
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Neue-Wege-Demo-2026"  # noqa: S105 - the public demo password, bench data only
# Share of the simulated users per role (the rest are case managers).
MIX = {"facilitator": 0.3, "management": 0.1, "administrator": 0.1}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "neue_wege.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection, transaction
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from neue_wege.organisation.models import User
    from neue_wege.testing.personas import TOTP_KEY

    name = str(connection.settings_dict["NAME"])
    if not Path(name).name.startswith(("nw_", "test_", "bench")):
        sys.exit(f"refusing {name}: bench databases only")
    centre = User.objects.filter(username="karl").values_list("job_centre_id", flat=True).first()
    wanted = {role: max(1, round(args.count * share)) for role, share in MIX.items()}
    wanted["case_manager"] = args.count - sum(wanted.values())
    chosen: list[User] = []
    for role, count in wanted.items():
        staff = (User.objects.filter(role=role, is_active=True, job_centre_id=centre)
                 .order_by("date_joined", "username")[:count])
        chosen += list(staff)
    if len(chosen) < args.count:  # too few of a role: more case managers instead
        chosen += list(User.objects.filter(role="case_manager", is_active=True,
                                           job_centre_id=centre)
                       .exclude(pk__in=[user.pk for user in chosen])
                       .order_by("date_joined", "username")[:args.count - len(chosen)])
    with transaction.atomic():
        for user in chosen:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
            TOTPDevice.objects.filter(user=user).delete()
            TOTPDevice.objects.create(user=user, name="Last-Test", key=TOTP_KEY, confirmed=True)
    for user in chosen:
        print(user.username, user.role)
    if len(chosen) < args.count:
        print(f"only {len(chosen)} staff accounts; users will share them", file=sys.stderr)


if __name__ == "__main__":
    main()
