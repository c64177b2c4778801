"""The engine: select checks and tools by policy, run them, record a status for each, and
assemble one :class:`~readycheck.model.ScanResult`.

Checks and adapters run in a thread pool (adapters spend their time waiting on
subprocesses). Any exception inside a check becomes an ``errored`` run whose reason names
the exception class and where it was raised, never its message, so that no value from the
scanned repository (possibly a secret) can reach a report through an error.
"""

from __future__ import annotations

import dataclasses
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readycheck import __version__
from readycheck.adapters.base import ToolAdapter, ToolContext, ToolError, ToolNotApplicable
from readycheck.analysis import ProgramModels
from readycheck.analysis.jobs import ai_inventory
from readycheck.analysis.migrations.applied import applied_migrations
from readycheck.baseline import compare
from readycheck.baseline import load as load_baseline
from readycheck.checks.base import CheckContext, NotApplicable, fingerprint
from readycheck.diffscope import changed_lines
from readycheck.fleet import now_iso
from readycheck.merge import merge_same_line
from readycheck.model import (
    Category,
    Endpoint,
    Finding,
    Run,
    RunKind,
    RunStatus,
    ScanResult,
    Severity,
    Target,
)
from readycheck.policy import Policy, load_policy
from readycheck.registry import LoadedAdapter, LoadedCheck, Registry, load_registry
from readycheck.repository import Repository
from readycheck.scoring import score
from readycheck.suppressions import apply as apply_suppressions
from readycheck.suppressions import report_entry

ProgressCallback = Callable[[str, str], None]
"""Called with (event, run id); event is ``"start"`` or ``"done"``."""


@dataclass(frozen=True, kw_only=True)
class ScanOptions:
    """Options of one scan, as given on the command line.

    ``select``/``ignore`` are rule selectors (ids, id prefixes, categories); ``fail_on`` a
    severity or ``never``; ``output_paths`` are folders or files reports will be written to
    (left out of the inventory when inside the scanned tree); ``debug`` re-raises errors;
    ``baseline`` a baseline file (:mod:`readycheck.baseline`) whose findings are not new;
    ``diff_base`` a git revision: only findings on lines changed since it are new (gate);
    ``history_commits`` overrides the policy's ``limits.history-commits`` (0: no history scan);
    ``tool_timeout`` (seconds) replaces every wrapped tool's timeout (``tools.<id>.timeout``);
    ``deadline`` (seconds from the start) bounds the whole scan: runs still going then are
    recorded as errored ("stopped at the scan deadline"), tools are killed, and the result is
    provisional (:attr:`ScanResult.extra` ``deadline``); ``strict`` turns context demotion off
    (:attr:`readycheck.policy.Policy.strict`).
    """

    policy_file: Path | None = None
    select: Sequence[str] | None = None
    ignore: Sequence[str] = ()
    fail_on: str | None = None
    output_paths: Sequence[Path] = ()
    debug: bool = False
    jobs: int = 4
    baseline: Path | None = None
    diff_base: str | None = None
    history_commits: int | None = None
    tool_timeout: float | None = None
    deadline: float | None = None
    strict: bool = False


