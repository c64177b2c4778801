"""Many readycheck reports as one organisation report (``readycheck merge``).

Inputs are JSON reports (``readycheck.json``, validated against the shipped
``report.schema.json``), scan records (:data:`readycheck.fleet.RECORD_NAME`, written per
repository by the organisation workflow and by ``readycheck scan-many``) and folders holding
them (searched without following symbolic links). A folder is one repository: its record
names it and says why a scan left no report; without a record the repository is named after
the report's scanned folder. Inputs that are not readycheck reports (corrupt JSON, another
schema version, another tool's file) are named in ``inputs.skipped`` with the reason, never
silently dropped; a repository whose scan failed is listed as ``failed`` with its reason.

The organisation report (``org-report.schema.json``, ``kind`` ``readycheck-org-report``,
``schema_version`` 1) holds:

- ``repositories``: per repository its status (``scanned``/``failed``), verdict, score,
  per-category scores, provisional flag and reasons, scan date, commit, open findings by
  severity, the rules whose findings fail its gate, and its trend against earlier
  organisation reports (``previous``).
- ``blockers``: the rules whose findings fail the gate of the most repositories (a finding
  fails the gate as the report's ``blocks_gate`` says; for reports written before that field
  existed, when its severity is at or above the report's ``fail_on``).
- ``shared``: one root cause found in several repositories: the same finding fingerprint
  and snippet (the same rule on the same content at the same path: a copied template, or the same
  dependency line), or the same rule on the same snippet of at least
  :data:`MIN_SHARED_SNIPPET` characters (secrets excepted: their snippets are redacted).
"""

from __future__ import annotations

import json
import os
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs

from readycheck import __version__
from readycheck._resources import schema_path
from readycheck.fleet import RECORD_KIND, RECORD_NAME, now_iso

ORG_KIND = "readycheck-org-report"
ORG_SCHEMA_VERSION = 1
REPORT_NAME = "readycheck.json"
SEVERITIES = ("critical", "high", "medium", "low", "info")
_RANK = {s: len(SEVERITIES) - i for i, s in enumerate(SEVERITIES)}
# Reports larger than this are not read (a readycheck report of a large monorepo is a few MB).
MAX_REPORT_BYTES = 256 * 1024 * 1024
# Folders deeper than this under an input folder are not searched.
MAX_DEPTH = 12


class InvalidReport(Exception):  # noqa: N818 - reads as "the input is an invalid report"
    """A file that is not a readycheck JSON report of this schema version.

    Attributes:
        kind: ``unreadable``, ``not-json``, ``schema-version`` or ``schema``.
        detail: why, in words (no file content beyond a JSON path).
    """

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail


@cache
def _validators(name: str) -> tuple[Any, jsonschema.Draft202012Validator]:
    """The fast validator (jsonschema-rs) and the reference one (jsonschema) of a shipped schema."""
    schema = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return jsonschema_rs.validator_for(schema), jsonschema.Draft202012Validator(schema)


def read_json(path: Path, max_bytes: int = MAX_REPORT_BYTES) -> Any:
    """The parsed JSON of ``path``.

    Raises:
        InvalidReport: ``unreadable`` (missing, not a regular file, over ``max_bytes``, not
            UTF-8) or ``not-json`` (with the line and the parser's message).
    """
    try:
        info = path.stat()
        if not path.is_file():
            raise InvalidReport("unreadable", "not a regular file")
        if info.st_size > max_bytes:
            raise InvalidReport("unreadable", f"{info.st_size} bytes, over the {max_bytes}-byte limit")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc.__class__.__name__
        raise InvalidReport("unreadable", reason) from None
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        where = f"line {exc.lineno}: {exc.msg}" if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        raise InvalidReport("not-json", f"not JSON ({where})") from None


