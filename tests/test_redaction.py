"""No secret value appears in any report format, log line or error message."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from readycheck.checks.secrets.hardcoded_secret import scan_files
from readycheck.engine import ScanOptions, scan
from readycheck.redact import redact, redact_in
from readycheck.reporters import FORMATS, renderer
from readycheck.repository import Repository
from tests.conftest import EXAMPLES, SAMPLES

TREES = [SAMPLES / "vibe-fastapi", SAMPLES / "vibe-nextjs-supabase", EXAMPLES / "RC101"]


def _secret_values(root: Path) -> set[str]:
    repo = Repository.scan(root, read_git=False)
    hits = scan_files(list(repo.code_files()))
    return {
        hit.value for file_hits in hits.values() for hit in file_hits if len(hit.value) >= 8 and " " not in hit.value
    }


def test_redact_shows_at_most_four_characters_and_length() -> None:
    assert redact("sk_live_0123456789abcdef") == "sk_l…(24 chars)"
    assert redact("short-pw") == "…(8 chars)"
    assert redact_in("a=abcdefghijklmnop b=abcdefghijklmnop", ["abcdefghijklmnop"]).count("abcd…(16 chars)") == 2


@pytest.mark.parametrize("root", TREES, ids=lambda p: p.name)
def test_no_secret_in_any_format(root: Path, caplog: pytest.LogCaptureFixture) -> None:
    secrets = _secret_values(root)
    assert len(secrets) >= 2, "the tree should plant secrets for this test to mean something"
    with caplog.at_level(logging.DEBUG):
        result = scan(root, ScanOptions())
    assert result.findings
    for fmt in FORMATS:
        text = renderer(fmt)(result)
        leaked = [s[:4] for s in secrets if s in text]
        assert not leaked, f"{fmt} report contains secret values starting {leaked}"
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert not [s for s in secrets if s in logged], "a secret value reached a log record"


def test_other_rules_snippets_hide_a_secret_on_their_line(tmp_path) -> None:
    from readycheck.engine import ScanOptions, scan

    password = "Zq8vLmN4pRt7XwY2"
    (tmp_path / "app.py").write_text(
        "import requests\n\n\ndef ping():\n"
        f'    return requests.get("https://admin:{password}@api.example.com/health")\n',
        encoding="utf-8",
    )
    result = scan(tmp_path, ScanOptions(select=["RC101", "RC303"]))
    assert {f.rule_id for f in result.findings} == {"RC101", "RC303"}
    assert password not in repr(result.findings)


def test_other_rules_snippets_hide_a_fallback_secret_on_their_line(tmp_path) -> None:
    fallback = "Zq8vLmN4pRt7XwY2-fallback"
    (tmp_path / "app.py").write_text(
        "import os\n\nimport requests\n\n\ndef ping():\n"
        f'    return requests.get("https://api.example.com", headers={{"X-Key": os.getenv("API_KEY", "{fallback}")}})\n',
        encoding="utf-8",
    )
    result = scan(tmp_path, ScanOptions(select=["RC101", "RC104", "RC303"]))
    assert {f.rule_id for f in result.findings} == {"RC104", "RC303"}  # RC101 leaves a fallback to RC104
    assert fallback not in repr(result.findings)


def test_history_and_prompt_secrets_stay_redacted_in_every_format(tmp_path: Path) -> None:
    """RC106 reads removed secrets from git history, RC105 names env files, RC107 names
    credentials in prompts: none of their outputs may carry a value."""
    import subprocess

    key = "sk_live_51DemoRedactHistory000000000000FAKE"
    token = "ghp_DemoRedactHistoryToken00000000000FAKE"
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@readycheck.invalid"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "billing.py").write_text(f'STRIPE_SECRET_KEY = "{key}"\nGITHUB_TOKEN = "{token}"\n', encoding="utf-8")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "keys"], check=True)
    (tmp_path / "billing.py").write_text(
        "import os\nSTRIPE_SECRET_KEY = os.environ['STRIPE_SECRET_KEY']\n", encoding="utf-8"
    )
    (tmp_path / ".env").write_text(f"GITHUB_TOKEN={token}\n", encoding="utf-8")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "env"], check=True)
    result = scan(tmp_path, ScanOptions())
    assert {"RC106", "RC105", "RC101"} <= {f.rule_id for f in result.findings}
    for fmt in FORMATS:
        text = renderer(fmt)(result)
        assert key not in text and token not in text, fmt
