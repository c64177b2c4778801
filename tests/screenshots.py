"""Regenerate the HTML report screenshots in ``docs/screenshots/`` (linked from README):

    python -m tests.screenshots

Scans each bundled sample repository, renders its HTML report, opens it in headless Chromium
(see :mod:`tests.browser`) and saves the first screen and the endpoint matrix as PNG files.
Needs the test extras (``pip install -e '.[test]'``) and Debian's ``chromium`` and
``chromium-driver``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from readycheck.engine import ScanOptions, scan
from readycheck.org import Entry, build_org_report
from readycheck.reporters import renderer
from readycheck.reporters.org import render_org_html
from tests.browser import chromium, missing, set_viewport
from tests.conftest import ROOT, SAMPLES
from tests.osv_server import osv_server

OUT = ROOT / "docs" / "screenshots"
SAMPLE_NAMES = ("vibe-fastapi", "clean-fastapi")
WIDTH, HEIGHT = 1280, 1000


def main() -> int:
    """Write ``docs/screenshots/<sample>.png``, ``<sample>-endpoints.png`` and the organisation
    report of every sample, ``org-report.png``; 0 on success."""
    why = missing()
    if why:
        print(f"cannot take screenshots: {why}", file=sys.stderr)
        return 1
    os.chdir(ROOT)  # scan the samples by their path relative to the checkout, as README's quick start does
    OUT.mkdir(parents=True, exist_ok=True)
    # Every scan before the first file is written, so none sees the tree changed by another.
    # the dependency audits ask a local OSV server (tests/osv_server.py), as the tests do, so the
    # pictures show complete reports rather than this machine's missing network
    with osv_server() as (url, _), tempfile.TemporaryDirectory() as policy_dir:
        policy = Path(policy_dir) / "osv.yml"
        policy.write_text(f"version: 1\ntools:\n  pip-audit:\n    osv-url: {url}/v1/query\n  osv:\n    url: {url}\n")
        options = ScanOptions(policy_file=policy)
        results = {
            name: scan(SAMPLES.relative_to(ROOT) / name, options)
            for name in sorted(p.name for p in SAMPLES.iterdir() if p.is_dir())
        }
        pages = {name: renderer("html")(results[name]) for name in SAMPLE_NAMES}
        # the organisation report of every bundled sample (docs/organisation.md)
        entries = [
            Entry(name=name, source=name, report=json.loads(renderer("json")(r)), record=None, failure=None)
            for name, r in results.items()
        ]
        pages["org-report"] = render_org_html(build_org_report(entries))
    with tempfile.TemporaryDirectory() as tmp, chromium(WIDTH, HEIGHT) as driver:
        for name, html in pages.items():
            page = Path(tmp) / f"{name}.html"
            page.write_text(html, encoding="utf-8")
            driver.get(page.as_uri())
            set_viewport(driver, WIDTH, HEIGHT)
            driver.save_screenshot(str(OUT / f"{name}.png"))
            if name == "org-report":
                print(f"wrote {OUT / name}.png")
                continue
            matrix = driver.find_element("css selector", "section[aria-labelledby='endpoints-heading']")
            matrix.screenshot(str(OUT / f"{name}-endpoints.png"))
            print(f"wrote {OUT / name}.png and {name}-endpoints.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