def validate(data: Any, schema_name: str, version: int = 1) -> None:
    """Check ``data`` against the shipped schema ``schema_name`` (JSON Schema 2020-12): first
    with jsonschema-rs (fast), and when it finds a violation, with jsonschema, which names
    the most relevant one and decides if the two disagree.

    Raises:
        InvalidReport: ``schema-version`` when ``schema_version`` is another number (named),
            ``schema`` for any other violation (the JSON path and the validator's message).
    """
    if isinstance(data, dict) and isinstance(data.get("schema_version"), int) and data["schema_version"] != version:
        raise InvalidReport(
            "schema-version",
            f"schema version {data['schema_version']}; this readycheck ({__version__}) reads version {version}",
        )
    fast, reference = _validators(schema_name)
    if fast.is_valid(data):
        return
    # jsonschema words the most relevant error; it is also the reference when the two disagree
    error = jsonschema.exceptions.best_match(reference.iter_errors(data))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise InvalidReport("schema", f"at {where}: {error.message[:200]}")


def read_report(path: Path) -> dict[str, Any]:
    """A readycheck JSON report read from ``path`` and validated (``report.schema.json``).

    Raises:
        InvalidReport: see :func:`read_json` and :func:`validate`.
    """
    data = read_json(path)
    validate(data, "report.schema.json")
    return data  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Skipped:
    """An input that was not used: ``path`` as given or found, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Entry:
    """One repository of the merge: its ``name``, the ``report`` (None when its scan failed),
    its scan ``record`` (None when there is none), the ``failure`` reason and the ``source``
    file or folder it came from."""

    name: str
    source: str
    report: dict[str, Any] | None
    record: dict[str, Any] | None
    failure: str | None


def _record_of(data: Any) -> bool:
    return isinstance(data, dict) and data.get("kind") == RECORD_KIND


def _read_record(path: Path, skipped: list[Skipped]) -> dict[str, Any] | None:
    try:
        data = read_json(path, max_bytes=1024 * 1024)
        if not _record_of(data) or not isinstance(data.get("repository"), str):
            raise InvalidReport("schema", "not a readycheck scan record")
    except InvalidReport as exc:
        skipped.append(Skipped(str(path), exc.detail))
        return None
    return data  # type: ignore[no-any-return]


def _default_name(report: dict[str, Any] | None, folder: Path) -> str:
    if report is not None:
        name = Path(str(report["target"]["path"]).rstrip("/\\")).name
        if name and name not in {".", "target"}:
            return name
    return folder.resolve().name or str(folder)


def _entry_from_folder(folder: Path, skipped: list[Skipped]) -> Entry | None:
    record_path, report_path = folder / RECORD_NAME, folder / REPORT_NAME
    record = _read_record(record_path, skipped) if record_path.exists() else None
    report: dict[str, Any] | None = None
    failure: str | None = None
    if report_path.exists() or report_path.is_symlink():
        try:
            report = read_report(report_path)
        except InvalidReport as exc:
            skipped.append(Skipped(str(report_path), exc.detail))
            failure = f"its report could not be used: {exc.detail}"
    if report is None and failure is None:
        if record is None:
            return None
        failure = str(record.get("reason") or "the scan wrote no report")
    name = str(record["repository"]) if record is not None else _default_name(report, folder)
    return Entry(name=name, source=str(folder), report=report, record=record, failure=failure)


def _walk(folder: Path) -> Iterable[Path]:
    """Folders under ``folder`` (itself first) holding a report or a record, in sorted order,
    without following symbolic links, at most :data:`MAX_DEPTH` deep."""
    base_depth = len(folder.parts)
    for current, dirs, files in os.walk(folder, followlinks=False):
        here = Path(current)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and len(here.parts) - base_depth < MAX_DEPTH)
        if REPORT_NAME in files or RECORD_NAME in files:
            yield here


def load_inputs(paths: Sequence[Path]) -> tuple[list[Entry], list[Skipped]]:
    """The repositories of ``paths`` (reports, records or folders; see the module docstring)
    and the inputs skipped with their reasons. Repository names are made unique by adding
    `` (2)``, `` (3)``... in input order."""
    entries: list[Entry] = []
    skipped: list[Skipped] = []
    for path in paths:
        if path.is_dir():
            found = False
            for folder in _walk(path):
                entry = _entry_from_folder(folder, skipped)
                if entry is not None:
                    entries.append(entry)
                    found = True
            if not found:
                skipped.append(Skipped(str(path), f"no {REPORT_NAME} or {RECORD_NAME} in this folder"))
            continue
        try:
            data = read_json(path)
            if _record_of(data):
                entry = _entry_from_folder(path.parent, skipped) if path.name == RECORD_NAME else None
                if entry is None:
                    skipped.append(Skipped(str(path), "a scan record is read with its folder; give the folder"))
                else:
                    entries.append(entry)
                continue
            validate(data, "report.schema.json")
        except InvalidReport as exc:
            skipped.append(Skipped(str(path), exc.detail))
            continue
        entries.append(
            Entry(name=_default_name(data, path.parent), source=str(path), report=data, record=None, failure=None)
        )
    seen: dict[str, int] = defaultdict(int)
    unique: list[Entry] = []
    for entry in entries:
        seen[entry.name] += 1
        if seen[entry.name] > 1:
            entry = Entry(
                name=f"{entry.name} ({seen[entry.name]})",
                source=entry.source,
                report=entry.report,
                record=entry.record,
                failure=entry.failure,
            )
        unique.append(entry)
    return unique, skipped


def add_missing(entries: Sequence[Entry], expected: Sequence[str]) -> list[Entry]:
    """``entries`` plus a failed entry for each name of ``expected`` that none of them has
    (its scan job ended without uploading a report or a record: cancelled, timed out, or the
    runner was lost)."""
    have = {entry.name for entry in entries}
    missing = [
        Entry(
            name=name,
            source="(expected)",
            report=None,
            record=None,
            failure="no report or scan record arrived: its scan job did not finish (cancelled, timed out or lost)",
        )
        for name in dict.fromkeys(expected)
        if name not in have
    ]
    return [*entries, *missing]


def read_previous(paths: Sequence[Path]) -> tuple[list[dict[str, Any]], list[Skipped]]:
    """Earlier organisation reports (``org-report.schema.json``), oldest first by
    ``generated_at``, and the files skipped with their reasons."""
    found: list[dict[str, Any]] = []
    skipped: list[Skipped] = []
    for path in paths:
        target = path / "readycheck-org.json" if path.is_dir() else path
        try:
            data = read_json(target)
            validate(data, "org-report.schema.json")
        except InvalidReport as exc:
            skipped.append(Skipped(str(target), f"not an earlier organisation report: {exc.detail}"))
            continue
        found.append(data)
    found.sort(key=lambda d: str(d["generated_at"]))
    return found, skipped


def _blocks(finding: dict[str, Any], fail_on: str) -> bool:
    if finding["suppressed"]:
        return False
    if "blocks_gate" in finding:
        return bool(finding["blocks_gate"])
    return fail_on in _RANK and finding.get("new", True) is not False and _RANK[finding["severity"]] >= _RANK[fail_on]


def blocking_findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The findings of ``report`` that fail its gate (see :func:`_blocks`), in report order."""
    fail_on = report["gate"]["fail_on"] if isinstance(report.get("gate"), dict) else "high"
    return [f for f in report["findings"] if _blocks(f, fail_on)]


