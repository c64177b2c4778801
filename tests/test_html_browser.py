"""The HTML report in a real browser (headless Chromium, see tests/browser.py): what a founder
sees, that the page runs no script and makes no request, hostile names render as text,
keyboard navigation, contrast, and printing.

Skipped where Chromium is not installed, except in CI (``CI=true``), where ``.ci/run``
installs it and a missing browser is a failure.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from readycheck.engine import ScanOptions, scan
from readycheck.model import ScanResult
from readycheck.reporters import founder
from readycheck.reporters.html import render_html
from tests import browser
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    why = browser.missing()
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the browser tests: {why}")
        pytest.skip(why)
    with browser.chromium() as instance:
        yield instance


def _open(driver: Any, html: str, folder: Path) -> str:
    page = folder / "report.html"
    page.write_text(html, encoding="utf-8")
    url = page.as_uri()
    driver.get_log("performance")  # drop what the browser did before this page
    driver.get_log("browser")
    driver.get(url)
    return url


def _assert_inert(driver: Any, url: str) -> None:
    """No script element, no inline event handler, no request other than the page itself,
    no console error (a blocked script or resource would log one)."""
    assert driver.execute_script("return document.scripts.length") == 0
    handlers = driver.execute_script(
        "return [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
        ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"
    )
    assert handlers == []
    assert browser.requests_made(driver, url) == []
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


SAMPLE_NAMES = sorted(p.name for p in SAMPLES.iterdir() if p.is_dir())


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_report_in_chromium(driver: Any, tmp_path: Path, name: str) -> None:
    result: ScanResult = scan(SAMPLES / name, ScanOptions())
    url = _open(driver, render_html(result), tmp_path)
    shot = tmp_path / f"{name}.png"
    driver.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000

    head = founder.headline(result)
    assert driver.find_element("tag name", "h1").text == head.title
    body = driver.find_element("tag name", "body").text
    assert f"{result.score.score}\nout of 100" in body
    for harm in head.harms:
        assert harm in body

    cards = driver.find_elements("css selector", "section[aria-labelledby='fix-heading'] article h3")
    top = founder.fix_first(result)
    assert [c.text.split(" ", 1)[1] for c in cards] == [g.title for g, _ in top]
    if not top:
        assert "Nothing to fix" in body

    rows = driver.find_elements("css selector", "section[aria-labelledby='endpoints-heading'] tbody tr")
    matrix = founder.endpoint_matrix(result)
    assert len(rows) == len(result.endpoints) == len(matrix)
    for row, expected in zip(rows, matrix, strict=True):
        cells = row.find_elements("tag name", "td")
        assert row.find_element("css selector", ".route").text == f"{expected.method} {expected.route}"
        assert [c.get_attribute("class") for c in cells] == [f"st {c.status.value}" for c in expected.cells]
        assert [c.text[1:] for c in cells] == [c.label for c in expected.cells]  # icon, then its words
    _assert_inert(driver, url)


def test_the_inertness_check_sees_a_request(driver: Any, tmp_path: Path) -> None:
    """Control for _assert_inert: a page that does load something is caught."""
    url = _open(driver, '<!DOCTYPE html><title>t</title><img src="http://127.0.0.1:9/pixel.png" alt="">', tmp_path)
    assert browser.requests_made(driver, url) == ["http://127.0.0.1:9/pixel.png"]


def test_hostile_names_and_code_render_as_text(driver: Any, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    # a folder "<script>alert(1)<" holding "script>{{ 7*7 }}<" holding "textarea>.py": the
    # repo-relative path reads "<script>alert(1)</script>{{ 7*7 }}</textarea>.py"
    name = "<script>alert(1)</script>{{ 7*7 }}</textarea>.py"
    (repo / name).parent.mkdir(parents=True)
    (repo / name).write_text(
        'api_secret = "Zq7-demo-Kx2-readycheck"  # </textarea><script>alert(2)</script>{{ 7*7 }}\n', encoding="utf-8"
    )
    (repo / "admin\u202etxt.py").write_text('db_password = "Tr0ub4dor-demo-3x7"\n', encoding="utf-8")
    os.makedirs(repo / "app")
    (repo / "app" / "main.py").write_text(
        "from fastapi import FastAPI\napp = FastAPI()\n\n"
        '@app.delete("/items/{item_id}/<img src=x onerror=alert(3)>")\n'
        "def delete_item(item_id: int):\n    return db.query(Item).filter(Item.id == item_id).delete()\n",
        encoding="utf-8",
    )
    result = scan(repo, ScanOptions())
    assert any(f.location.path == name for f in result.findings)
    url = _open(driver, render_html(result), tmp_path)
    body = driver.find_element("tag name", "body").text
    assert name in body
    assert "# </textarea><script>alert(2)</script>{{ 7*7 }}" in body  # the code, as text
    assert "Zq7-demo-Kx2" not in driver.page_source  # with its secret redacted
    assert "admin[U+202E]txt.py" in body
    assert "<img src=x onerror=alert(3)>" in body
    assert driver.find_elements("css selector", "img, textarea, iframe, object, embed") == []
    _assert_inert(driver, url)


def test_keyboard_navigation_and_print(driver: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    result = scan(SAMPLES / "vibe-fastapi", ScanOptions())
    _open(driver, render_html(result), tmp_path)
    actions = ActionChains(driver)
    actions.send_keys(Keys.TAB).perform()
    active = driver.switch_to.active_element
    assert active.text == "Skip to what to fix first" and active.is_displayed()
    actions.send_keys(Keys.ENTER).perform()
    assert driver.execute_script("return location.hash") == "#fix-heading"
    assert driver.switch_to.active_element.get_attribute("id") == "fix-heading"
    seen = []
    for _ in range(12):
        actions.send_keys(Keys.TAB).perform()
        element = driver.switch_to.active_element
        seen.append(element.tag_name)
        outline = driver.execute_script("return getComputedStyle(arguments[0]).outlineStyle", element)
        assert outline != "none", f"{element.tag_name} has no visible focus"
    assert set(seen) <= {"a", "summary"} and "summary" in seen

    pdf = base64.b64decode(driver.print_page())
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) > 1, "the report prints to several pages"


# WCAG 2.1 contrast ratio of every element's own text against its effective background.
_CONTRAST = """
function lum(c) {
  const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function background(el) {
  for (; el; el = el.parentElement) {
    const bg = getComputedStyle(el).backgroundColor;
    const alpha = bg.startsWith('rgba') ? Number(bg.match(/[\\d.]+/g)[3]) : 1;
    if (alpha > 0.5) return bg;
  }
  return 'rgb(255, 255, 255)';
}
const failures = [];
for (const el of document.querySelectorAll('body *')) {
  const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  if (!own || !el.getClientRects().length) continue;
  const style = getComputedStyle(el);
  const fg = style.color, bg = background(el);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  const ratio = (a + 0.05) / (b + 0.05);
  const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
  const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
  if (ratio < needed) failures.push(el.tagName + '.' + el.className + ' ' + ratio.toFixed(2) + ' ' + fg + ' on ' + bg);
}
return failures;
"""


def test_text_contrast_meets_wcag_aa(driver: Any, tmp_path: Path) -> None:
    result = scan(SAMPLES / "vibe-fastapi", ScanOptions())
    _open(driver, render_html(result), tmp_path)
    assert driver.execute_script(_CONTRAST) == []
