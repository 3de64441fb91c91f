"""Run the periodic management commands, each at its time, until stopped by SIGTERM or SIGINT.

One such process serves the whole deployment (the ``scheduler`` service in compose.yaml), so that
no cron is needed in the image. Times are UTC and lie on a grid: a job runs whenever the clock
passes ``offset + n * every``, so a restart neither runs every job at once nor shifts the daily
times. A run missed while the scheduler was down is made up by the next one, because every job
catches up on all that is due: digests mail whatever was not mailed yet, reminders go out for
whatever is overdue and was not reminded of, pruning deletes whatever is old enough.
"""

import math
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from types import FrameType
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.db import DatabaseError, connections

HOUR = 3600.0
DAY = 24 * HOUR


@dataclass(frozen=True)
class Job:
    """A management command with its arguments, run every ``every`` seconds at ``offset``."""

    command: str
    every: float
    offset: float = 0.0
    args: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return " ".join((self.command, *self.args))

    def next_run(self, now: float) -> float:
        """The first time on the job's grid strictly after ``now`` (seconds since the epoch)."""
        periods = math.floor((now - self.offset) / self.every) + 1
        return self.offset + periods * self.every


# Each command is safe to run twice; each says in its help how often it is meant to run.
JOBS: tuple[Job, ...] = (
    # Housekeeping at night, before anyone is at work.
    Job("prune_notifications", DAY, offset=1 * HOUR),
    Job("clearsessions", DAY, offset=1 * HOUR + 10 * 60),
    Job("prune_sign_ins", HOUR, offset=15 * 60),
    # Successful sign-ins are listed in the admin ("Access logs"); kept for 90 days.
    Job("axes_reset_logs", DAY, offset=1 * HOUR + 20 * 60, args=("--age", "90")),
    # Fails loudly, naming the first broken event, if the audit log was tampered with.
    Job("verify_audit", DAY, offset=2 * HOUR),
    # Early in the morning (06:00 or 07:00 in Sweden), so that mail waits at the start of the day.
    Job("remind_action_items", DAY, offset=5 * HOUR),
    Job("remind_action_plans", DAY, offset=5 * HOUR + 10 * 60),
    Job("send_digests", DAY, offset=5 * HOUR + 20 * 60),
)


class Scheduler:
    """Runs the jobs at their times until ``stop()``; a failing job is reported and skipped."""

    def __init__(
        self,
        jobs: Iterable[Job],
        stdout: OutputWrapper,
        stderr: OutputWrapper,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.jobs = tuple(jobs)
        self.stdout = stdout
        self.stderr = stderr
        self.clock = clock
        self.failures = 0
        self._stopped = threading.Event()

    def stop(self) -> None:
        self._stopped.set()

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def run_forever(self) -> None:
        if not self.jobs:
            return
        due = {job: job.next_run(self.clock()) for job in self.jobs}
        for job in self.jobs:
            self._log(self.stdout, f"{job.label}: next run at {_timestamp(due[job])}")
        while not self.stopped:
            job = min(self.jobs, key=due.__getitem__)
            wait = due[job] - self.clock()
            if wait > 0:
                # Wakes at once on stop(); a wait that ends early is simply measured again.
                self._stopped.wait(wait)
                continue
            self.run(job)
            due[job] = job.next_run(max(self.clock(), due[job]))

    def run_once(self) -> None:
        for job in self.jobs:
            if self.stopped:
                return
            self.run(job)

    def run(self, job: Job) -> bool:
        """Run one job; report its outcome and how long it took. True when it succeeded."""
        started = time.monotonic()
        self._log(self.stdout, f"{job.label}: started")
        try:
            call_command(job.command, *job.args, stdout=self.stdout, stderr=self.stderr)
        except Exception as exc:  # noqa: BLE001 - one failing job must not stop the others
            self.failures += 1
            seconds = time.monotonic() - started
            self._log(self.stderr, f"{job.label}: FAILED after {seconds:.1f} s: {exc}")
            if not isinstance(exc, CommandError):
                self.stderr.write(traceback.format_exc())
            return False
        finally:
            # Hours pass between runs: no connection is held open (or found broken) meanwhile.
            # One inside a transaction that is not the job's own (a test's) is left to it: with
            # PostgreSQL's pool, closing would hand it back and roll that transaction back.
            with suppress(DatabaseError):
                for connection in connections.all(initialized_only=True):
                    if not connection.in_atomic_block:
                        connection.close()
        self._log(self.stdout, f"{job.label}: done in {time.monotonic() - started:.1f} s")
        return True

    def _log(self, stream: OutputWrapper, message: str) -> None:
        stream.write(f"{_timestamp(self.clock())} {message}")


def _timestamp(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, tz=UTC).isoformat(timespec="seconds")


@contextmanager
def _stopped_by_signals(scheduler: Scheduler) -> Iterator[None]:
    """SIGTERM (``docker stop``) and SIGINT stop the scheduler between jobs, never inside one."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        scheduler.stop()

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


class Command(BaseCommand):
    help = (
        "Run the periodic commands (reminders, digests, pruning, the audit check) each at its "
        "daily time in UTC, until stopped with SIGTERM or SIGINT. A failing job is reported and "
        "the others go on. --once runs each job once, now, and exits."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="run every job once, now, and exit (non-zero if one failed)",
        )

    def handle(self, *args: Any, once: bool, **options: Any) -> None:
        scheduler = Scheduler(JOBS, stdout=self.stdout, stderr=self.stderr)
        with _stopped_by_signals(scheduler):
            if once:
                scheduler.run_once()
            else:
                scheduler.run_forever()
        self.stdout.write(f"{_timestamp(time.time())} scheduler stopped")
        if once and scheduler.failures:
            raise CommandError(f"{scheduler.failures} jobs failed; see above.")
