"""The organisation workflow's small steps, in the standard library only, so they run before
(or without) readycheck being installed: ``PYTHONPATH=<readycheck checkout> python -m
readycheck.fleet ...``.

- ``list-repositories``: the repositories to audit, from an explicit JSON list or from an
  organisation's repositories filtered by topic (GitHub REST API ``GET /orgs/{org}/repos``,
  https://docs.github.com/rest/repos/repos#list-organization-repositories), written as the
  ``repositories`` step output (a JSON list of ``owner/name``).
- ``record``: after one repository's scan, writes its scan record (:data:`RECORD_NAME`) beside
  the reports: the repository, the scan's exit code and outcome, and, when no report was
  written, why. ``readycheck merge`` reads it to name the repository and to report a failed
  scan as failed with its reason, never as a repository that was left out.

Nothing here runs code from a scanned repository; repository names are validated as GitHub
names before they reach an output.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RECORD_NAME = "readycheck-scan.json"
RECORD_KIND = "readycheck-scan-record"
RECORD_VERSION = 1
# GitHub owner (user or organisation) and repository names: owner up to 39 characters of
# letters, digits and single hyphens; repository up to 100 of letters, digits, '.', '_', '-'.
_REPOSITORY = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}")
API_URL = "https://api.github.com"
# Exit codes of ``readycheck scan`` (DESIGN.md section 3) and what they mean for a record.
EXIT_MEANINGS = {
    0: "gate passed",
    1: "gate failed",
    2: "usage or configuration error",
    3: "a required check or tool could not run",
}


class FleetError(Exception):
    """A bad repository list, organisation or API answer; ``str()`` says which."""


def now_iso() -> str:
    """The current UTC time as ISO 8601 with seconds and a ``Z`` (``2026-12-07T15:41:37Z``)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def valid_repository(name: str) -> bool:
    """True when ``name`` is a GitHub ``owner/name``."""
    return bool(_REPOSITORY.fullmatch(name)) and ".." not in name and not name.endswith((".", ".git"))


def artifact_name(repository: str, prefix: str = "readycheck-repo-") -> str:
    """An artifact name for ``repository`` (artifact names cannot hold ``/``):
    ``readycheck-repo-acme__shop`` for ``acme/shop``."""
    return prefix + repository.replace("/", "__")


def json_string_list(text: str, what: str) -> list[str]:
    """The strings of ``text``, a JSON list of strings; ``what`` names it in errors.

    Raises:
        FleetError: not JSON, or not a list of strings.
    """
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FleetError(f"{what} is not valid JSON: {exc.msg} at character {exc.pos}") from exc
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise FleetError(f"{what} must be a JSON list of strings")
    return items


def parse_repository_list(text: str) -> list[str]:
    """The repositories of a JSON list of ``owner/name`` strings (or one per line), in order,
    without duplicates.

    Raises:
        FleetError: an entry is not a GitHub ``owner/name``.
    """
    text = text.strip()
    if not text:
        return []
    if text.startswith("["):
        items = json_string_list(text, "the repository list")
    else:
        items = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    bad = [i for i in items if not valid_repository(i)]
    if bad:
        raise FleetError(f"not a GitHub owner/name: {', '.join(repr(b) for b in bad[:5])}")
    return list(dict.fromkeys(items))


def _get_json(url: str, token: str | None, timeout: float) -> Any:
    request = urllib.request.Request(url, headers={"Accept": "application/vnd.github+json"})  # noqa: S310 - https or a test's 127.0.0.1
    request.add_header("X-GitHub-Api-Version", "2022-11-28")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return json.loads(response.read().decode("utf-8"))
    except (OSError, ValueError) as exc:
        # the URL carries no secret (the token is a header); name the request, not the token
        raise FleetError(f"GitHub API request failed: {urllib.parse.urlsplit(url).path}: {exc}") from exc


def organisation_repositories(
    organisation: str,
    topic: str = "",
    *,
    token: str | None = None,
    api_url: str = API_URL,
    include_archived: bool = False,
    include_forks: bool = False,
    timeout: float = 30.0,
    max_pages: int = 50,
) -> list[str]:
    """``owner/name`` of every repository of ``organisation`` (100 per page, at most
    ``max_pages`` pages), sorted, keeping those with ``topic`` in their ``topics`` when a topic
    is given; archived repositories and forks are left out unless asked for.

    Raises:
        FleetError: the organisation name is not a GitHub name, a request failed, or an
            answer is not a list of repositories.
    """
    if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})", organisation):
        raise FleetError(f"not a GitHub organisation name: {organisation!r}")
    found: list[str] = []
    for page in range(1, max_pages + 1):
        query = urllib.parse.urlencode({"per_page": 100, "page": page, "type": "all"})
        answer = _get_json(f"{api_url.rstrip('/')}/orgs/{organisation}/repos?{query}", token, timeout)
        if not isinstance(answer, list):
            raise FleetError(f"GitHub API: /orgs/{organisation}/repos did not answer with a list")
        for repo in answer:
            if not isinstance(repo, dict) or not isinstance(repo.get("full_name"), str):
                raise FleetError(f"GitHub API: /orgs/{organisation}/repos answered an entry without full_name")
            if repo.get("archived") and not include_archived:
                continue
            if repo.get("fork") and not include_forks:
                continue
            if topic and topic not in (repo.get("topics") or []):
                continue
            if valid_repository(repo["full_name"]):
                found.append(repo["full_name"])
        if len(answer) < 100:
            break
    return sorted(set(found), key=str.lower)


