"""What every benchmark shares: Django set up against a database of its own, and timing."""

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def bench_database() -> str:
    """Switch to the benchmark database, <name>_bench (or var/bench.sqlite3), kept between runs.

    Returns the database vendor.
    """
    setup_test_environment()
    # As in Django's own test cases: keep one connection across requests, instead of reconnecting.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(settings.VAR_DIR / "bench.sqlite3")
    else:
        connection.settings_dict["TEST"]["NAME"] = f"{connection.settings_dict['NAME']}_bench"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=True, serialize=False)
    return connection.vendor


def analyse() -> None:
    """Fresh planner statistics after seeding, as a production database would have."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds per call, after a warm-up."""
    for _ in range(max(2, repeat // 10)):
        action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def p50(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
