"""Reporters: HTML escaping of hostile names and contents, terminal text, JSON schema."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from readycheck.engine import ScanOptions, scan
from readycheck.reporters import renderer
from readycheck.reporters.json_report import render_json
from tests.conftest import SAMPLES


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_hostile_file_names_and_code(tmp_path: Path) -> None:
    name = "<img src=x onerror=alert(1)>{{ 7*7 }}<script>.py"
    (tmp_path / name).write_text('api_secret = "Zq7-demo-Kx2-readycheck"  # </textarea><script>x</script>\n')
    (tmp_path / "ctl\x1b[31m.py").write_text('db_password = "Tr0ub4dor-demo-3x7\x07"\n')
    result = scan(tmp_path, ScanOptions(select=["secrets"]))
    assert len(result.findings) == 2
    html = renderer("html")(result)
    parsed = _Collector()
    parsed.feed(html)
    assert not {"script", "textarea", "img"} & set(parsed.tags)
    assert any(name in chunk for chunk in parsed.text), "the file name is shown as text"
    assert "{{ 7*7 }}" in "".join(parsed.text)  # template syntax is not evaluated
    assert "Zq7-demo-Kx2" not in html  # redacted
    external = [
        u
        for u in parsed.urls
        if u.startswith(("http://", "https://"))
        and "owasp.org" not in u
        and "cwe.mitre.org" not in u
        and "genai.owasp.org" not in u
    ]
    assert external == []
    assert "<link" not in html and "<img" not in html


def test_terminal_text_report() -> None:
    result = scan(SAMPLES / "vibe-fastapi", ScanOptions())
    text = renderer("terminal")(result)
    assert "Not ready to deploy" in text
    assert ".env:4" in text and "RC101 hardcoded-secret" in text
    # every category, ai-safety included, has a check that applies to this sample
    assert "Not covered by any selected check" not in text
    narrow = renderer("terminal")(scan(SAMPLES / "vibe-fastapi", ScanOptions(select=["RC101"])))
    assert "Not covered by any selected check" in narrow and "AI safety" in narrow.split("Not covered")[1]


def test_json_is_deterministic_except_timings() -> None:
    def stable(result_json: str) -> dict[str, object]:
        data = json.loads(result_json)
        assert isinstance(data.pop("scanned_at"), str)
        for run in data["runs"]:
            run["seconds"] = 0
        return data

    first = stable(render_json(scan(SAMPLES / "vibe-nextjs-supabase", ScanOptions())))
    second = stable(render_json(scan(SAMPLES / "vibe-nextjs-supabase", ScanOptions(jobs=1))))
    assert first == second
    assert [f["fingerprint"] for f in first["findings"]]  # type: ignore[index]


def test_fingerprint_survives_inserted_lines(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text('stripe = "sk_live_DEMOreadycheck33333333FAKE"\n')
    before = scan(tmp_path, ScanOptions()).findings[0]
    (tmp_path / "app.py").write_text('import os\n\n\nstripe = "sk_live_DEMOreadycheck33333333FAKE"\n')
    after = scan(tmp_path, ScanOptions()).findings[0]
    assert after.location.line == 4 and after.fingerprint == before.fingerprint
