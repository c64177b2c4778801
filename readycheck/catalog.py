"""The rule catalog: documentation parsed from check docstrings, rendered for every output.

A check's docstring is user-facing Markdown in fixed sections (DESIGN.md section 4):
*What it does*, *Why is this bad?*, *Example*, *Use instead*, *References*, each a level-2
heading. One parser reads them; ``readycheck explain``, ``docs/checks/*.md``, the HTML
report and SARIF ``rules[].help`` all render from the parsed :class:`RuleDocs`.
"""

from __future__ import annotations

import inspect

from markdown_it import MarkdownIt

from readycheck.model import RuleDocs, RuleMeta

SECTIONS: dict[str, str] = {
    "what it does": "what_it_does",
    "why is this bad?": "why_bad",
    "example": "example",
    "use instead": "use_instead",
    "references": "references",
}

_PARSER = MarkdownIt("commonmark")
# Raw HTML in documentation is shown as text, never rendered (docs of third-party plugins
# end up in reports).
_RENDERER = MarkdownIt("commonmark", {"html": False, "linkify": False})


class DocsError(ValueError):
    """A docstring lacks a required section; the message names the missing ones."""


def parse_docs(docstring: str | None) -> RuleDocs:
    """Split a check docstring into its five sections.

    Args:
        docstring: the raw ``__doc__`` of a check class.

    Returns:
        The parsed sections, each stripped Markdown.

    Raises:
        DocsError: when the docstring is missing or any section is missing or empty.
    """
    if not docstring:
        raise DocsError("the check has no docstring with documentation sections")
    text = inspect.cleandoc(docstring)
    lines = text.splitlines()
    starts: list[tuple[int, int, str]] = []  # (heading line, body start line, key)
    for token_index, token in enumerate(tokens := _PARSER.parse(text)):
        if token.type == "heading_open" and token.tag == "h2" and token.map:
            title = tokens[token_index + 1].content.strip().lower()
            key = SECTIONS.get(title)
            if key:
                starts.append((token.map[0], token.map[1], key))
    bodies: dict[str, str] = {}
    for index, (_heading, body_start, key) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        bodies[key] = "\n".join(lines[body_start:end]).strip()
    missing = [title for title, key in SECTIONS.items() if not bodies.get(key)]
    if missing:
        raise DocsError("documentation sections missing or empty: " + ", ".join(missing))
    return RuleDocs(**bodies)


def render_html(markdown: str) -> str:
    """Render documentation Markdown to an HTML fragment. Raw HTML in the input is escaped."""
    return str(_RENDERER.render(markdown))


def explain(meta: RuleMeta) -> str:
    """The full Markdown page of a rule, as ``readycheck explain`` prints it and
    ``docs/checks/<id>.md`` stores it."""
    header = (
        f"# {meta.id} {meta.name}\n\n{meta.summary}\n\n"
        f"- Category: `{meta.category}`\n"
        f"- Default severity: `{meta.severity}`; confidence: `{meta.confidence}`\n"
        f"- OWASP: {', '.join(meta.owasp) or 'none'}\n"
        f"- CWE: {', '.join(meta.cwe) or 'none'}\n"
        f"- Provided by: `{meta.origin}`\n"
    )
    docs = meta.docs
    return (
        f"{header}\n## What it does\n\n{docs.what_it_does}\n\n"
        f"## Why is this bad?\n\n{docs.why_bad}\n\n## Example\n\n{docs.example}\n\n"
        f"## Use instead\n\n{docs.use_instead}\n\n## References\n\n{docs.references}\n"
    )
