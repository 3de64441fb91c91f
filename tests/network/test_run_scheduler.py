"""The scheduler runs each periodic command at its time, survives a failing one, stops on SIGTERM."""

import os
import signal
import threading
import time
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError, OutputWrapper

from network.management.commands import run_scheduler
from network.management.commands.run_scheduler import DAY, HOUR, JOBS, Job, Scheduler

CALL_COMMAND = "network.management.commands.run_scheduler.call_command"


def _streams() -> tuple[StringIO, StringIO, OutputWrapper, OutputWrapper]:
    out, err = StringIO(), StringIO()
    return out, err, OutputWrapper(out), OutputWrapper(err)


def _run_for(scheduler: Scheduler, seconds: float) -> None:
    worker = threading.Thread(target=scheduler.run_forever)
    worker.start()
    time.sleep(seconds)
    scheduler.stop()
    worker.join(timeout=5)
    assert not worker.is_alive(), "the scheduler did not stop"


def test_every_job_is_an_installed_management_command():
    commands = get_commands()
    assert {job.command for job in JOBS} <= set(commands)
    for name in ("send_digests", "remind_action_items", "remind_action_plans"):
        assert name in {job.command for job in JOBS}


def test_every_job_runs_hourly_or_daily_at_a_moment_within_its_interval():
    assert {job.every for job in JOBS} <= {HOUR, DAY}
    assert all(0 <= job.offset < job.every for job in JOBS)


def test_the_next_run_lies_on_the_grid_strictly_after_now():
    job = Job("send_digests", every=DAY, offset=5 * 3600)
    midnight = 1_767_225_600  # 2026-01-01T00:00:00Z
    assert job.next_run(midnight) == midnight + 5 * 3600
    assert job.next_run(midnight + 5 * 3600) == midnight + DAY + 5 * 3600
    assert job.next_run(midnight + 6 * 3600) == midnight + DAY + 5 * 3600


def test_jobs_run_at_their_intervals_with_their_arguments():
    out, _, stdout, stderr = _streams()
    fast = Job("prune_notifications", every=0.05, args=("--days", "30"))
    slow = Job("clearsessions", every=10.0)
    scheduler = Scheduler([fast, slow], stdout=stdout, stderr=stderr)
    with mock.patch(CALL_COMMAND) as called:
        _run_for(scheduler, 0.5)
    names = [call.args[0] for call in called.call_args_list]
    assert names.count("prune_notifications") >= 3
    assert "clearsessions" not in names
    assert called.call_args_list[0].args == ("prune_notifications", "--days", "30")
    assert "prune_notifications --days 30: done in" in out.getvalue()
    assert "clearsessions: next run at" in out.getvalue()


def test_a_failing_job_is_reported_and_the_others_go_on():
    out, err, stdout, stderr = _streams()

    def command(name: str, *args: str, **kwargs: object) -> None:
        if name == "send_digests":
            raise CommandError("2 digests could not be sent")
        if name == "verify_audit":
            raise RuntimeError("database gone")

    jobs = [Job(name, every=0.05) for name in ("send_digests", "verify_audit", "clearsessions")]
    scheduler = Scheduler(jobs, stdout=stdout, stderr=stderr)
    with mock.patch(CALL_COMMAND, side_effect=command) as called:
        _run_for(scheduler, 0.5)
    names = [call.args[0] for call in called.call_args_list]
    assert names.count("send_digests") >= 2
    assert names.count("clearsessions") >= 2
    assert "send_digests: FAILED after" in err.getvalue()
    assert "2 digests could not be sent" in err.getvalue()
    # An unexpected error brings its traceback; a CommandError says enough by itself.
    assert "RuntimeError: database gone" in err.getvalue()
    assert "clearsessions: done in" in out.getvalue()
    assert scheduler.failures >= 4


def test_stop_interrupts_a_long_wait_at_once():
    _, _, stdout, stderr = _streams()
    scheduler = Scheduler([Job("clearsessions", every=DAY)], stdout=stdout, stderr=stderr)
    with mock.patch(CALL_COMMAND) as called:
        started = time.monotonic()
        _run_for(scheduler, 0.1)
    assert time.monotonic() - started < 2
    called.assert_not_called()


def test_the_command_stops_cleanly_on_sigterm():
    jobs = (Job("clearsessions", every=0.05),)
    out = StringIO()
    previous = signal.getsignal(signal.SIGTERM)
    timer = threading.Timer(0.4, os.kill, args=(os.getpid(), signal.SIGTERM))
    with mock.patch.object(run_scheduler, "JOBS", jobs), mock.patch(CALL_COMMAND) as called:
        timer.start()
        try:
            call_command("run_scheduler", stdout=out, stderr=StringIO())
        finally:
            timer.cancel()
    assert called.call_count >= 2
    assert out.getvalue().rstrip().endswith("scheduler stopped")
    # The handler is put back: SIGTERM outside the scheduler behaves as before.
    assert signal.getsignal(signal.SIGTERM) is previous


def test_once_runs_every_job_and_fails_when_one_failed():
    jobs = (Job("clearsessions", every=DAY), Job("verify_audit", every=DAY))
    with (
        mock.patch.object(run_scheduler, "JOBS", jobs),
        mock.patch(CALL_COMMAND, side_effect=[None, CommandError("broken")]) as called,
        pytest.raises(CommandError, match="1 jobs failed"),
    ):
        call_command("run_scheduler", "--once", stdout=StringIO(), stderr=StringIO())
    assert [call.args[0] for call in called.call_args_list] == ["clearsessions", "verify_audit"]


@pytest.mark.django_db
def test_once_runs_the_real_commands(world):
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out, stderr=StringIO())
    text = out.getvalue()
    for job in JOBS:
        assert f"{job.label}: done in" in text
    assert "Audit chain intact" in text
