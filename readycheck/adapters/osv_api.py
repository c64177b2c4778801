"""A small client of the OSV vulnerability API (https://google.github.io/osv.dev/api/).

Endpoints used: ``POST /v1/querybatch`` (``{"queries": [{"package": {"name", "ecosystem"},
"version"}]}`` → ``{"results": [{"vulns": [{"id", "modified"}]}]}``, at most 1,000 queries per
call) and ``GET /v1/vulns/{id}`` (the full OSV record: ``summary``, ``details``, ``aliases``,
``affected[].ranges[].events[].fixed``, ``database_specific.severity`` for GitHub advisories).
Standard library HTTP only; every failure is :class:`OsvUnavailable` with a one-line reason.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from typing import Any

from readycheck.model import Severity

DEFAULT_OSV = "https://api.osv.dev"
BATCH = 1000
# GitHub advisory severities (database_specific.severity) → readycheck's scale.
_GHSA_SEVERITY = {
    "CRITICAL": Severity.CRITICAL,
    "HIGH": Severity.HIGH,
    "MODERATE": Severity.MEDIUM,
    "MEDIUM": Severity.MEDIUM,
    "LOW": Severity.LOW,
}


class OsvUnavailable(Exception):  # noqa: N818 - a condition, reported as "not checked"
    """The OSV service could not be asked (unreachable, timeout, HTTP error, not JSON)."""


def base_url(url: str | None) -> str:
    """The API root from a configured URL: ``https://api.osv.dev/v1/query`` (pip-audit's
    ``--osv-url`` form) and ``https://api.osv.dev`` both give ``https://api.osv.dev``."""
    root = (url or DEFAULT_OSV).rstrip("/")
    for suffix in ("/v1/querybatch", "/v1/query", "/v1"):
        root = root.removesuffix(suffix)
    return root


class OsvClient:
    """Queries one OSV API root (``base`` as given by :func:`base_url`) with ``timeout`` seconds
    per request."""

    def __init__(self, base: str, timeout: float = 30.0) -> None:
        if not base.startswith(("http://", "https://")):
            raise OsvUnavailable(f"not an http(s) URL: {base[:80]}")
        self.base = base
        self.timeout = timeout
        self._records: dict[str, Mapping[str, Any]] = {}

    def _call(self, path: str, body: object | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(  # noqa: S310 - scheme checked in __init__
            self.base + path, data=data, headers={"Content-Type": "application/json"}, method="POST" if data else "GET"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise OsvUnavailable(f"OSV answered HTTP {exc.code} at {self.base}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise OsvUnavailable(f"OSV at {self.base} is unreachable ({reason})") from exc
        except ValueError as exc:
            raise OsvUnavailable(f"OSV at {self.base} did not answer JSON") from exc

    def query_batch(self, ecosystem: str, packages: Iterable[tuple[str, str]]) -> list[list[str]]:
        """Advisory ids affecting each ``(name, version)``, in order.

        Raises:
            OsvUnavailable: the service could not be asked or answered something else.
        """
        items = list(packages)
        found: list[list[str]] = []
        for start in range(0, len(items), BATCH):
            chunk = items[start : start + BATCH]
            queries = [{"package": {"name": n, "ecosystem": ecosystem}, "version": v} for n, v in chunk]
            answer = self._call("/v1/querybatch", {"queries": queries})
            results = answer.get("results") if isinstance(answer, dict) else None
            if not isinstance(results, list) or len(results) != len(chunk):
                raise OsvUnavailable(f"OSV at {self.base} answered a batch in an unexpected shape")
            found.extend([str(v["id"]) for v in (r or {}).get("vulns", []) or []] for r in results)
        return found

    def vulnerability(self, vuln_id: str) -> Mapping[str, Any]:
        """The OSV record of ``vuln_id`` (cached).

        Raises:
            OsvUnavailable: the service could not be asked.
        """
        if vuln_id not in self._records:
            record = self._call(f"/v1/vulns/{urllib.parse.quote(vuln_id)}")
            self._records[vuln_id] = record if isinstance(record, dict) else {}
        return self._records[vuln_id]


def severity_of(record: Mapping[str, Any]) -> Severity:
    """readycheck's severity of an OSV record: the GitHub advisory severity
    (``database_specific.severity``) when there is one, else high (a published vulnerability
    in a dependency is high until someone has looked)."""
    label = str((record.get("database_specific") or {}).get("severity", "")).upper()
    return _GHSA_SEVERITY.get(label, Severity.HIGH)


def fixed_versions(record: Mapping[str, Any], name: str, ecosystem: str) -> list[str]:
    """The versions that fix ``record`` for package ``name`` (``affected[].ranges[].events``)."""
    fixed: list[str] = []
    for affected in record.get("affected", []) or []:
        package = affected.get("package") or {}
        if str(package.get("ecosystem")) != ecosystem or str(package.get("name", "")).lower() != name.lower():
            continue
        for version_range in affected.get("ranges", []) or []:
            fixed.extend(str(e["fixed"]) for e in version_range.get("events", []) if "fixed" in e)
    return list(dict.fromkeys(fixed))


def title_of(record: Mapping[str, Any]) -> str:
    """One line describing the advisory: its summary, else the first line of its details."""
    text = str(record.get("summary") or str(record.get("details") or "").strip().split("\n")[0] or "")
    return " ".join(text.split())[:200]
