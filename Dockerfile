# Samverkan in production: daphne serving config.asgi:application.
# Configure with DATABASE_URL, REDIS_URL, SECRET_KEY (or SECRET_KEY_FILE), ALLOWED_HOSTS, EMAIL_URL.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONPATH=/app \
    STATIC_ROOT=/app/static

WORKDIR /app
RUN useradd --system --home-dir /app samverkan

COPY pyproject.toml README.md ./
COPY config ./config
COPY network ./network
COPY api ./api
COPY frontend ./frontend
COPY manage.py ./
RUN pip install . \
    && SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && mkdir -p /app/var && chown samverkan /app/var

USER samverkan
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health/').status != 200)"
CMD ["sh", "-c", "python manage.py migrate --noinput && daphne -b 0.0.0.0 -p 8000 config.asgi:application"]
