"""A real OpenID Connect provider for tests: tests/oidc/provider.mjs (npm oidc-provider).

`running_provider(...)` starts it on a free port of 127.0.0.1 with the given directory
accounts, waits for its discovery document and yields a handle; `settings_for(handle)` gives the
Django settings that point single sign-on at it. `handle.disable(login)` disables an account as
an administrator would in the county's directory.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[2]
PROVIDER = ROOT / "tests" / "oidc" / "provider.mjs"
CLIENT_ID = "neue-wege"
CLIENT_SECRET = "test-secret-for-the-local-provider-only"  # noqa: S105 - local test provider


@dataclass
class Provider:
    issuer: str
    accounts_file: Path
    accounts: dict[str, dict[str, Any]]

    def disable(self, login: str) -> None:
        self.accounts[login]["disabled"] = True
        self.accounts_file.write_text(json.dumps(self.accounts), encoding="utf-8")


def available() -> str | None:
    """Why the provider cannot run here, or None."""
    if shutil.which("node") is None:
        return "Node.js not found"
    if not (ROOT / "node_modules" / "oidc-provider").is_dir():
        return "npm package oidc-provider missing (./dev sets it up with npm ci)"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_provider(*, accounts: dict[str, dict[str, Any]], redirect_uri: str,
                     post_logout_redirect_uri: str, workdir: Path) -> Iterator[Provider]:
    port = _free_port()
    accounts_file = workdir / "directory.json"
    accounts_file.write_text(json.dumps(accounts), encoding="utf-8")
    env = {**os.environ, "PORT": str(port), "ACCOUNTS": str(accounts_file),
           "CLIENT_ID": CLIENT_ID, "CLIENT_SECRET": CLIENT_SECRET,
           "REDIRECT_URI": redirect_uri, "POST_LOGOUT_REDIRECT_URI": post_logout_redirect_uri}
    log = (workdir / "provider.log").open("w")
    node = shutil.which("node") or "node"
    process = subprocess.Popen([node, str(PROVIDER)], cwd=ROOT, env=env,  # noqa: S603
                               stdout=log, stderr=subprocess.STDOUT)
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                requests.get(issuer + "/.well-known/openid-configuration", timeout=1)
                break
            except requests.RequestException:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("oidc-provider did not start: "
                                       + (workdir / "provider.log").read_text()) from None
                time.sleep(0.1)
        yield Provider(issuer=issuer, accounts_file=accounts_file, accounts=accounts)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def settings_for(provider: Provider, **extra: Any) -> dict[str, Any]:
    """The settings of an installation that uses this provider (from its discovery)."""
    discovery = requests.get(provider.issuer + "/.well-known/openid-configuration",
                             timeout=5).json()
    return {
        "OIDC_RP_CLIENT_ID": CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_OP_AUTHORIZATION_ENDPOINT": discovery["authorization_endpoint"],
        "OIDC_OP_TOKEN_ENDPOINT": discovery["token_endpoint"],
        "OIDC_OP_USER_ENDPOINT": discovery["userinfo_endpoint"],
        "OIDC_OP_JWKS_ENDPOINT": discovery["jwks_uri"],
        "NW_OIDC_END_SESSION_ENDPOINT": discovery["end_session_endpoint"],
        **extra,
    }