def _append_output(name: str, value: str, env: Mapping[str, str]) -> None:
    path = env.get("GITHUB_OUTPUT")
    if path:
        with Path(path).open("a", encoding="utf-8") as handle:
            handle.write(f"{name}={value}\n")


def scan_record(
    repository: str,
    reports: Path,
    *,
    exit_code: int | None,
    outcome: str = "",
    reason: str | None = None,
    started_at: str | None = None,
) -> dict[str, Any]:
    """The scan record of one repository (written as :data:`RECORD_NAME`).

    Shape: ``kind`` (:data:`RECORD_KIND`), ``schema_version`` 1, ``repository``,
    ``exit_code`` (int or None when the scan never ran), ``outcome`` (GitHub's step outcome
    or ``""``), ``report`` (True when ``reports/readycheck.json`` exists), ``reason`` (why
    there is no report, or None), ``started_at`` and ``finished_at`` (ISO 8601 UTC).
    """
    has_report = (reports / "readycheck.json").is_file()
    if not has_report and reason is None:
        if exit_code is None:
            reason = "the scan did not run" + (f" (step outcome: {outcome})" if outcome else "")
        else:
            meaning = EXIT_MEANINGS.get(exit_code, "readycheck crashed or was killed")
            reason = f"the scan wrote no report (exit code {exit_code}: {meaning})"
    return {
        "kind": RECORD_KIND,
        "schema_version": RECORD_VERSION,
        "repository": repository,
        "exit_code": exit_code,
        "outcome": outcome,
        "report": has_report,
        "reason": None if has_report else reason,
        "started_at": started_at,
        "finished_at": now_iso(),
    }


def write_record(record: Mapping[str, Any], reports: Path) -> Path:
    """Write ``record`` to ``reports/`` (created when missing); returns the file written."""
    reports.mkdir(parents=True, exist_ok=True)
    target = reports / RECORD_NAME
    target.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return target


def _int_or_none(text: str) -> int | None:
    text = text.strip()
    return int(text) if re.fullmatch(r"-?\d{1,4}", text) else None


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    """The ``python -m readycheck.fleet`` command line; returns the exit code (0, or 2 with a
    message on stderr)."""
    env = os.environ if env is None else env
    parser = argparse.ArgumentParser(prog="python -m readycheck.fleet")
    sub = parser.add_subparsers(dest="command", required=True)
    listing = sub.add_parser("list-repositories", help="write the repositories step output")
    listing.add_argument("--repositories", default="", help="a JSON list of owner/name (or one per line)")
    listing.add_argument("--organization", default="")
    listing.add_argument("--topic", default="")
    listing.add_argument("--include-archived", action="store_true")
    listing.add_argument("--include-forks", action="store_true")
    record = sub.add_parser("record", help="write one repository's scan record")
    record.add_argument("--repository", required=True)
    record.add_argument("--reports", type=Path, required=True)
    record.add_argument("--exit-code", default="")
    record.add_argument("--outcome", default="")
    summarize = sub.add_parser("summarize", help="write the merge job's outputs from the organisation report")
    summarize.add_argument("--org-report", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        if args.command == "list-repositories":
            repositories = parse_repository_list(args.repositories)
            if not repositories and args.organization:
                repositories = organisation_repositories(
                    args.organization,
                    args.topic,
                    token=env.get("GH_TOKEN") or None,
                    api_url=env.get("GITHUB_API_URL") or API_URL,
                    include_archived=args.include_archived,
                    include_forks=args.include_forks,
                )
            if not repositories:
                raise FleetError("no repositories to audit: give `repositories` or an `organization` (and `topic`)")
            if len(repositories) > 256:
                raise FleetError(
                    f"{len(repositories)} repositories: a GitHub matrix holds at most 256 jobs; split the list"
                )
            _append_output("repositories", json.dumps(repositories), env)
            _append_output("count", str(len(repositories)), env)
            sys.stdout.write("\n".join(repositories) + "\n")
            return 0
        if args.command == "summarize":
            try:
                org = json.loads(args.org_report.read_text(encoding="utf-8"))
                not_ready = int(org["summary"]["verdicts"]["not-ready"]) + int(org["summary"]["failed"])
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise FleetError(f"cannot read the organisation report {args.org_report}: {exc}") from exc
            _append_output("not-ready", str(not_ready), env)
            sys.stdout.write(f"not ready or failed: {not_ready}\n")
            return 0
        if not valid_repository(args.repository):
            raise FleetError(f"not a GitHub owner/name: {args.repository!r}")
        written = scan_record(
            args.repository, args.reports, exit_code=_int_or_none(args.exit_code), outcome=args.outcome
        )
        write_record(written, args.reports)
        _append_output("artifact", artifact_name(args.repository), env)
        sys.stdout.write(f"{args.repository}: {written['reason'] or 'report written'}\n")
        return 0
    except FleetError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
