"""Dependency audits: the dependency model on every manifest and lockfile format, pip-audit's
recorded output, end-to-end runs of pip-audit and the npm OSV lookup against a local OSV
server with real advisories, and the "not checked" rule when the service is unreachable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import readycheck.adapters.base as adapter_base
from readycheck.adapters import _subprocess
from readycheck.adapters import pip_audit as pip_audit_adapter
from readycheck.adapters.base import ToolError
from readycheck.analysis.dependencies import build_dependencies
from readycheck.engine import ScanOptions, scan
from readycheck.model import RunStatus, Severity
from readycheck.repository import Repository
from tests.conftest import write_tree
from tests.osv_server import osv_server

FILES = {
    "requirements.txt": (
        "# pinned and not\n-r requirements-dev.txt\n--index-url https://pypi.org/simple\nflask==0.12\n"
        "requests==2.19.0 ; python_version >= '3'\nclick>=8\n-e ./localpkg\nhttps://example.com/pkg.whl\n"
    ),
    "requirements-dev.txt": "pytest==8.0.0  # tests\n",
    "api/pyproject.toml": (
        '[project]\nname = "api"\ndependencies = ["fastapi==0.110.0", "pydantic>=2"]\n'
        '[project.optional-dependencies]\ndev = ["ruff==0.4.0"]\n'
    ),
    "worker/pyproject.toml": '[tool.poetry.dependencies]\npython = "^3.11"\ncelery = "5.3.6"\nredis = "^5.0"\n',
    "worker/poetry.lock": '[[package]]\nname = "celery"\nversion = "5.3.6"\n\n[[package]]\nname = "Redis"\nversion = "5.0.1"\n',
    "svc/uv.lock": (
        'version = 1\n[[package]]\nname = "svc"\nversion = "0.1.0"\nsource = { editable = "." }\n\n'
        '[[package]]\nname = "httpx"\nversion = "0.27.0"\nsource = { registry = "https://pypi.org/simple" }\n'
    ),
    "legacy/Pipfile.lock": json.dumps(
        {"default": {"django": {"version": "==2.2.0"}}, "develop": {"black": {"version": "==24.1.0"}}}
    ),
    "web/package-lock.json": json.dumps(
        {
            "lockfileVersion": 3,
            "packages": {
                "": {"name": "web"},
                "node_modules/lodash": {"version": "4.17.15"},
                "node_modules/@scope/pkg": {"version": "2.0.0"},
                "node_modules/linked": {"link": True},
            },
        }
    ),
    "old/package-lock.json": json.dumps(
        {
            "lockfileVersion": 1,
            "dependencies": {"minimist": {"version": "1.2.0", "dependencies": {"a": {"version": "0.1.0"}}}},
        }
    ),
    "pnpm/pnpm-lock.yaml": "lockfileVersion: '9.0'\npackages:\n  '@scope/x@1.0.0':\n    resolution: {integrity: sha512-x}\n  /left-pad@1.3.0:\n    resolution: {integrity: sha512-y}\n",
    "yarn1/yarn.lock": '# yarn lockfile v1\n\n\n"@babel/core@^7.0.0", "@babel/core@^7.1.0":\n  version "7.24.0"\n  resolved "https://x"\n\nminimist@^1.2.0:\n  version "1.2.0"\n',
    "berry/yarn.lock": '__metadata:\n  version: 6\n\n"lodash@npm:^4.17.15":\n  version: 4.17.15\n  resolution: "lodash@npm:4.17.15"\n\n"app@workspace:.":\n  version: 0.0.0-use.local\n  resolution: "app@workspace:."\n',
    "broken/package-lock.json": "{not json",
}


def test_dependency_model_reads_every_format(tmp_path: Path) -> None:
    model = build_dependencies(Repository.scan(write_tree(tmp_path, FILES), read_git=False))
    got = {(d.ecosystem, d.name, d.version, d.path, d.line) for d in model.dependencies}
    assert {
        ("PyPI", "flask", "0.12", "requirements.txt", 4),
        ("PyPI", "requests", "2.19.0", "requirements.txt", 5),
        ("PyPI", "click", None, "requirements.txt", 6),
        ("PyPI", "pytest", "8.0.0", "requirements-dev.txt", 1),
        ("PyPI", "fastapi", "0.110.0", "api/pyproject.toml", 3),
        ("PyPI", "pydantic", None, "api/pyproject.toml", 3),
        ("PyPI", "celery", "5.3.6", "worker/pyproject.toml", 3),
        ("PyPI", "redis", None, "worker/pyproject.toml", 4),
        ("PyPI", "redis", "5.0.1", "worker/poetry.lock", 6),
        ("PyPI", "httpx", "0.27.0", "svc/uv.lock", 8),
        ("PyPI", "django", "2.2.0", "legacy/Pipfile.lock", 1),
        ("npm", "lodash", "4.17.15", "web/package-lock.json", 1),
        ("npm", "@scope/pkg", "2.0.0", "web/package-lock.json", 1),
        ("npm", "minimist", "1.2.0", "old/package-lock.json", 1),
        ("npm", "a", "0.1.0", "old/package-lock.json", 1),
        ("npm", "@scope/x", "1.0.0", "pnpm/pnpm-lock.yaml", 1),
        ("npm", "left-pad", "1.3.0", "pnpm/pnpm-lock.yaml", 1),
        ("npm", "@babel/core", "7.24.0", "yarn1/yarn.lock", 1),
        ("npm", "minimist", "1.2.0", "yarn1/yarn.lock", 1),
        ("npm", "lodash", "4.17.15", "berry/yarn.lock", 1),
    } <= got
    names = {d.name for d in model.dependencies}
    assert not names & {"svc", "linked", "app", "localpkg", "python"}  # the project itself, links, local paths
    assert [n.path for n in model.not_checked] == ["broken/package-lock.json"]


def test_pip_audit_parser_recorded_outputs() -> None:
    assert pip_audit_adapter.parse_output('{"dependencies": [], "fixes": []}') == []
    recorded = {
        "dependencies": [
            {
                "name": "Flask",
                "version": "0.12",
                "vulns": [
                    {
                        "id": "PYSEC-2018-66",
                        "fix_versions": ["0.12.3"],
                        "aliases": ["CVE-2018-1000656"],
                        "description": "JSON\nDoS",
                    }
                ],
            },
            {"name": "click", "version": "8.1.7", "vulns": []},
            {
                "name": "requests",
                "skip_reason": "Dependency not found on PyPI and could not be audited: requests (2.19.0)",
            },
        ],
        "fixes": [],
    }
    flask, click, requests = pip_audit_adapter.parse_output(json.dumps(recorded))
    assert flask.name == "flask" and flask.vulns == (("PYSEC-2018-66", ("CVE-2018-1000656",), ("0.12.3",), "JSON DoS"),)
    assert click.vulns == () and requests.version is None and requests.skip_reason
    for bad in ("", "No known vulnerabilities found", '{"dependencies": [{"version": "1"}]}'):
        with pytest.raises(ToolError):
            pip_audit_adapter.parse_output(bad)


AUDITED = {
    "requirements.txt": "flask==0.12\nrequests==2.19.0\nclick>=8\n",
    "web/package-lock.json": json.dumps(
        {
            "lockfileVersion": 3,
            "packages": {
                "": {},
                "node_modules/lodash": {"version": "4.17.15"},
                "node_modules/minimist": {"version": "1.2.0"},
                "node_modules/left-pad": {"version": "1.3.0"},
            },
        },
        indent=1,
    ),
}


def _policy(root: Path, url: str) -> None:
    (root / ".readycheck.yml").write_text(
        f"version: 1\ntools:\n  pip-audit:\n    osv-url: {url}/v1/query\n  osv:\n    url: {url}\n", encoding="utf-8"
    )


def test_pip_audit_and_npm_against_a_local_osv(tmp_path: Path) -> None:
    root = write_tree(tmp_path, AUDITED)
    with osv_server() as (url, calls):
        _policy(root, url)
        result = scan(root, ScanOptions(select=["pip-audit", "osv"], history_commits=0))
    found = {(f.rule_id, f.location.path, f.location.line, f.severity) for f in result.findings}
    assert found == {
        ("pip-audit/PYSEC-2018-66", "requirements.txt", 1, Severity.HIGH),
        ("pip-audit/PYSEC-2018-28", "requirements.txt", 2, Severity.HIGH),
        ("osv/GHSA-p6mc-m468-83gw", "web/package-lock.json", 5, Severity.HIGH),
        ("osv/GHSA-vh95-rmgr-6w4m", "web/package-lock.json", 8, Severity.MEDIUM),
    }
    messages = " ".join(f.message for f in result.findings)
    assert "fixed in 0.12.3" in messages and "fixed in 4.17.19" in messages
    runs = {r.id: r for r in result.runs}
    assert runs["pip-audit"].status == RunStatus.FAILED and runs["osv"].status == RunStatus.FAILED
    assert [(n.path, n.reason) for n in runs["pip-audit"].not_checked] == [
        ("requirements.txt", "click: no exact version, not audited")
    ]
    assert "/v1/querybatch" in calls and "/v1/query" in calls
    assert not result.score.provisional


def test_unreachable_service_is_not_checked_never_clean(tmp_path: Path) -> None:
    root = write_tree(tmp_path, AUDITED)
    _policy(root, "http://127.0.0.1:9")  # nothing listens on the discard port
    result = scan(root, ScanOptions(select=["pip-audit", "osv"], history_commits=0))
    runs = {r.id: r for r in result.runs}
    for tool in ("pip-audit", "osv"):
        assert runs[tool].status == RunStatus.ERRORED
        assert "not checked" in (runs[tool].reason or "") and "127.0.0.1:9" in (runs[tool].reason or "")
    assert result.findings == () and result.score.provisional
    dependencies = next(c for c in result.score.categories if c.id.value == "dependencies")
    assert dependencies.score is None


def test_pip_audit_skipping_everything_is_not_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pip-audit's PyPI service offline: every package skipped, "No known vulnerabilities found"."""
    root = write_tree(tmp_path, {"requirements.txt": "flask==0.12\nrequests==2.19.0\n"})
    recorded = json.dumps(
        {
            "dependencies": [
                {"name": "flask", "skip_reason": "Dependency not found on PyPI and could not be audited: flask (0.12)"},
                {
                    "name": "requests",
                    "skip_reason": "Dependency not found on PyPI and could not be audited: requests (2.19.0)",
                },
            ],
            "fixes": [],
        }
    )
    real = _subprocess.run_tool

    def fake(argv, **kwargs):  # type: ignore[no-untyped-def]
        if argv[0] == "pip-audit" and "-r" in argv:
            return _subprocess.ToolOutcome(
                kind=_subprocess.OutcomeKind.COMPLETED,
                argv=tuple(argv),
                returncode=0,
                stdout=recorded,
                stderr="No known vulnerabilities found",
            )
        return real(argv, **kwargs)

    monkeypatch.setattr(adapter_base, "run_tool", fake)
    result = scan(root, ScanOptions(select=["pip-audit"], history_commits=0))
    run = next(r for r in result.runs if r.id == "pip-audit")
    assert run.status == RunStatus.ERRORED and "skipped all 2 packages" in (run.reason or "")
    assert {n.reason.split(":")[0] for n in run.not_checked} == {"flask", "requests"}
    assert result.score.provisional


