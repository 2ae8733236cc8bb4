"""gunicorn configuration of Neue Wege: `gunicorn -c deploy/gunicorn.conf.py neue_wege.wsgi`.

Every value can be set from the environment (deploy/production.env.example, deploy/README.md):

| variable | default | meaning |
|---|---|---|
| `NW_BIND` | `0.0.0.0:8000` | address:port (or `unix:/run/neuewege/web.sock`) |
| `WEB_CONCURRENCY` | 2 × cores + 1, at most 8 | worker processes (each 250–400 MB with the matcher) |
| `NW_WEB_THREADS` | `1` | threads per worker (sync worker when 1) |
| `NW_WEB_TIMEOUT` | `60` | seconds before a silent worker is restarted |
| `FORWARDED_ALLOW_IPS` | `127.0.0.1` | addresses of the reverse proxy whose X-Forwarded-* headers count |

`preload_app` loads Django and the occupation matcher once in the master; the workers share it
(copy-on-write). Logs are JSON lines on stderr (neue_wege.core.logs.JsonFormatter); the
access log has the path without the query string and the X-Request-ID.
"""

import multiprocessing
import os

bind = os.environ.get("NW_BIND", "0.0.0.0:8000")  # noqa: S104 - inside a container or behind a proxy
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
threads = int(os.environ.get("NW_WEB_THREADS", "1"))
timeout = int(os.environ.get("NW_WEB_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
preload_app = True
# Recycle workers now and then (memory of long-lived processes), not all at once.
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The heartbeat file of each worker lives in memory, not on a (possibly slow) disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
proc_name = "neuewege-web"
# gunicorn ≥ 24 opens a control socket in ~/.gunicorn by default; two instances on one host
# would fight over it, and nothing here uses it.
control_socket_disable = True
# Request lines with a query string never reach a log (searches by name live there).
limit_request_line = 8190
accesslog = "-"
errorlog = "-"
# The access atoms go to the JSON formatter as fields (path = %(U)s, without the query).
access_log_format = "%(m)s %(U)s %(s)s"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "neue_wege.core.logs.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json",
                            "stream": "ext://sys.stderr"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}


def when_ready(server):  # noqa: ANN001, ANN201 - gunicorn's hook signature
    """Load the URLconf (every view module) in the master before the workers fork, so the
    first request of each worker does not wait for imports (preload_app loads only wsgi.py)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the attribute access does the loading