def _scan_date(entry: Entry) -> str | None:
    if entry.report is not None and entry.report.get("scanned_at"):
        return str(entry.report["scanned_at"])
    if entry.record is not None and entry.record.get("finished_at"):
        return str(entry.record["finished_at"])
    return None


def _repository_row(entry: Entry, history: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    report = entry.report
    row: dict[str, Any] = {
        "name": entry.name,
        "source": entry.source,
        "status": "scanned" if report is not None else "failed",
        "reason": entry.failure,
        "exit_code": entry.record.get("exit_code") if entry.record is not None else None,
        "scanned_at": _scan_date(entry),
        "commit": None,
        "verdict": None,
        "score": None,
        "provisional": None,
        "provisional_reasons": [],
        "categories": {},
        "findings": {s: 0 for s in SEVERITIES},
        "blocking_rules": [],
        "blocking_findings": 0,
        "gate_passed": None,
        "trend": [],
        "score_change": None,
        "verdict_before": None,
    }
    if report is not None:
        open_findings = [f for f in report["findings"] if not f["suppressed"]]
        blocking = blocking_findings(report)
        row.update(
            commit=report["target"].get("commit"),
            verdict=report["verdict"],
            score=report["score"],
            provisional=report["provisional"],
            provisional_reasons=list(report.get("provisional_reasons", [])),
            categories={
                c["id"]: {"score": c["score"], "findings": c["findings"], "unknown_reason": c.get("unknown_reason")}
                for c in report["categories"]
            },
            findings={s: sum(1 for f in open_findings if f["severity"] == s) for s in SEVERITIES},
            blocking_rules=sorted({f["rule_id"] for f in blocking}),
            blocking_findings=len(blocking),
            gate_passed=report["gate"]["passed"] if isinstance(report.get("gate"), dict) else None,
        )
    trend = [
        {"generated_at": when, "score": old["score"], "verdict": old["verdict"], "status": old["status"]}
        for when, old in history
    ]
    row["trend"] = trend
    if trend:
        last = trend[-1]
        row["verdict_before"] = last["verdict"]
        if last["score"] is not None and row["score"] is not None:
            row["score_change"] = row["score"] - last["score"]
    return row


# A snippet shared by two repositories is evidence of copied code only when it is this long:
# "except Exception:" or "app = FastAPI()" is an idiom, not a template.
MIN_SHARED_SNIPPET = 40


def _normalised(snippet: str | None) -> str | None:
    if not snippet:
        return None
    text = " ".join(snippet.split())
    return text if len(text) >= MIN_SHARED_SNIPPET else None


def _shared_key(finding: dict[str, Any], fingerprint_repos: dict[str, set[str]]) -> tuple[str, ...] | None:
    """What ties ``finding`` to the same finding in another repository: its fingerprint and
    snippet (the same rule on the same content at the same path: a copied template or the
    same dependency line), else the same rule on the same long snippet. Secrets match only by
    fingerprint: their snippets are redacted, so two different keys look alike."""
    if len(fingerprint_repos.get(finding["fingerprint"], ())) > 1:
        # a posture finding's fingerprint can name only its file (Procfile): the line must match too
        return ("fingerprint", finding["fingerprint"], " ".join((finding.get("snippet") or "").split()))
    code = _normalised(finding.get("snippet"))
    if code is None or finding["category"] == "secrets":
        return None
    return ("code", finding["rule_id"], code)


def _shared(entries: Sequence[Entry]) -> list[dict[str, Any]]:
    """Root causes seen in two or more repositories (see :func:`_shared_key`), most
    repositories first."""
    live = [(e.name, e.report) for e in entries if e.report is not None]
    fingerprint_repos: dict[str, set[str]] = defaultdict(set)
    for name, report in live:
        for finding in report["findings"]:
            if not finding["suppressed"]:
                fingerprint_repos[finding["fingerprint"]].add(name)
    places: dict[tuple[str, ...], dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    first: dict[tuple[str, ...], dict[str, Any]] = {}
    for name, report in live:
        rule_names = {r["id"]: r["name"] for r in report.get("rules", [])}
        for finding in report["findings"]:
            key = None if finding["suppressed"] else _shared_key(finding, fingerprint_repos)
            if key is None:
                continue
            places[key][name].append({"path": finding["path"], "line": finding["line"]})
            old = first.get(key)
            if old is None or _RANK[finding["severity"]] > _RANK[old["severity"]]:
                first[key] = {**finding, "rule_name": finding.get("rule_name") or rule_names.get(finding["rule_id"])}
    shared = []
    for key, by_repo in places.items():
        if len(by_repo) < 2:
            continue
        finding = first[key]
        shared.append(
            {
                "rule_id": finding["rule_id"],
                "rule_name": finding["rule_name"],
                "category": finding["category"],
                "severity": finding["severity"],
                "kind": "shared dependency" if finding["category"] == "dependencies" else "copied code",
                "snippet": " ".join((finding.get("snippet") or finding["message"]).split())[:200],
                "message": finding["message"],
                "repositories": [{"name": name, "locations": locs[:5]} for name, locs in sorted(by_repo.items())],
            }
        )
    shared.sort(key=lambda s: (-len(s["repositories"]), -_RANK[s["severity"]], s["rule_id"], s["snippet"]))
    return shared


def _blockers(entries: Sequence[Entry]) -> list[dict[str, Any]]:
    """The rules whose findings fail the gate of the most repositories, most first."""
    repos: dict[str, list[str]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    meta: dict[str, tuple[str | None, str, str]] = {}
    for entry in entries:
        if entry.report is None:
            continue
        rule_names = {r["id"]: r["name"] for r in entry.report.get("rules", [])}
        for finding in blocking_findings(entry.report):
            rule_id = finding["rule_id"]
            counts[rule_id] += 1
            if entry.name not in repos[rule_id]:
                repos[rule_id].append(entry.name)
            old = meta.get(rule_id)
            if old is None or _RANK[finding["severity"]] > _RANK[old[2]]:
                meta[rule_id] = (
                    finding.get("rule_name") or rule_names.get(rule_id),
                    finding["category"],
                    finding["severity"],
                )
    blockers: list[dict[str, Any]] = [
        {
            "rule_id": rule_id,
            "rule_name": meta[rule_id][0],
            "category": meta[rule_id][1],
            "severity": meta[rule_id][2],
            "repositories": sorted(names),
            "findings": counts[rule_id],
        }
        for rule_id, names in repos.items()
    ]
    blockers.sort(key=lambda b: (-len(b["repositories"]), -b["findings"], b["rule_id"]))
    return blockers


def _categories(entries: Sequence[Entry]) -> list[dict[str, str]]:
    seen: dict[str, str] = {}
    for entry in entries:
        if entry.report is not None:
            for category in entry.report["categories"]:
                seen.setdefault(category["id"], category["title"])
    return [{"id": cid, "title": title} for cid, title in seen.items()]


def build_org_report(
    entries: Sequence[Entry],
    skipped: Sequence[Skipped] = (),
    previous: Sequence[dict[str, Any]] = (),
    *,
    generated_at: str | None = None,
) -> dict[str, Any]:
    """The organisation report of ``entries`` (see the module docstring and
    ``org-report.schema.json``); ``previous`` are earlier organisation reports, oldest first,
    matched to repositories by name for the trend."""
    history: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for old in previous:
        for repo in old["repositories"]:
            history[repo["name"]].append((old["generated_at"], repo))
    rows = [_repository_row(entry, history.get(entry.name, [])) for entry in entries]
    order = {"not-ready": 0, None: 1, "ready-with-warnings": 2, "ready": 3}
    ranked = sorted(
        zip(rows, entries, strict=True),
        key=lambda pair: (
            order.get(pair[0]["verdict"], 1) if pair[0]["status"] == "scanned" else -1,
            pair[0]["score"] if pair[0]["score"] is not None else -1,
            pair[0]["name"].lower(),
        ),
    )
    rows = [row for row, _ in ranked]
    entries = [entry for _, entry in ranked]
    scanned = [r for r in rows if r["status"] == "scanned"]
    scores = [r["score"] for r in scanned]
    verdicts = {v: sum(1 for r in scanned if r["verdict"] == v) for v in ("not-ready", "ready-with-warnings", "ready")}
    return {
        "kind": ORG_KIND,
        "schema_version": ORG_SCHEMA_VERSION,
        "tool": {"name": "readycheck", "version": __version__},
        "generated_at": generated_at or now_iso(),
        "summary": {
            "repositories": len(rows),
            "scanned": len(scanned),
            "failed": len(rows) - len(scanned),
            "provisional": sum(1 for r in scanned if r["provisional"]),
            "verdicts": verdicts,
            "median_score": statistics.median(scores) if scores else None,
            "blocked": sum(1 for r in scanned if r["blocking_findings"]),
        },
        "inputs": {
            "repositories": len(rows),
            "skipped": [{"path": s.path, "reason": s.reason} for s in skipped],
            "previous": [p["generated_at"] for p in previous],
        },
        "categories": _categories(entries),
        "repositories": rows,
        "blockers": _blockers(entries),
        "shared": _shared(entries),
    }
