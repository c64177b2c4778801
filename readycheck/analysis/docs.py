"""The repository's own documentation read as Markdown (``markdown-it-py``): its headed
sections, for rules that ask whether something is written down (how to run, configure,
deploy and roll back the app).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from markdown_it import MarkdownIt

from readycheck.repository import Repository

DOC_NAMES = ("readme", "deploy", "deployment", "runbook", "operations", "rollback", "release", "contributing")


@dataclass(frozen=True, kw_only=True)
class Section:
    """One headed section of a Markdown file: ``heading`` text (lower-case), its 1-based
    ``line``, and the lower-case ``text`` of the section up to the next heading of the same
    or a higher level."""

    path: str
    line: int
    heading: str
    text: str


def is_doc(path: str) -> bool:
    """Top-level README/runbook-like Markdown files and everything under ``docs/``."""
    pure = PurePosixPath(path.lower())
    if pure.suffix not in {".md", ".markdown", ".mdx"}:
        return False
    if pure.parts[0] in {"docs", "doc", "documentation", "runbooks", ".github"}:
        return True
    return len(pure.parts) == 1 and pure.stem.startswith(DOC_NAMES)


def sections(repo: Repository) -> list[Section]:
    """Every headed section of the repository's documentation (:func:`is_doc`), in path order."""
    parser = MarkdownIt("commonmark")
    found: list[Section] = []
    for source in repo.files:
        if not is_doc(source.path):
            continue
        tokens = parser.parse(source.text)
        headings: list[tuple[int, int, str, int]] = []  # (token index, level, text, line)
        for index, token in enumerate(tokens):
            if token.type == "heading_open" and token.map is not None:
                inline = tokens[index + 1]
                headings.append((index, int(token.tag[1:]), inline.content.lower(), token.map[0] + 1))
        lines = source.lines
        for position, (_, level, heading, line) in enumerate(headings):
            end = len(lines)
            for _, other_level, _, other_line in headings[position + 1 :]:
                if other_level <= level:
                    end = other_line - 1
                    break
            text = "\n".join(lines[line:end]).lower()
            found.append(Section(path=source.path, line=line, heading=heading, text=text))
    return found


def find_section(all_sections: list[Section], *words: str) -> Section | None:
    """The first section whose heading contains one of ``words`` (lower-case)."""
    for section in all_sections:
        if any(word in section.heading for word in words):
            return section
    return None