def scan(
    path: str | Path,
    options: ScanOptions | None = None,
    *,
    registry: Registry | None = None,
    progress: ProgressCallback | None = None,
) -> ScanResult:
    """Scan the folder at ``path``.

    Args:
        path: the repository folder.
        options: see :class:`ScanOptions`.
        registry: loaded plugins (default: everything installed).
        progress: receives start/done events for each run.

    Returns:
        The scan result (scored, with every run's status).

    Raises:
        UsageError: ``path`` is missing or not a folder, or the baseline cannot be read.
        PolicyError: a policy layer is invalid.
    """
    options = options or ScanOptions()
    started = time.perf_counter()
    started_at = now_iso()
    deadline = time.monotonic() + options.deadline if options.deadline is not None else None
    accepted = load_baseline(options.baseline) if options.baseline is not None else None
    changed = changed_lines(Path(path), options.diff_base) if options.diff_base else None
    root = Path(path)
    if root.is_dir():
        policy = load_policy(
            root,
            policy_file=options.policy_file,
            select=options.select,
            ignore=options.ignore,
            fail_on=options.fail_on,
            history_commits=options.history_commits,
        )
    else:  # let Repository.scan produce the path error
        policy = Policy()
    if options.strict:
        policy = dataclasses.replace(policy, strict=True, sources=(*policy.sources, "command line (--strict)"))
    repo = Repository.scan(
        root,
        exclude=policy.exclude,
        max_file_bytes=policy.max_file_bytes,
        extra_excluded_paths=options.output_paths,
    )
    models = ProgramModels(repo, policy)
    registry = registry or load_registry()
    checks = [c for c in registry.checks if policy.is_selected(c.meta)]
    adapters = [a for a in registry.adapters if policy.is_tool_selected(a.id, a.cls.categories)]

    def notify(event: str, run_id: str) -> None:
        if progress is not None:
            progress(event, run_id)

    def run_check(loaded: LoadedCheck) -> tuple[Run, list[Finding]]:
        notify("start", loaded.meta.id)
        result = _run_check(loaded, repo, policy, models, debug=options.debug)
        notify("done", loaded.meta.id)
        return result

    def run_adapter(loaded: LoadedAdapter) -> tuple[Run, list[Finding]]:
        notify("start", loaded.id)
        result = _run_adapter(
            loaded, repo, policy, models, debug=options.debug, tool_timeout=options.tool_timeout, deadline=deadline
        )
        notify("done", loaded.id)
        return result

    pool = ThreadPoolExecutor(max_workers=max(1, options.jobs))
    submitted = [(a.id, RunKind.TOOL, a.cls.categories, pool.submit(run_adapter, a)) for a in adapters]
    submitted += [(c.meta.id, RunKind.CHECK, (c.meta.category,), pool.submit(run_check, c)) for c in checks]
    inventory = pool.submit(_inventory, models, debug=options.debug)
    remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
    futures: list[Future[Any]] = [f for *_, f in submitted]
    _done, late = wait([*futures, inventory], timeout=remaining)
    # runs still going at the deadline keep their threads until the process exits (the command
    # line exits without waiting for them); their results are not used
    pool.shutdown(wait=not late, cancel_futures=True)
    stopped = f"stopped at the scan deadline ({options.deadline:g} s)" if late else ""
    outcomes: list[tuple[Run, list[Finding]]] = [
        f.result()
        if f not in late
        else (Run(id=run_id, kind=kind, status=RunStatus.ERRORED, reason=stopped, categories=tuple(cats)), [])
        for run_id, kind, cats, f in submitted
    ]

    runs = [run for run, _ in outcomes]
    runs += [
        Run(id=problem.run_id, kind=RunKind.CHECK, status=RunStatus.ERRORED, reason=problem.message)
        for problem in registry.problems
    ]
    if inventory in late:
        endpoints: tuple[Endpoint, ...] = ()
        runs.append(Run(id="endpoint-inventory", kind=RunKind.CHECK, status=RunStatus.ERRORED, reason=stopped))
    else:
        endpoints, inventory_run = inventory.result()
        if inventory_run is not None:
            runs.append(inventory_run)
    findings = merge_same_line(_hide_secrets(_finalise(f for _, fs in outcomes for f in fs)))
    findings = demote_applied_migrations(findings, root, policy)
    extra: dict[str, Any] = {}
    if not late:
        agents_run = _ai_inventory(models, extra)
        if agents_run is not None:
            runs.append(agents_run)
    if late:
        extra["deadline"] = {"seconds": options.deadline, "stopped": sorted(r.id for r in runs if r.reason == stopped)}
    suppressions = models.suppressions
    findings, used = apply_suppressions(findings, suppressions)
    extra["suppressions"] = [report_entry(s, i in used) for i, s in enumerate(suppressions)]
    if accepted is not None:
        comparison = compare(findings, accepted, runs)
        findings = comparison.findings
        extra["baseline"] = {
            "path": str(options.baseline),
            "known": comparison.known,
            "new": len(findings) - comparison.known,
            "fixed": [{"path": e.path, "rule": e.rule, "fingerprint": e.fingerprint} for e in comparison.fixed],
            "not_rechecked": [
                {"path": e.path, "rule": e.rule, "fingerprint": e.fingerprint} for e in comparison.not_rechecked
            ],
        }
    if changed is not None:
        findings = [
            f if changed.touches(f.location.path, f.location.line) else dataclasses.replace(f, new=False)
            for f in findings
        ]
        extra["diff"] = {
            "base": changed.base,
            "files": len(changed.lines.keys() | changed.whole),
            "findings_in_change": sum(1 for f in findings if f.new),
        }
    runs.sort(key=lambda r: (r.kind.value, r.id))
    rules = tuple(c.meta for c in checks)
    result_score = score(findings=findings, runs=runs, rules=rules, policy=policy)
    return ScanResult(
        tool_name="readycheck",
        tool_version=__version__,
        target=repo.target or Target(path=str(path)),
        score=result_score,
        runs=tuple(runs),
        findings=tuple(findings),
        endpoints=endpoints,
        rules=rules,
        files_scanned=len(repo.files),
        skipped_files=tuple(repo.skipped),
        policy_sources=policy.sources,
        policy_problems=policy.problems,
        fail_on=policy.fail_on,
        seconds=round(time.perf_counter() - started, 3),
        extra=extra,
        started_at=started_at,
    )


