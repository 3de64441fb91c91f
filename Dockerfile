# syntax=docker/dockerfile:1
# Samverkan in production: daphne serving config.asgi:application on port 8000.
# Configure with DATABASE_URL, REDIS_URL, SECRET_KEY (or SECRET_KEY_FILE), ALLOWED_HOSTS, EMAIL_URL;
# compose.yaml runs it behind nginx, with migrations and the scheduler as services of their own.
# The image does not migrate at start: two app containers starting together would race.

ARG PYTHON_IMAGE=python:3.12-slim-bookworm

# --- builder: the project's dependencies, from pyproject.toml, in a virtual environment ---------
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

# Compilers only here, for a dependency that has no wheel for this platform; never in the runtime.
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

# Only the dependencies, not the project: this layer is rebuilt when pyproject.toml changes, not
# on every change of the code.
WORKDIR /build
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install --upgrade pip \
    && pip install -r /tmp/requirements.txt

# --- runtime: the virtual environment, the code and the libraries WeasyPrint loads --------------
FROM ${PYTHON_IMAGE} AS runtime

# Pango, HarfBuzz and fontconfig for WeasyPrint (minutes as PDF); the fonts the print styles name.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fontconfig \
        fonts-dejavu-core \
        fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

# A fixed uid, so that the media volume keeps its owner across rebuilds.
RUN groupadd --system --gid 10001 samverkan \
    && useradd --system --uid 10001 --gid samverkan --home-dir /app --shell /usr/sbin/nologin samverkan

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=config.settings \
    STATIC_ROOT=/app/static \
    MEDIA_ROOT=/app/media \
    PORT=8000

COPY --from=builder /opt/venv /opt/venv

WORKDIR /app
COPY manage.py ./
COPY config ./config
COPY network ./network
COPY api ./api
COPY frontend ./frontend
COPY deploy/healthcheck.py ./deploy/healthcheck.py

# Static files are gathered once, here (WhiteNoise serves them). The random throwaway key exists
# only for this step: the settings would otherwise write a local key into var/ of the image.
# The compiled translations (frontend/locale/*/LC_MESSAGES/django.mo) are committed and copied
# above; the code is compiled once here, as the containers do not write bytecode.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
        python manage.py collectstatic --noinput \
    && test -f frontend/locale/sv/LC_MESSAGES/django.mo \
    && python -m compileall -q config network api frontend \
    && mkdir -p /app/media /app/var \
    && chown samverkan:samverkan /app/media /app/var

# Uploaded documents of the knowledge bank: a volume owned by the app user.
VOLUME ["/app/media"]

USER samverkan
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "/app/deploy/healthcheck.py"]

# Standalone: clients reach daphne directly. Behind the proxy (compose.yaml) the command adds
# --proxy-headers, with the address taken from X-Real-IP, which the proxy sets itself.
CMD ["daphne", "-b", "0.0.0.0", "-p", "8000", "config.asgi:application"]