def test_nothing_of_the_repository_is_executed(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    files = {
        "setup.py": f"open({str(marker)!r}, 'w').write('setup.py ran')\nfrom setuptools import setup\nsetup(name='evil', version='1')\n",
        "pyproject.toml": '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n[project]\nname = "evil"\nversion = "1"\ndependencies = ["flask==0.12"]\n',
        "requirements.txt": "-e .\nflask==0.12\n",
    }
    root = write_tree(tmp_path / "repo", files)
    with osv_server() as (url, _):
        _policy(root, url)
        result = scan(root, ScanOptions(select=["pip-audit"], history_commits=0))
    assert not marker.exists()
    assert {f.rule_id for f in result.findings} == {"pip-audit/PYSEC-2018-66"}


def test_osv_record_readers_on_recorded_answers() -> None:
    from readycheck.adapters.osv_api import OsvClient, OsvUnavailable, base_url, fixed_versions, severity_of, title_of
    from tests.osv_server import ADVISORIES

    lodash = ADVISORIES["GHSA-p6mc-m468-83gw"]
    assert severity_of(lodash) == Severity.HIGH
    assert severity_of({"database_specific": {"severity": "MODERATE"}}) == Severity.MEDIUM
    assert severity_of({}) == Severity.HIGH  # no rating: high until someone has looked
    assert fixed_versions(lodash, "lodash", "npm") == ["4.17.19"] and fixed_versions(lodash, "lodash", "PyPI") == []
    assert title_of(lodash) == "Prototype Pollution in lodash"
    assert title_of({"details": "First line.\nSecond"}) == "First line." and title_of({}) == ""
    assert base_url("https://api.osv.dev/v1/query") == base_url("https://api.osv.dev/") == "https://api.osv.dev"
    with pytest.raises(OsvUnavailable):
        OsvClient("file:///etc/passwd")
    with osv_server() as (url, _calls):
        client = OsvClient(url)
        assert client.query_batch("npm", []) == []
        assert client.query_batch("npm", [("lodash", "4.17.15"), ("left-pad", "1.3.0")]) == [
            ["GHSA-p6mc-m468-83gw"],
            [],
        ]
        with pytest.raises(OsvUnavailable, match="HTTP 404"):
            client.vulnerability("GHSA-none")