APPLIED = "already applied by an earlier release"


def demote_applied_migrations(findings: list[Finding], root: Path, policy: Policy) -> list[Finding]:
    """``findings`` with those in migrations that earlier releases already applied
    (:func:`readycheck.analysis.migrations.applied.applied_migrations`) shown as low, with
    ``context`` :data:`APPLIED` and the reason in the message: they cannot be made safer now,
    and sixty of them must not hide the pending one. Pending migrations, repository-level
    findings and, with ``policy.strict``, everything keep their severity. Never raises (without
    git facts nothing is demoted)."""
    if policy.strict:
        return findings
    paths = {f.location.path for f in findings if f.category is Category.MIGRATIONS and f.location.path}
    if not paths:
        return findings
    answer = applied_migrations(root, sorted(p for p in paths if p is not None), age_days=policy.applied_after_days)
    out = []
    for finding in findings:
        why = answer.paths.get(finding.location.path or "") if finding.category is Category.MIGRATIONS else None
        if why is not None and finding.severity.rank > Severity.LOW.rank:
            finding = dataclasses.replace(
                finding,
                severity=Severity.LOW,
                context=APPLIED,
                message=f"{finding.message} (already applied: {why}; it cannot be made safer now, so it is shown "
                f"as low, not {finding.severity.value}; new migrations keep full severity)",
            )
        out.append(finding)
    return out


def _ai_inventory(models: ProgramModels, extra: dict[str, Any]) -> Run | None:
    """Puts the agent, tool and job inventory into ``extra["agents"]`` when the repository has
    any; an internal error gives an errored ``agent-inventory`` run instead of a silent gap."""
    try:
        found = ai_inventory(models.agents, models.jobs)
    except Exception as error:  # noqa: BLE001 - a defect in the inventory must not stop the report
        return Run(
            id="agent-inventory",
            kind=RunKind.CHECK,
            status=RunStatus.ERRORED,
            reason=f"internal error {type(error).__name__}",
        )
    if any(found.values()):
        extra["agents"] = found
    return None


def _inventory(models: ProgramModels, *, debug: bool) -> tuple[tuple[Endpoint, ...], Run | None]:
    """The endpoint inventory for the report. If building it fails, the report gets no
    endpoints and an errored ``endpoint-inventory`` run (so it is provisional, never clean)."""
    started = time.perf_counter()
    try:
        return models.inventory.endpoints, None
    except Exception as exc:
        if debug:
            raise
        run = Run(
            id="endpoint-inventory",
            kind=RunKind.CHECK,
            status=RunStatus.ERRORED,
            reason=_error_reason(exc),
            seconds=round(time.perf_counter() - started, 3),
        )
    return (), run


