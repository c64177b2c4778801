"""The one door through which readycheck starts external processes.

Every tool runs from an argv list (never a shell string), with a timeout, with standard
input closed, and with its working directory outside the scanned tree unless the adapter
says otherwise. What can go wrong (missing executable, timeout, crash) comes back as data in
:class:`ToolOutcome`, so an adapter can record it as a run status instead of crashing.
"""

from __future__ import annotations

import enum
import os
import shutil
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
) -> ToolOutcome:
    """Run ``argv`` and capture its output.

    Args:
        argv: program and arguments; ``argv[0]`` is looked up with :func:`find_executable`.
        timeout: seconds before the process is killed (outcome TIMED_OUT).
        cwd: working directory (default: the current one).
        env: extra environment variables added to the current environment.

    Returns:
        The outcome; this function does not raise for tool failures.
    """
    args = tuple(argv)
    executable = find_executable(args[0]) if args else None
    if executable is None:
        return ToolOutcome(kind=OutcomeKind.MISSING, argv=args, detail=f"{args[0] if args else '?'} not found on PATH")
    full_env = {**os.environ, **(env or {})}
    started = time.perf_counter()
    try:
        completed = subprocess.run(  # noqa: S603 - argv list, never a shell
            (executable, *args[1:]),
            cwd=cwd,
            env=full_env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return ToolOutcome(
            kind=OutcomeKind.TIMED_OUT,
            argv=args,
            seconds=time.perf_counter() - started,
            detail=f"no answer within {timeout:g} s",
        )
    except OSError as exc:
        return ToolOutcome(
            kind=OutcomeKind.FAILED_TO_START,
            argv=args,
            seconds=time.perf_counter() - started,
            detail=exc.strerror or exc.__class__.__name__,
        )
    return ToolOutcome(
        kind=OutcomeKind.COMPLETED,
        argv=args,
        returncode=completed.returncode,
        stdout=completed.stdout.decode("utf-8", "replace"),
        stderr=completed.stderr.decode("utf-8", "replace"),
        seconds=time.perf_counter() - started,
    )
