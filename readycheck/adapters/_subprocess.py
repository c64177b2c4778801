"""The one door through which readycheck starts external processes.

Every tool runs from an argv list (never a shell string), in a process group of its own that
is killed whole when its timeout or the scan's deadline passes, with standard input closed,
with git made inert (:mod:`readycheck.safegit`), and with its working directory outside the
scanned tree unless the adapter says otherwise. What can go wrong (missing executable,
timeout, crash) comes back as data in :class:`ToolOutcome`, so an adapter can record it as a
run status instead of crashing.
"""

from __future__ import annotations

import contextlib
import enum
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


class OutcomeKind(enum.StrEnum):
    """How a tool process ended."""

    COMPLETED = "completed"  # ran and exited (any exit code)
    MISSING = "missing"  # executable not found
    TIMED_OUT = "timed-out"
    FAILED_TO_START = "failed-to-start"


@dataclass(frozen=True, kw_only=True)
class ToolOutcome:
    """Result of one tool process. ``stdout``/``stderr`` are decoded UTF-8 (invalid bytes
    replaced); ``seconds`` is wall time; ``returncode`` is None unless COMPLETED."""

    kind: OutcomeKind
    argv: tuple[str, ...]
    returncode: int | None = None
    stdout: str = ""
    stderr: str = ""
    seconds: float = 0.0
    detail: str | None = None

    def failure(self) -> str:
        """Why a completed run counts as failed: ``exit code 2: <the first line of stderr>``
        (at most 200 characters; quoted strings redacted, so a secret echoed by a tool's error
        message does not reach the report)."""
        from readycheck.redact import redact_quoted

        lines = [line.strip() for line in self.stderr.splitlines() if line.strip()]
        first = next((line for line in lines if not line.startswith(("[", "Traceback"))), lines[0] if lines else "")
        text = f"exit code {self.returncode}"
        return f"{text}: {redact_quoted(first)[:200]}" if first else text


def find_executable(name: str) -> str | None:
    """Absolute path of ``name`` on PATH, also looking beside the running interpreter (where
    pip puts a virtual environment's console scripts when PATH does not include it)."""
    import sys

    found = shutil.which(name)
    if found:
        return found
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() and os.access(beside, os.X_OK) else None


def run_tool(
    argv: Sequence[str],
    *,
    timeout: float,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    deadline: float | None = None,
) -> ToolOutcome:
    """Run ``argv`` in a process group of its own and capture its output.

    The tool's environment also gets :func:`readycheck.safegit.safe_git_environment`, so a
    tool that asks git runs none of the scanned repository's git programs. When the time is
    up the whole process group is killed (SIGKILL), so a tool's own children cannot hold the
    audit; children still alive when the tool exits are killed too.

    Args:
        argv: program and arguments; ``argv[0]`` is looked up with :func:`find_executable`.
        timeout: seconds before the process group is killed (outcome TIMED_OUT).
        cwd: working directory (default: the current one).
        env: extra environment variables added to the current environment.
        deadline: a ``time.monotonic()`` instant (the scan's ``--deadline``) the run may not
            pass; a tool is not started once it has passed.

    Returns:
        The outcome; this function does not raise for tool failures.
    """
    from readycheck.safegit import safe_git_environment

    args = tuple(argv)
    executable = find_executable(args[0]) if args else None
    if executable is None:
        return ToolOutcome(kind=OutcomeKind.MISSING, argv=args, detail=f"{args[0] if args else '?'} not found on PATH")
    limit, reason = timeout, f"no answer within {timeout:g} s"
    if deadline is not None and deadline - time.monotonic() < timeout:
        limit, reason = max(0.0, deadline - time.monotonic()), "stopped at the scan deadline"
        if limit <= 0:
            return ToolOutcome(
                kind=OutcomeKind.TIMED_OUT, argv=args, detail="not started: the scan deadline had passed"
            )
    full_env = {**os.environ, **safe_git_environment(), **(env or {})}
    started = time.perf_counter()
    try:
        process = subprocess.Popen(  # noqa: S603 - argv list, never a shell
            (executable, *args[1:]),
            cwd=cwd,
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        return ToolOutcome(
            kind=OutcomeKind.FAILED_TO_START,
            argv=args,
            seconds=time.perf_counter() - started,
            detail=exc.strerror or exc.__class__.__name__,
        )
    try:
        stdout, stderr = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        return ToolOutcome(kind=OutcomeKind.TIMED_OUT, argv=args, seconds=time.perf_counter() - started, detail=reason)
    except BaseException:
        _kill_group(process)
        raise
    _kill_group(process)  # children the tool left behind
    return ToolOutcome(
        kind=OutcomeKind.COMPLETED,
        argv=args,
        returncode=process.returncode,
        stdout=stdout.decode("utf-8", "replace"),
        stderr=stderr.decode("utf-8", "replace"),
        seconds=time.perf_counter() - started,
    )


# Seconds to wait for a killed process group's pipes to close.
_REAP_SECONDS = 5.0


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL every process of ``process``'s group (it leads its own session), then reap it
    and close its pipes. Never raises."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    try:
        process.communicate(timeout=_REAP_SECONDS)
    except (subprocess.TimeoutExpired, ValueError, OSError):
        # a grandchild that left the group still holds a pipe: stop reading it
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=_REAP_SECONDS)