def _error_reason(exc: BaseException) -> str:
    """``ExcType at module.py:line``: where it was raised, never the message (which may
    carry text from the scanned repository)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = ""
    for frame in reversed(frames):
        where = f" at {Path(frame.filename).name}:{frame.lineno}"
        break
    return f"internal error {exc.__class__.__name__}{where}"


def _execute(call: Callable[[], list[Finding]], *, debug: bool) -> tuple[RunStatus, str | None, list[Finding], float]:
    """Run one check or adapter body and classify how it ended.

    Returns:
        (status, reason, findings, wall seconds). Not-applicable signals give ``skipped``; a
        :class:`ToolError` gives ``errored`` with its message; any other exception gives
        ``errored`` with :func:`_error_reason` (re-raised with ``debug``).
    """
    started = time.perf_counter()
    reason: str | None = None
    findings: list[Finding] = []
    try:
        findings = call()
        status = RunStatus.FAILED if findings else RunStatus.PASSED
    except (NotApplicable, ToolNotApplicable) as exc:
        status, reason = RunStatus.SKIPPED, f"not applicable: {exc}"
    except ToolError as exc:
        status, reason = RunStatus.ERRORED, str(exc)
    except Exception as exc:
        if debug:
            raise
        status, reason = RunStatus.ERRORED, _error_reason(exc)
    return status, reason, findings, round(time.perf_counter() - started, 3)


def _run_check(
    loaded: LoadedCheck, repo: Repository, policy: Policy, models: ProgramModels, *, debug: bool
) -> tuple[Run, list[Finding]]:
    meta = dataclasses.replace(loaded.meta, severity=policy.severity_of(loaded.meta))
    ctx = CheckContext(repo=repo, policy=policy, meta=meta, models=models)
    status, reason, findings, seconds = _execute(lambda: list(loaded.cls().run(ctx)), debug=debug)
    if ctx.incomplete is not None and status in {RunStatus.PASSED, RunStatus.FAILED}:
        status, reason = RunStatus.ERRORED, ctx.incomplete
    if meta.id in policy.severity:
        findings = [dataclasses.replace(f, severity=meta.severity) for f in findings]
    run = Run(
        id=meta.id,
        kind=RunKind.CHECK,
        status=status,
        reason=reason,
        seconds=seconds,
        categories=(meta.category,),
        findings=len(findings),
        not_checked=tuple(sorted(ctx.not_checked, key=lambda n: n.path)),
    )
    return run, findings


def _run_adapter(
    loaded: LoadedAdapter,
    repo: Repository,
    policy: Policy,
    models: ProgramModels,
    *,
    debug: bool,
    tool_timeout: float | None = None,
    deadline: float | None = None,
) -> tuple[Run, list[Finding]]:
    adapter: ToolAdapter = loaded.cls()
    ctx = ToolContext(
        repo=repo,
        policy=policy,
        options=policy.tools.get(loaded.id, {}),
        models=models,
        tool_timeout=tool_timeout,
        deadline=deadline,
    )
    prefix = f"{loaded.id}/"
    categories = policy.tool_categories(loaded.id, loaded.cls.categories)
    status, reason, findings, seconds = _execute(
        lambda: [
            f
            for f in adapter.run(ctx)
            if f.rule_id.startswith(prefix)
            and f.category in categories
            and policy.is_finding_selected(f.rule_id, f.category)
        ],
        debug=debug,
    )
    run = Run(
        id=loaded.id,
        kind=RunKind.TOOL,
        status=status,
        reason=reason,
        seconds=seconds,
        categories=categories,
        findings=len(findings),
        not_checked=tuple(sorted(ctx.not_checked, key=lambda n: n.path)),
        version=ctx.version,
    )
    return run, findings


# Rules whose findings carry a secret value, already redacted in their snippet: RC101 (a
# committed secret) and RC104 (a secret as an environment fallback, which RC101 leaves to it).
SECRET_VALUE_RULES = frozenset({"RC101", "RC104"})


def _hide_secrets(findings: list[Finding]) -> list[Finding]:
    """Snippets of other rules on a line where a secret was found (:data:`SECRET_VALUE_RULES`)
    would show the secret in clear: they get that finding's redacted snippet instead (none
    when several secrets share the line, as each redacted snippet hides only its own)."""
    redacted: dict[tuple[str, int], list[str | None]] = {}
    for finding in findings:
        if finding.rule_id in SECRET_VALUE_RULES and finding.location.path and finding.location.line:
            redacted.setdefault((finding.location.path, finding.location.line), []).append(finding.snippet)
    if not redacted:
        return findings
    hidden: list[Finding] = []
    for finding in findings:
        key = (finding.location.path or "", finding.location.line or 0)
        if finding.rule_id not in SECRET_VALUE_RULES and key in redacted:
            snippets = redacted[key]
            finding = dataclasses.replace(finding, snippet=snippets[0] if len(snippets) == 1 else None)
        hidden.append(finding)
    return hidden


def _finalise(findings: Iterable[Finding]) -> list[Finding]:
    """Sort worst-first and make fingerprints unique: the n-th finding sharing a fingerprint
    (same rule, file and line text) gets ``#n`` mixed in, in line order, so identical lines
    stay distinct and stable."""
    ordered = sorted(findings, key=lambda f: (f.location.path or "", f.location.line or 0, f.rule_id, f.message))
    seen: dict[str, int] = {}
    unique: list[Finding] = []
    for finding in ordered:
        count = seen.get(finding.fingerprint, 0) + 1
        seen[finding.fingerprint] = count
        if count > 1:
            finding = dataclasses.replace(
                finding,
                fingerprint=fingerprint(finding.rule_id, finding.location.path, f"{finding.fingerprint}#{count}"),
            )
        unique.append(finding)
    return sorted(unique, key=Finding.sort_key)
