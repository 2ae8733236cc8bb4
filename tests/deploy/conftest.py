"""The production stack as plain processes: HAProxy (TLS) → two gunicorn instances → PostgreSQL,
with the task worker as a third process. Settings come from deploy/production.env.example
(DEBUG off, HTTPS-only cookies, HSTS), with a database of its own and local host names.

Skipped unless PostgreSQL answers at NW_DEPLOY_PG (default postgres://postgres@127.0.0.1:5432)
and HAProxy and Chromium are installed; NW_REQUIRE_DEPLOY=1 (CI, .ci/deploy.sh) turns a
missing piece into a failure. The processes' logs go to NW_TEST_LOG_DIR, which the log check
at the end of the run reads (tests/logs/test_no_personal_data.py).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import shutil
import signal
import subprocess  # noqa: S404 - starts our own console scripts and HAProxy
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
EXAMPLE = PROJECT_DIR / "deploy" / "production.env.example"
BIN = Path(sys.executable).parent
PG = os.environ.get("NW_DEPLOY_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DB_NAME = os.environ.get("NW_DEPLOY_DB_PREFIX", "nw_deploy") + "_stack"
PORT_BASE = int(os.environ.get("NW_DEPLOY_PORT_BASE", "8160"))
CHROMIUM = os.environ.get("NW_CHROMIUM", "/usr/bin/chromium")
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"


def pytest_collection_modifyitems(config, items):  # noqa: ANN001
    """Mark the stack tests and run them first: Playwright's sync API allows one instance per
    thread, and tests/browser keeps its browser open until the end of the session."""
    for item in items:
        if "tests/deploy" in str(item.fspath):
            item.add_marker(pytest.mark.deploy)
    items.sort(key=lambda item: "tests/deploy" not in str(item.fspath))


def _missing() -> str:
    import psycopg

    try:
        psycopg.connect(f"{PG}/postgres", connect_timeout=3).close()
    except psycopg.Error:
        return f"PostgreSQL does not answer at {PG}"
    if not Path(HAPROXY).exists():
        return "HAProxy is not installed (apt-get install haproxy; .ci/deploy.sh)"
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM}"
    return ""


def example_environment() -> dict[str, str]:
    variables = {}
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            variables[name.strip()] = value.strip()
    return variables


def _certificate(directory: Path) -> Path:
    """A self-signed certificate for 127.0.0.1 (HAProxy terminates TLS, as in production)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
            critical=False)
        .sign(key, hashes.SHA256()))
    pem = directory / "haproxy.pem"
    pem.write_bytes(certificate.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    return pem


HAPROXY_CONFIG = """\
global
    maxconn 256
defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    option forwardfor
frontend balanced
    bind 127.0.0.1:{balanced} ssl crt {pem}
    http-request set-header X-Forwarded-Proto https
    http-request set-header X-Request-ID %[uuid()] unless {{ req.hdr(X-Request-ID) -m found }}
    default_backend app
frontend only_a
    bind 127.0.0.1:{front_a} ssl crt {pem}
    http-request set-header X-Forwarded-Proto https
    default_backend app_a
frontend only_b
    bind 127.0.0.1:{front_b} ssl crt {pem}
    http-request set-header X-Forwarded-Proto https
    default_backend app_b
backend app
    balance roundrobin
    option httpchk
    http-check send meth GET uri /health/ready/ hdr Host 127.0.0.1
    server a 127.0.0.1:{app_a} check inter 1s
    server b 127.0.0.1:{app_b} check inter 1s
backend app_a
    server a 127.0.0.1:{app_a}
backend app_b
    server b 127.0.0.1:{app_b}
"""


@dataclass
class Stack:
    directory: Path
    env: dict[str, str]
    ports: dict[str, int]
    logs: Path
    ready_before_worker: int = 0
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def url(self, frontend: str, path: str = "/") -> str:
        return f"https://127.0.0.1:{self.ports[frontend]}{path}"

    def neuewege(self, *args: str, timeout: int = 300) -> str:
        done = subprocess.run([str(BIN / "neuewege"), *args], env=self.env, cwd=PROJECT_DIR,  # noqa: S603
                              capture_output=True, text=True, timeout=timeout, check=False)
        with (self.logs / "deploy-commands.log").open("a", encoding="utf-8") as log:
            log.write(done.stdout + done.stderr)
        assert done.returncode == 0, f"neuewege {' '.join(args)}:\n{done.stdout}{done.stderr}"
        return done.stdout

    def start(self, name: str, command: list[str], extra: dict[str, str] | None = None) -> None:
        log = (self.logs / f"deploy-{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(  # noqa: S603
            command, env={**self.env, **(extra or {})}, cwd=PROJECT_DIR, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True)

    def log_of(self, name: str) -> str:
        return (self.logs / f"deploy-{name}.log").read_text(encoding="utf-8", errors="replace")

    def sql(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(f"{PG}/{DB_NAME}", autocommit=True) as connection:
            cursor = connection.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def wait_ready(self, url: str, seconds: float = 90) -> None:
        import ssl
        import urllib.request

        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        deadline = time.monotonic() + seconds
        last = ""
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                assert process.poll() is None, f"{name} stopped:\n{self.log_of(name)[-3000:]}"
            try:
                with urllib.request.urlopen(url, timeout=5, context=context) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError as error:
                last = str(error)
            time.sleep(0.5)
        raise AssertionError(f"{url} not ready after {seconds} s ({last})")

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGINT)  # quick stop (gunicorn: no graceful wait)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def _status(url: str) -> int:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our test server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DB_NAME}"')


def _drop_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


@pytest.fixture(scope="module")  # stopped before the log check reads the processes' logs
def stack(tmp_path_factory) -> Iterator[Stack]:  # noqa: ANN001
    reason = _missing()
    if reason:
        if os.environ.get("NW_REQUIRE_DEPLOY") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    directory = tmp_path_factory.mktemp("stack")
    logs = Path(os.environ.get("NW_TEST_LOG_DIR") or directory)
    ports = {"balanced": PORT_BASE, "a": PORT_BASE + 1, "b": PORT_BASE + 2,
             "app_a": PORT_BASE + 3, "app_b": PORT_BASE + 4}
    base = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "TMPDIR")
            if name in os.environ}
    env = {**base, **example_environment(),
           # The example, pointed at this machine: its own database, no Redis (database cache),
           # local host names; everything else (DEBUG off, secure cookies, HSTS) as shipped.
           "DATABASE_URL": f"{PG}/{DB_NAME}", "CACHE_URL": "", "CONN_MAX_AGE": "0",
           "ALLOWED_HOSTS": "127.0.0.1,localhost",
           "CSRF_TRUSTED_ORIGINS": ",".join(f"https://127.0.0.1:{p}" for p in
                                            (ports["balanced"], ports["a"], ports["b"])),
           "NW_PORTAL_BASE_URL": f"https://127.0.0.1:{ports['balanced']}",
           "STATIC_ROOT": str(directory / "static"), "NW_MATCHER_CACHE_DIR": "",
           "NW_WARM_MATCHER": "false", "LOG_LEVEL": "INFO", "NW_WORKER_HEARTBEAT_SECONDS": "1",
           "WEB_CONCURRENCY": "2", "FORWARDED_ALLOW_IPS": "127.0.0.1"}
    _recreate_database()
    stack = Stack(directory, env, ports, logs)
    try:
        # `neuewege migrate`, `neuewege collectstatic` and the personas, in one process
        # (each start of a process costs seconds on a busy CI machine).
        stack.neuewege("shell", "-c", "\n".join((
            "from django.core.management import call_command",
            "from neue_wege.testing.personas import build_cast",
            "call_command('migrate', interactive=False, verbosity=0)",
            "call_command('collectstatic', interactive=False, verbosity=0)",
            "build_cast()")))
        pem = _certificate(directory)
        config = directory / "haproxy.cfg"
        config.write_text(HAPROXY_CONFIG.format(
            pem=pem, balanced=ports["balanced"], front_a=ports["a"], front_b=ports["b"],
            app_a=ports["app_a"], app_b=ports["app_b"]), encoding="utf-8")
        gunicorn = [str(BIN / "gunicorn"), "-c", str(PROJECT_DIR / "deploy" / "gunicorn.conf.py"),
                    "neue_wege.wsgi"]
        stack.start("web-a", gunicorn, {"NW_BIND": f"127.0.0.1:{ports['app_a']}"})
        stack.start("web-b", gunicorn, {"NW_BIND": f"127.0.0.1:{ports['app_b']}"})
        stack.start("haproxy", [HAPROXY, "-f", str(config), "-db"])
        stack.wait_ready(f"http://127.0.0.1:{ports['app_a']}/health/live/")
        stack.wait_ready(f"http://127.0.0.1:{ports['app_b']}/health/live/")
        # Before any worker has reported, the instances are alive but not ready.
        stack.ready_before_worker = _status(f"http://127.0.0.1:{ports['app_a']}/health/ready/")
        stack.start("worker", [str(BIN / "neuewege"), "worker", "--no-reload", "--interval", "1",
                               "--verbosity", "1"])
        stack.wait_ready(stack.url("balanced", "/health/ready/"))
        yield stack
    finally:
        stack.stop()
        _drop_database()


@pytest.fixture(scope="module")
def deploy_browser(stack) -> Iterator[Any]:  # noqa: ANN001
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        yield browser
        browser.close()
