# Neue Wege: the container image (deploy/README.md). Build: `podman build -t neue-wege .`
# (or `docker build -t neue-wege .`). Three stages: npm assets, Python packages from the hashed
# lock file, and the final image: no compiler, no npm, no pip cache, a non-root user.
ARG PYTHON_IMAGE=docker.io/library/python:3.11-slim-bookworm
ARG NODE_IMAGE=docker.io/library/node:20-bookworm-slim

# --- 1. Front-end assets (KERN UX, htmx) from package-lock.json --------------------------------
FROM ${NODE_IMAGE} AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

# --- 2. Python packages, exactly those in requirements.lock (hashes checked) -------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
COPY requirements.lock /tmp/requirements.lock
RUN /opt/venv/bin/pip install --require-hashes --no-deps -r /tmp/requirements.lock

# --- 3. The image that runs ---------------------------------------------------------------------
FROM ${PYTHON_IMAGE}
# Run-time libraries only: WeasyPrint's Pango/HarfBuzz and fonts for the PDFs, the PostgreSQL
# client tools for `neuewege backup`/`restore` (their major version must be at least the
# server's: use the PGDG repository for a newer server).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
      libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin neuewege
COPY --from=build /opt/venv /opt/venv
COPY --from=assets /src/node_modules /app/node_modules
COPY neue_wege /app/neue_wege
COPY deploy/gunicorn.conf.py /app/deploy/gunicorn.conf.py
COPY deploy/neuewege /usr/local/bin/neuewege
ENV PATH=/opt/venv/bin:$PATH PYTHONPATH=/app PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    STATIC_ROOT=/app/static NW_MATCHER_CACHE_DIR=/app/var/cache NW_BIND=0.0.0.0:8000
WORKDIR /app
# Hashed, compressed static files for WhiteNoise, built once into the image (read-only).
RUN SECRET_KEY=collectstatic-only SQLITE_PATH=/tmp/build.sqlite3 \
      neuewege collectstatic --no-input --verbosity 0 \
 && rm -f /tmp/build.sqlite3* \
 && mkdir -p /app/var/cache && chown -R neuewege /app/var
USER neuewege
EXPOSE 8000
# Liveness; the Host header must be one of ALLOWED_HOSTS.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s CMD ["python", "-c", "import os, urllib.request as u; h = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].lstrip('.'); u.urlopen(u.Request('http://127.0.0.1:8000/health/live/', headers={'Host': h}), timeout=4)"]
CMD ["gunicorn", "-c", "/app/deploy/gunicorn.conf.py", "neue_wege.wsgi"]
