#!/usr/bin/env bash
# CI for the production runtime (issue 16), sourced by .ci/run before the test lanes:
# HAProxy from Debian for the stack test (tests/deploy: HAProxy with TLS in front of two
# gunicorn instances and the worker, against PostgreSQL). The stack test uses no test database,
# so only lane 1 runs it (the PostgreSQL lane keeps database tests only); NW_REQUIRE_DEPLOY=1
# makes a missing piece fail instead of skip. About 60 s of lane 1 on two cores.
if ! command -v haproxy >/dev/null && [ ! -x /usr/sbin/haproxy ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; }
fi
# Not `| head -1`: under pipefail, haproxy writing its later lines into the closed pipe
# ends CI with SIGPIPE (exit 141; it did on 5 Dec 2026). sed reads all of it.
/usr/sbin/haproxy -v | sed -n 1p
export NW_REQUIRE_DEPLOY=1
