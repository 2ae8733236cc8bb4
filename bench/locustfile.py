"""Load test: staff users click through their list pages against gunicorn (not a test).

    .venv/bin/pip install -r bench/requirements.txt
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nw_lists_1m \\
        .venv/bin/python bench/prepare_load_users.py --count 20 > var/load_users.txt
    DATABASE_URL=… NW_WARM_MATCHER=false .venv/bin/gunicorn neue_wege.wsgi -w 4 --preload \\
        -b 127.0.0.1:8100 &
    NW_LOAD_USERS=var/load_users.txt .venv/bin/locust -f bench/locustfile.py --headless \\
        -u 20 -r 1 -t 80s --reset-stats -H http://127.0.0.1:8100 --csv var/locust --only-summary

Every simulated user logs in for real (password form, then the TOTP code of the public demo
key) with an account of its own, then loops over the pages of its role with 1–3 s between
clicks (a person reading a list): start page, lists, the next and the last page of a list
(keyset links), a record from the list. Requests are named by page, so the summary shows
the p95 per page. A failed log-in or any status other than 200 counts as an error.
Log-ins cost an Argon2 hash each (about 100 MB, by design), so users arrive one per second
and `--reset-stats` starts the figures once all 20 are in: the 60 s after spawning are the
steady state measured ("log-in …" rows show the log-ins still running then).
"""

from __future__ import annotations

import itertools
import os
import random
import re
import threading
import time

from django_otp.oath import totp
from locust import HttpUser, between, task

TOTP_KEY = bytes.fromhex("4e65756520576567652044656d6f2d4b65792121")  # personas.TOTP_KEY
PASSWORD = "Neue-Wege-Demo-2026"  # noqa: S105 - public demo password (prepare_load_users.py)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NEXT = re.compile(r'href="(\?[^"]*nach=[^"]+)" rel="next"')
LAST = re.compile(r'href="(\?[^"]*ende=1[^"]*)"')
CLIENT = re.compile(r'href="(/kundinnen/[0-9a-f-]{36}/)"')
REFERRAL = re.compile(r'href="(/zuweisungen/[0-9a-f-]{36}/)"')
RUN = re.compile(r'href="(/durchlaeufe/[0-9a-f-]{36}/)"')


def _accounts() -> list[tuple[str, str]]:
    path = os.environ.get("NW_LOAD_USERS", "var/load_users.txt")
    with open(path, encoding="utf-8") as lines:
        return [tuple(line.split()[:2]) for line in lines if line.strip()]  # type: ignore[misc]


ACCOUNTS = _accounts()
_next_account = itertools.count()
_lock = threading.Lock()


class Staff(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        with _lock:
            self.username, self.role = ACCOUNTS[next(_next_account) % len(ACCOUNTS)]
        page = self.client.get("/anmelden/", name="log-in form")
        token = CSRF.search(page.text).group(1)
        self.client.post("/anmelden/", name="log-in password", data={
            "username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token})
        for _attempt in range(3):  # a code is valid once per account and 30-s step
            form = self.client.get("/anmelden/code/", name="log-in code form")
            token = CSRF.search(form.text).group(1)
            with self.client.post("/anmelden/code/", name="log-in code", catch_response=True,
                                  data={"code": f"{totp(TOTP_KEY):06d}",
                                        "csrfmiddlewaretoken": token}) as answer:
                if "/anmelden/" not in answer.url:
                    answer.success()
                    return
                answer.failure(f"{self.username}: code refused")
            time.sleep(31 - time.time() % 30)
        raise RuntimeError(f"{self.username} could not log in")

    def _get(self, url: str, name: str) -> str:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200 or "/anmelden/" in response.url:
                response.failure(f"{response.status_code} {response.url}")
                return ""
            return response.text

    def _list(self, path: str, name: str, record: re.Pattern[str] | None = None) -> None:
        html = self._get(path, name)
        following = NEXT.search(html)
        if following and random.random() < 0.5:  # noqa: S311 - load pattern, not security
            self._get(path + following.group(1).replace("&amp;", "&"), f"{name}, next page")
        last = LAST.search(html)
        if last and random.random() < 0.3:  # noqa: S311
            self._get(path + last.group(1).replace("&amp;", "&"), f"{name}, last page")
        found = record.findall(html) if record else []
        if found:
            self._get(random.choice(found), f"{name}: record")  # noqa: S311

    @task
    def work(self) -> None:
        self._get("/health/", "health check")  # the baseline under the same load
        self._get("/", f"start page ({self.role})")
        if self.role == "case_manager":
            self._list("/kundinnen/", "client list", CLIENT)
            self._list("/zuweisungen/", "referral list (case manager)", REFERRAL)
            self._list("/nachbefragungen/", "follow-ups due")
        elif self.role == "facilitator":
            self._list("/durchlaeufe/", "run list", RUN)
            self._list("/zuweisungen/?status=&runs=", "referral list (facilitator)", REFERRAL)
            self._get("/projekte/", "programme list")
        elif self.role == "administrator":
            self._list("/verwaltung/protokoll/", "audit log")
            self._list("/verwaltung/protokoll/?action=view", "audit log, filtered")
            self._get("/verwaltung/konten/", "account list")
        else:  # management: the overview, the run list
            self._list("/durchlaeufe/", "run list (management)")
