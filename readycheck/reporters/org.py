"""The organisation report (``readycheck merge``, ``readycheck scan-many``) in three formats:
JSON (the data of :func:`readycheck.org.build_org_report`, ``org-report.schema.json``),
Markdown (the GitHub job summary; every repository value escaped) and HTML (one
self-contained file under the same Content-Security-Policy as the single-repository report:
inline CSS, no scripts, fonts or requests; rendered by Jinja2 with autoescaping and the
invisible-character guard of :func:`readycheck.reporters.html.visible_text`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from readycheck.model import Category
from readycheck.reporters import founder
from readycheck.reporters.html import band, environment
from readycheck.reporters.markdown import escape

ORG_FILE_NAMES = {"json": "readycheck-org.json", "markdown": "readycheck-org.md", "html": "readycheck-org.html"}
VERDICT_WORDS = {
    "not-ready": "not ready",
    "ready-with-warnings": "ready with warnings",
    "ready": "ready",
    None: "failed",
}
VERDICT_MARKS = {"not-ready": "❌", "ready-with-warnings": "⚠️", "ready": "✅", None: "💥"}
MAX_MARKDOWN_BLOCKERS = 15
MAX_MARKDOWN_SHARED = 15
# GitHub truncates a job summary at 1 MiB; leave room for other steps' summaries.
MAX_MARKDOWN_BYTES = 900 * 1024


def render_org_json(org: dict[str, Any]) -> str:
    """The organisation report as indented JSON text (keys in the report's order)."""
    return json.dumps(org, indent=2, ensure_ascii=False) + "\n"


NOT_APPLICABLE = "nothing applicable was checked"


def _score_cell(category: dict[str, Any] | None) -> str:
    """A category's cell: its score, ``not applicable``, ``unknown`` (its checks did not
    complete) or empty when the report has no such category."""
    if category is None:
        return ""
    if category["score"] is not None:
        return str(category["score"])
    return "not applicable" if category["unknown_reason"] == NOT_APPLICABLE else "unknown"


def _change(value: int | None) -> str:
    if value is None:
        return ""
    return f"+{value}" if value > 0 else ("±0" if value == 0 else f"−{-value}")


def _headline(org: dict[str, Any]) -> str:
    summary = org["summary"]
    verdicts = summary["verdicts"]
    parts = [
        f"{verdicts['not-ready']} not ready",
        f"{verdicts['ready-with-warnings']} ready with warnings",
        f"{verdicts['ready']} ready",
    ]
    if summary["failed"]:
        parts.append(f"{summary['failed']} failed to scan")
    return f"{summary['repositories']} repositories: " + ", ".join(parts)


def render_org_markdown(org: dict[str, Any]) -> str:
    """The organisation report as GitHub-flavoured Markdown: headline, the repository table
    (verdict, score, change, blocking rules, per-category scores, provisional, scan date),
    the most common blockers, shared root causes and skipped inputs. Over
    :data:`MAX_MARKDOWN_BYTES` the repository table is cut with a line saying how many rows
    were left out (the HTML and JSON reports hold them all)."""
    summary = org["summary"]
    categories = org["categories"]
    lines = ["# readycheck: organisation report", ""]
    median = summary["median_score"]
    lines.append(
        f"**{escape(_headline(org))}**. {summary['provisional']} provisional"
        + (f", median score {median:g}" if median is not None else "")
        + f". Generated {org['generated_at']} by readycheck {escape(org['tool']['version'])}."
    )
    lines += ["", "## Repositories", ""]
    header = ["Repository", "Verdict", "Score", "Change", "Blocking", *[c["title"] for c in categories], "Scanned"]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    rows: list[str] = []
    for repo in org["repositories"]:
        mark = VERDICT_MARKS.get(repo["verdict"], "💥")
        if repo["status"] == "failed":
            verdict = f"{mark} failed: {escape(repo['reason'] or 'no report')}"
            cells = [escape(repo["name"]), verdict, "", "", "", *["" for _ in categories]]
        else:
            verdict = f"{mark} {VERDICT_WORDS[repo['verdict']]}" + (" (provisional)" if repo["provisional"] else "")
            blocking = ""
            if repo["blocking_findings"]:
                names = ", ".join(repo["blocking_rules"][:4]) + (" …" if len(repo["blocking_rules"]) > 4 else "")
                blocking = f"{repo['blocking_findings']} ({escape(names)})"
            cells = [
                escape(repo["name"]),
                verdict,
                str(repo["score"]),
                _change(repo["score_change"]),
                blocking,
                *[_score_cell(repo["categories"].get(c["id"])) for c in categories],
            ]
        cells.append((repo["scanned_at"] or "")[:10])
        rows.append("| " + " | ".join(cells) + " |")
    tail: list[str] = ["", "## Rules blocking the most repositories", ""]
    if org["blockers"]:
        tail += ["| Rule | Severity | Repositories | Findings |", "|---|---|---|---|"]
        for blocker in org["blockers"][:MAX_MARKDOWN_BLOCKERS]:
            rule = blocker["rule_id"] + (f" {blocker['rule_name']}" if blocker["rule_name"] else "")
            tail.append(
                f"| {escape(rule)} | {blocker['severity']} | {len(blocker['repositories'])} | {blocker['findings']} |"
            )
        if len(org["blockers"]) > MAX_MARKDOWN_BLOCKERS:
            tail.append(f"\n{len(org['blockers']) - MAX_MARKDOWN_BLOCKERS} more rules in the HTML and JSON reports.")
    else:
        tail.append("No finding fails the gate of any repository.")
    tail += ["", "## Same root cause in several repositories", ""]
    if org["shared"]:
        for item in org["shared"][:MAX_MARKDOWN_SHARED]:
            rule = item["rule_id"] + (f" {item['rule_name']}" if item["rule_name"] else "")
            where = "; ".join(
                escape(r["name"])
                + (
                    f" ({escape(str(r['locations'][0]['path']))}:{r['locations'][0]['line']})"
                    if r["locations"] and r["locations"][0]["path"]
                    else ""
                )
                for r in item["repositories"][:6]
            )
            more = f" and {len(item['repositories']) - 6} more" if len(item["repositories"]) > 6 else ""
            tail.append(
                f"- **{escape(rule)}** ({item['kind']}, {item['severity']}) in {len(item['repositories'])} "
                f"repositories: `{escape(item['snippet'][:120])}`: {where}{more}"
            )
    else:
        tail.append("No finding repeats the same code across repositories.")
    if org["inputs"]["skipped"]:
        tail += ["", "## Inputs not used", ""]
        tail += [f"- {escape(s['path'])}: {escape(s['reason'])}" for s in org["inputs"]["skipped"]]
    budget = MAX_MARKDOWN_BYTES - len("\n".join(lines + tail).encode("utf-8"))
    kept: list[str] = []
    for row in rows:
        budget -= len(row.encode("utf-8")) + 1
        if budget < 200:
            kept.append(f"\n{len(rows) - len(kept)} more repositories in the HTML and JSON reports.")
            break
        kept.append(row)
    return "\n".join(lines + kept + tail) + "\n"


def _context(org: dict[str, Any]) -> dict[str, Any]:
    words = founder.plain_language()
    blockers = []
    for blocker in org["blockers"]:
        try:
            category = Category(blocker["category"])
            impact = words.for_rule(blocker["rule_id"], category).impact
        except ValueError:
            impact = ""
        blockers.append({**blocker, "impact": impact})
    total = max(1, org["summary"]["scanned"])
    return {
        "org": org,
        "headline": _headline(org),
        "band": band,
        "verdict_words": VERDICT_WORDS,
        "change": _change,
        "not_applicable": NOT_APPLICABLE,
        "blockers": blockers,
        "total": total,
    }


def render_org_html(org: dict[str, Any]) -> str:
    """The organisation report as one HTML document (see the module docstring)."""
    return environment().get_template("org.html.j2").render(**_context(org))


def write_org_reports(org: dict[str, Any], folder: Path) -> dict[str, Path]:
    """Write the JSON, Markdown and HTML organisation reports into ``folder`` (created when
    missing) under :data:`ORG_FILE_NAMES`; returns format -> path written.

    Raises:
        OSError: the folder or a file cannot be written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for fmt, text in (
        ("json", render_org_json(org)),
        ("markdown", render_org_markdown(org)),
        ("html", render_org_html(org)),
    ):
        target = folder / ORG_FILE_NAMES[fmt]
        target.write_text(text, encoding="utf-8")
        written[fmt] = target
    return written
