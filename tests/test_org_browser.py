"""The organisation report in headless Chromium (tests/browser.py) at 200 repositories: inert
(no script, no request, no console error), the headline and every repository row render, the
page never scrolls sideways (the wide table scrolls inside its own region), and a failed
repository shows its reason. Skipped without Chromium, except in CI (``CI=true``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from readycheck.engine import ScanOptions, scan
from readycheck.org import Entry, build_org_report
from readycheck.reporters.json_report import render_json
from readycheck.reporters.org import render_org_html
from tests import browser
from tests.conftest import SAMPLES
from tests.org_synth import variants
from tests.test_html_browser import _assert_inert, _open, driver  # noqa: F401 - the shared browser fixture


@pytest.fixture(scope="module")
def org() -> dict[str, Any]:
    base = json.loads(render_json(scan(SAMPLES / "vibe-fastapi", ScanOptions())))
    entries = [
        Entry(name=f"acme/{r['target']['path'].rsplit('/', 1)[1]}", source="s", report=r, record=None, failure=None)
        for r in variants(base, 200)
    ]
    entries.append(
        Entry(
            name="acme/broken", source="s", report=None, record=None, failure="the scan wrote no report (exit code 2)"
        )
    )
    return build_org_report(entries)


@pytest.mark.parametrize("width", [1280, 800])
def test_org_report_at_200_repositories(driver: Any, tmp_path: Path, org: dict[str, Any], width: int) -> None:  # noqa: F811
    browser.set_viewport(driver, width, 1000)
    url = _open(driver, render_org_html(org), tmp_path)
    heading = driver.find_element("tag name", "h1").text
    assert heading == (
        f"{org['summary']['verdicts']['not-ready']} of 201 apps are not ready to launch, and 1 could not be checked"
    )
    rows = driver.find_elements("css selector", "table.repos tbody tr")
    assert len(rows) == 201
    assert rows[0].find_element("tag name", "th").text == "acme/broken"  # failed first
    assert "the scan wrote no report (exit code 2)" in rows[0].text
    page_width = driver.execute_script("return document.documentElement.scrollWidth")
    assert page_width <= width, "the page scrolls sideways; the table should scroll inside its region"
    region = driver.find_element("css selector", ".scroll")
    assert driver.execute_script("return arguments[0].scrollHeight > arguments[0].clientHeight", region)
    blockers = driver.find_elements("css selector", "ol.blockers > li")
    assert len(blockers) == min(25, len(org["blockers"])) > 0
    assert org["blockers"][0]["rule_id"] in blockers[0].text
    _assert_inert(driver, url)
