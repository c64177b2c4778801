"""A small OSV API (https://google.github.io/osv.dev/api/) on 127.0.0.1 for the dependency-audit
tests: ``POST /v1/query`` (what pip-audit asks), ``POST /v1/querybatch`` and
``GET /v1/vulns/{id}``, answering from a few real advisories for old versions (the records are
trimmed to the fields readers use; ids, aliases, packages, summaries and fixed versions are
those of the published GitHub advisories, severities as GitHub rated them to our knowledge)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def _record(
    vuln_id: str, ecosystem: str, name: str, summary: str, fixed: str, severity: str, aliases: list[str]
) -> dict[str, Any]:
    return {
        "schema_version": "1.6.0",
        "id": vuln_id,
        "summary": summary,
        "aliases": aliases,
        "affected": [
            {
                "package": {"ecosystem": ecosystem, "name": name},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": fixed}]}],
            }
        ],
        "database_specific": {"severity": severity},
    }


ADVISORIES: dict[str, dict[str, Any]] = {
    "GHSA-562c-5r94-xh97": _record(
        "GHSA-562c-5r94-xh97",
        "PyPI",
        "flask",
        "Flask is vulnerable to Denial of Service via incorrect encoding of JSON data",
        "0.12.3",
        "HIGH",
        ["CVE-2018-1000656", "PYSEC-2018-66"],
    ),
    "GHSA-x84v-xcm2-53pg": _record(
        "GHSA-x84v-xcm2-53pg",
        "PyPI",
        "requests",
        "Insufficiently Protected Credentials in Requests",
        "2.20.0",
        "HIGH",
        ["CVE-2018-18074", "PYSEC-2018-28"],
    ),
    "GHSA-p6mc-m468-83gw": _record(
        "GHSA-p6mc-m468-83gw",
        "npm",
        "lodash",
        "Prototype Pollution in lodash",
        "4.17.19",
        "HIGH",
        ["CVE-2020-8203"],
    ),
    "GHSA-vh95-rmgr-6w4m": _record(
        "GHSA-vh95-rmgr-6w4m",
        "npm",
        "minimist",
        "Prototype Pollution in minimist",
        "1.2.3",
        "MODERATE",
        ["CVE-2020-7598"],
    ),
    "GHSA-6c5p-j8vq-pqhj": _record(
        "GHSA-6c5p-j8vq-pqhj",
        "PyPI",
        "python-jose",
        "python-jose algorithm confusion with OpenSSH ECDSA keys",
        "3.4.0",
        "CRITICAL",
        ["CVE-2024-33663"],
    ),
    "GHSA-cjwg-qfpm-7377": _record(
        "GHSA-cjwg-qfpm-7377",
        "PyPI",
        "python-jose",
        "python-jose denial of service via compressed JWE content",
        "3.4.0",
        "MODERATE",
        ["CVE-2024-33664"],
    ),
}
# (ecosystem, name, version) → advisory ids
AFFECTED = {
    ("PyPI", "flask", "0.12"): ["GHSA-562c-5r94-xh97"],
    ("PyPI", "requests", "2.19.0"): ["GHSA-x84v-xcm2-53pg"],
    ("PyPI", "python-jose", "3.3.0"): ["GHSA-6c5p-j8vq-pqhj", "GHSA-cjwg-qfpm-7377"],
    ("npm", "lodash", "4.17.15"): ["GHSA-p6mc-m468-83gw"],
    ("npm", "minimist", "1.2.0"): ["GHSA-vh95-rmgr-6w4m"],
}


class _Handler(BaseHTTPRequestHandler):
    calls: list[str]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, body: object, status: int = 200) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _ids(self, query: dict[str, Any]) -> list[str]:
        package = query.get("package", {})
        return AFFECTED.get((package.get("ecosystem"), str(package.get("name", "")).lower(), query.get("version")), [])

    def do_POST(self) -> None:
        self.calls.append(self.path)
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        if self.path == "/v1/query":
            ids = self._ids(body)
            self._send({"vulns": [ADVISORIES[i] for i in ids]} if ids else {})
        elif self.path == "/v1/querybatch":
            self._send({"results": [{"vulns": [{"id": i} for i in self._ids(q)]} for q in body.get("queries", [])]})
        else:
            self._send({"error": "not found"}, 404)

    def do_GET(self) -> None:
        self.calls.append(self.path)
        vuln_id = self.path.rsplit("/", 1)[-1]
        # OSV serves a record under its own id and its aliases' (PYSEC-..., as pip-audit names them)
        record = ADVISORIES.get(vuln_id) or next((r for r in ADVISORIES.values() if vuln_id in r["aliases"]), None)
        if self.path.startswith("/v1/vulns/") and record is not None:
            self._send(record)
        else:
            self._send({"error": "not found"}, 404)


@contextmanager
def osv_server() -> Iterator[tuple[str, list[str]]]:
    """Serve the API on 127.0.0.1 (a free port); yields (base URL, paths requested)."""
    calls: list[str] = []
    handler = type("Handler", (_Handler,), {"calls": calls})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", calls
    finally:
        server.shutdown()
        server.server_close()
