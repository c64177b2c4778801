"""README's quick start stays true: exactly two commands, both run verbatim by .ci/run."""

from __future__ import annotations

from markdown_it import MarkdownIt

from tests.conftest import ROOT


def _quick_start_commands() -> list[str]:
    tokens = MarkdownIt("commonmark").parse((ROOT / "README.md").read_text(encoding="utf-8"))
    inside, commands = False, []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            title = tokens[index + 1].content.strip().lower()
            if token.tag == "h2":
                inside = title == "quick start"
        elif inside and token.type == "fence":
            commands.extend(line for line in token.content.splitlines() if line.strip())
    return commands


def test_quick_start_has_two_commands_run_by_ci() -> None:
    commands = _quick_start_commands()
    assert len(commands) == 2, commands
    assert "readycheck scan sample_repos/" in commands[0]
    assert "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for command in commands:
        assert command in ci, f"{command!r} is not run verbatim by .ci/run"


def test_check_docs_are_current() -> None:
    from readycheck.docgen import pages

    stale = [
        name for name, text in pages().items() if (ROOT / "docs" / "checks" / name).read_text(encoding="utf-8") != text
    ]
    assert not stale, f"docs/checks is stale for {stale}: run python -m readycheck.docgen docs/checks"
