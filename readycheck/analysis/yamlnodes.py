"""YAML read with PyYAML's composer, which keeps the line of every node, so findings in CI
workflows and deploy manifests point at the right line. Keys are compared as written: a
GitHub Actions ``on:`` key stays the string ``on`` (YAML 1.1 would load it as ``True``).
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


def compose(text: str) -> Node | None:
    """The root node of the first YAML document of ``text`` (None for an empty document).

    Raises:
        yaml.YAMLError: the text is not valid YAML, or is nested too deeply to parse (the
            composer recurses once per level).
    """
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        raise yaml.YAMLError("nested too deeply to parse") from None


def line(node: Node | None) -> int:
    """1-based line where ``node`` starts (1 for None)."""
    return node.start_mark.line + 1 if node is not None else 1


def items(node: Node | None) -> Iterator[tuple[str, Node, Node]]:
    """(key text, key node, value node) of a mapping node; nothing for other nodes."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                yield str(key.value), key, value


def get(node: Node | None, key: str) -> Node | None:
    """The value node of ``key`` in a mapping node, or None."""
    for name, _, value in items(node):
        if name == key:
            return value
    return None


def key_line(node: Node | None, key: str) -> int | None:
    """1-based line of ``key`` in a mapping node, or None when absent."""
    for name, key_node, _ in items(node):
        if name == key:
            return line(key_node)
    return None


def scalar(node: Node | None) -> str | None:
    """The text of a scalar node (``None`` for other nodes; ``null`` stays ``"null"``)."""
    return str(node.value) if isinstance(node, ScalarNode) else None


def sequence(node: Node | None) -> list[Node]:
    """The elements of a sequence node; a scalar becomes a one-element list; else empty."""
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, ScalarNode) and node.value not in ("", None):
        return [node]
    return []


def strings(node: Node | None) -> list[str]:
    """Scalar texts of a sequence (or a single scalar)."""
    return [s for s in (scalar(n) for n in sequence(node)) if s is not None]


def keys(node: Node | None) -> list[str]:
    """The keys of a mapping node."""
    return [name for name, _, _ in items(node)]
