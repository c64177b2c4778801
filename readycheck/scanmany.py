"""``readycheck scan-many``: several checkouts scanned at once on this machine, then merged.

Each repository is scanned by its own ``readycheck scan`` child process (so one crash, hang or
memory blow-up never takes the others down), at most ``jobs`` at a time, from a bounded
:class:`concurrent.futures.ThreadPoolExecutor` whose threads only wait on their child. Every
scan gets ``--deadline`` (its tools are killed at it and it still writes a provisional
report); a child still alive :data:`GRACE_SECONDS` later is killed with its process group.
Each repository's reports and scan record (:mod:`readycheck.fleet`) go to
``OUTPUT/repos/<name>/``, and the organisation report (:mod:`readycheck.org`) to ``OUTPUT/``.
A repository whose scan failed (not a folder, a usage error, a crash, a timeout) is in the
organisation report as failed with its reason.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from readycheck.adapters._subprocess import OutcomeKind, run_tool
from readycheck.fleet import now_iso, scan_record, write_record

# Seconds a scan may outlive its own --deadline (writing its reports) before it is killed.
GRACE_SECONDS = 60.0
DEFAULT_TIMEOUT = 1800.0
REPORT_FORMATS = ("json", "html", "markdown", "sarif")


@dataclass(frozen=True)
class ScanJob:
    """One repository to scan: its ``name`` (unique, also its report folder's name) and ``path``."""

    name: str
    path: Path


@dataclass(frozen=True)
class ScanDone:
    """How one scan ended: ``exit_code`` (None when it never ran or was killed), ``reason``
    (None when a report was written), wall ``seconds`` and the report ``folder``."""

    job: ScanJob
    folder: Path
    exit_code: int | None
    reason: str | None
    seconds: float


def read_path_list(text: str) -> list[Path]:
    """The paths of a file of paths: one per line, blank lines and ``#`` comments ignored."""
    return [Path(line.strip()) for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def plan_jobs(paths: Sequence[Path]) -> list[ScanJob]:
    """One :class:`ScanJob` per path, named after the folder (characters other than letters,
    digits, ``.``, ``_`` and ``-`` become ``_``), made unique with ``-2``, ``-3``..."""
    jobs: list[ScanJob] = []
    used: set[str] = set()
    for path in paths:
        base = re.sub(r"[^A-Za-z0-9._-]", "_", path.resolve().name or "repository").lstrip(".") or "repository"
        name, n = base, 1
        while name.lower() in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name.lower())
        jobs.append(ScanJob(name=name, path=path))
    return jobs


def _last_error_line(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error:")]
    return (errors[-1] if errors else lines[-1] if lines else "")[:300]


def readycheck_command() -> list[str]:
    """The command that runs this readycheck: ``[sys.executable, "-m", "readycheck"]``."""
    return [sys.executable, "-m", "readycheck"]


def scan_one(
    job: ScanJob, output: Path, scan_args: Sequence[str], timeout: float, command: Sequence[str] | None = None
) -> ScanDone:
    """Scan ``job`` in a child ``readycheck scan`` with ``--deadline timeout``; write its
    reports and scan record to ``output/repos/<name>/``. ``command`` replaces
    :func:`readycheck_command`. Never raises for a failed scan."""
    folder = output / "repos" / job.name
    folder.mkdir(parents=True, exist_ok=True)
    started_at = now_iso()
    started = time.perf_counter()
    if not job.path.is_dir():
        missing = "not a folder" if job.path.exists() else "no such folder"
        write_record(scan_record(job.name, folder, exit_code=None, reason=missing, started_at=started_at), folder)
        return ScanDone(job, folder, None, missing, 0.0)
    argv = [*(command or readycheck_command()), "scan", str(job.path), "-o", str(folder), "--quiet"]
    for fmt in REPORT_FORMATS:
        argv += ["-f", fmt]
    argv += ["--deadline", f"{timeout:g}", *scan_args]
    outcome = run_tool(argv, timeout=timeout + GRACE_SECONDS)
    code = outcome.returncode if outcome.kind == OutcomeKind.COMPLETED else None
    reason: str | None = None
    if outcome.kind == OutcomeKind.TIMED_OUT:
        reason = f"the scan was killed after {timeout + GRACE_SECONDS:g} s"
    elif outcome.kind != OutcomeKind.COMPLETED:
        reason = f"the scan could not start: {outcome.detail}"
    elif not (folder / "readycheck.json").is_file():
        detail = _last_error_line(outcome.stderr)
        reason = f"the scan wrote no report (exit code {code}" + (f": {detail})" if detail else ")")
    record = scan_record(job.name, folder, exit_code=code, reason=reason, started_at=started_at)
    write_record(record, folder)
    return ScanDone(job, folder, code, record["reason"], round(time.perf_counter() - started, 3))


def scan_many(
    jobs: Sequence[ScanJob],
    output: Path,
    *,
    workers: int | None = None,
    scan_args: Sequence[str] = (),
    timeout: float = DEFAULT_TIMEOUT,
    on_done: Callable[[ScanDone], None] | None = None,
) -> list[ScanDone]:
    """Scan every job, at most ``workers`` (default: the core count) at a time; returns the
    outcomes in ``jobs`` order. ``scan_args`` are passed to every ``readycheck scan`` (policy,
    fail-on, select...); ``timeout`` (seconds) is each scan's ``--deadline``."""
    workers = workers or os.cpu_count() or 1
    done: dict[str, ScanDone] = {}
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="readycheck-scan") as pool:
        futures = {pool.submit(scan_one, job, output, scan_args, timeout): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                result = future.result()
            except OSError as exc:  # the report folder cannot be written: this job only
                reason = f"its report folder cannot be written: {exc.strerror or exc.__class__.__name__}"
                result = ScanDone(job, output / "repos" / job.name, None, reason, 0.0)
            done[job.name] = result
            if on_done is not None:
                on_done(result)
    return [done[job.name] for job in jobs]
