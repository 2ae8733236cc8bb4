"""Production configuration: `check --deploy` passes with deploy/production.env.example only.

The check runs in a fresh process, as an operator would run it, with the example file loaded
by the shell (`set -a; . deploy/production.env.example; set +a`). The second test shows the
check is not a rubber stamp: with the development defaults it fails on the known warnings.
"""

from __future__ import annotations

import os
import subprocess  # noqa: S404 - runs our own console script with a fixed argument list
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[3]
EXAMPLE = PROJECT_DIR / "deploy" / "production.env.example"
NEUEWEGE = Path(sys.executable).parent / "neuewege"


def _example_variables() -> dict[str, str]:
    variables = {}
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            variables[name.strip()] = value.strip()
    return variables


def _clean_environment() -> dict[str, str]:
    """A minimal environment, as on a server: nothing of the test runner's settings leaks in
    (e.g. DJANGO_ALLOW_ASYNC_UNSAFE, set by the browser tests, fails check --deploy)."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV")
    return {name: os.environ[name] for name in keep if name in os.environ}


def _check_deploy(command_prefix: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    environment = _clean_environment()
    environment["SQLITE_PATH"] = str(tmp_path / "check.sqlite3")
    return subprocess.run(  # noqa: S603
        ["/bin/bash", "-c",
         f'{command_prefix} exec "$0" check --deploy --fail-level WARNING', str(NEUEWEGE)],
        cwd=PROJECT_DIR, env=environment, capture_output=True, text=True, timeout=120,
        check=False,
    )


def test_example_lists_the_production_essentials() -> None:
    variables = _example_variables()
    for name in ["SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASE_URL",
                 "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
                 "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "AXES_FAILURE_LIMIT"]:
        assert variables.get(name), f"{name} missing from {EXAMPLE.name}"
    assert variables["DEBUG"] == "false"
    assert int(variables["SECURE_HSTS_SECONDS"]) >= 31536000
    key = variables["SECRET_KEY"]
    assert len(key) >= 50 and len(set(key)) >= 20
    assert not key.startswith("django-insecure")
    assert variables["DATABASE_URL"].startswith("postgres://")


@pytest.mark.skipif(not NEUEWEGE.exists(), reason="console script neuewege not installed")
def test_check_deploy_passes_with_the_production_example(tmp_path: Path) -> None:
    result = _check_deploy(f"set -a; . '{EXAMPLE}'; set +a;", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


@pytest.mark.skipif(not NEUEWEGE.exists(), reason="console script neuewege not installed")
def test_check_deploy_fails_with_the_development_defaults(tmp_path: Path) -> None:
    result = _check_deploy("", tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    # Development key, no HSTS, no HTTPS redirect, cookies not Secure, no field keys.
    for warning in ["security.W009", "security.W004", "security.W008", "security.W012",
                    "security.W016", "neue_wege.E001"]:
        assert warning in output
