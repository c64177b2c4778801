"""Firebase security rules: Cloud Firestore and Cloud Storage rules (``firestore.rules``,
``storage.rules``) and Realtime Database rules (``database.rules.json``).

The rules language has no Python parser, so this module tokenises it (strings, comments,
punctuation, dotted names) and reads its block structure: ``service`` and ``match`` blocks
with their paths, ``allow <methods>: if <condition>;`` statements and ``function``
definitions. Conditions are kept as token lists for the checks to read.

Sources: Firebase "Get started with Cloud Firestore Security Rules", "Structuring security
rules" and "Rules language" (https://firebase.google.com/docs/rules/rules-language); Realtime
Database "Understand Firebase Realtime Database Security Rules".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from readycheck.analysis.data import parse_json
from readycheck.repository import SourceFile

PUNCTUATION = "{}();:,[]"
OPERATORS = ("==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "=", "+", "-", "*", "/", "%", "?")


@dataclass(frozen=True)
class Token:
    """A token of the rules language: ``kind`` is ``name`` (dotted names included), ``string``,
    ``number``, ``op`` or ``punct``; ``line`` is 1-based."""

    kind: str
    text: str
    line: int


@dataclass(frozen=True, kw_only=True)
class Allow:
    """One ``allow`` statement: its methods (``read``, ``write``, ``get``, ``list``, ``create``,
    ``update``, ``delete``), its condition tokens (None when it has no ``if``: always
    allowed), the ``match`` paths enclosing it (outermost first) and its line."""

    methods: tuple[str, ...]
    condition: tuple[Token, ...] | None
    paths: tuple[str, ...]
    line: int


@dataclass(kw_only=True)
class RulesFile:
    """A parsed rules file: its ``service`` (``cloud.firestore``, ``firebase.storage`` or
    ``database`` for Realtime Database JSON), allow statements and functions (name → body
    tokens)."""

    path: str
    service: str
    allows: list[Allow] = field(default_factory=list)
    functions: dict[str, tuple[Token, ...]] = field(default_factory=dict)


class RulesSyntaxError(ValueError):
    """The rules file could not be read: ``line`` is where reading stopped."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def _string_end(text: str, start: int) -> int:
    """The index of the quote closing the string literal that opens at ``start`` (backslash
    escapes skipped), or -1 when it is unterminated."""
    quote, j, size = text[start], start + 1, len(text)
    while j < size and text[j] != quote:
        j += 2 if text[j] == "\\" else 1
    return j if j < size else -1


def strip_comments(text: str) -> str:
    """``text`` with ``//`` and ``/* */`` comments outside strings blanked (newlines kept, so
    line numbers hold). Used for rules files and for ``database.rules.json``.

    Raises:
        RulesSyntaxError: an unterminated ``/*`` comment.
    """
    out: list[str] = []
    i, size = 0, len(text)
    while i < size:
        if text[i] in "'\"":
            end = _string_end(text, i)
            if end < 0:
                out.append(text[i:])  # the tokenizer or JSON parser reports it
                break
            out.append(text[i : end + 1])
            i = end + 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = size if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise RulesSyntaxError("unterminated comment", text.count("\n", 0, i) + 1)
            out.append("\n" * text.count("\n", i, end))
            i = end + 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def tokenize(text: str) -> list[Token]:
    """Tokens of rules text whose comments :func:`strip_comments` has removed.

    Raises:
        RulesSyntaxError: an unterminated string.
    """
    tokens: list[Token] = []
    i, line, size = 0, 1, len(text)
    while i < size:
        char = text[i]
        if char == "\n":
            line += 1
            i += 1
        elif char.isspace():
            i += 1
        elif char in "'\"":
            end = _string_end(text, i)
            if end < 0:
                raise RulesSyntaxError("unterminated string", line)
            tokens.append(Token("string", text[i + 1 : end], line))
            line += text.count("\n", i, end)
            i = end + 1
        elif char.isalnum() or char in "_$.":
            j = i
            while j < size and (text[j].isalnum() or text[j] in "_$."):
                j += 1
            word = text[i:j]
            tokens.append(Token("number" if word.replace(".", "").isdigit() else "name", word, line))
            i = j
        elif char in PUNCTUATION:
            tokens.append(Token("punct", char, line))
            i += 1
        else:
            op = next((o for o in OPERATORS if text.startswith(o, i)), char)
            tokens.append(Token("op", op, line))
            i += len(op)
    return tokens


def _match_path(text: str, start: int) -> tuple[str, int, int]:
    """The path after ``match`` (it contains ``{var}`` braces, so it is read from the text)."""
    i = start
    while i < len(text) and text[i] in " \t":
        i += 1
    j = i
    depth = 0
    while j < len(text):
        char = text[j]
        if char == "{" and (j == i or text[j - 1] in "/"):
            depth += 1
        elif char == "}" and depth:
            depth -= 1
        elif depth == 0 and (char.isspace() or char == "{"):
            break
        j += 1
    return text[i:j], i, j


def parse_rules(source: SourceFile) -> RulesFile:
    """Parse a Firestore or Storage rules file.

    Raises:
        RulesSyntaxError: unbalanced braces, an unterminated string or comment.
    """
    text = strip_comments(source.text)
    # ``match`` paths hold braces; replace each path by a placeholder name before tokenising.
    paths: dict[str, str] = {}
    pieces: list[str] = []
    cursor = 0
    index = 0
    while True:
        found = _find_keyword(text, "match", cursor)
        if found < 0:
            break
        path, start, end = _match_path(text, found + len("match"))
        placeholder = f"__match_path_{index}"
        paths[placeholder] = path
        pieces.append(text[cursor:start] + placeholder)
        cursor = end
        index += 1
    pieces.append(text[cursor:])
    tokens = tokenize("".join(pieces))
    rules = RulesFile(path=source.path, service="")
    _parse_block(tokens, 0, [], rules, paths)
    return rules


def _find_keyword(text: str, word: str, start: int) -> int:
    """The next ``word`` outside strings that stands alone in comment-free ``text``, or -1."""
    i = start
    size = len(text)
    while i < size:
        if text[i] in "'\"":
            end = _string_end(text, i)
            i = size if end < 0 else end + 1
        elif (
            text.startswith(word, i)
            and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_."))
            and (i + len(word) >= size or text[i + len(word)].isspace())
        ):
            return i
        else:
            i += 1
    return -1


def _parse_block(tokens: list[Token], i: int, paths: list[str], rules: RulesFile, names: dict[str, str]) -> int:
    """Read statements from ``tokens[i]`` to the closing brace; returns the index after it."""
    while i < len(tokens):
        token = tokens[i]
        if token.text == "}":
            return i + 1
        if token.text == "service" and i + 1 < len(tokens):
            rules.service = rules.service or tokens[i + 1].text
            i = _skip_to(tokens, i, "{")
            i = _parse_block(tokens, i + 1, paths, rules, names)
        elif token.text == "match" and i + 1 < len(tokens):
            path = names.get(tokens[i + 1].text, tokens[i + 1].text)
            i = _skip_to(tokens, i, "{")
            i = _parse_block(tokens, i + 1, [*paths, path], rules, names)
        elif token.text == "allow":
            i = _parse_allow(tokens, i, paths, rules)
        elif token.text == "function" and i + 1 < len(tokens):
            name = tokens[i + 1].text
            i = _skip_to(tokens, i, "{")
            end = _closing(tokens, i)
            rules.functions[name] = tuple(tokens[i + 1 : end])
            i = end + 1
        else:
            i += 1
    return i


def _skip_to(tokens: list[Token], i: int, text: str) -> int:
    while i < len(tokens) and tokens[i].text != text:
        i += 1
    if i >= len(tokens):
        raise RulesSyntaxError(f"expected '{text}'", tokens[-1].line if tokens else 1)
    return i


def _closing(tokens: list[Token], i: int) -> int:
    depth = 0
    for j in range(i, len(tokens)):
        if tokens[j].text == "{":
            depth += 1
        elif tokens[j].text == "}":
            depth -= 1
            if depth == 0:
                return j
    raise RulesSyntaxError("unbalanced braces", tokens[i].line)


def _parse_allow(tokens: list[Token], i: int, paths: list[str], rules: RulesFile) -> int:
    line = tokens[i].line
    i += 1
    methods: list[str] = []
    while i < len(tokens) and tokens[i].text not in {":", ";", "}"}:
        if tokens[i].kind == "name":
            methods.append(tokens[i].text)
        i += 1
    condition: tuple[Token, ...] | None = None
    if i < len(tokens) and tokens[i].text == ":":
        i += 1
        if i < len(tokens) and tokens[i].text == "if":
            i += 1
        start, depth = i, 0
        while i < len(tokens):
            text = tokens[i].text
            if text in {"(", "["}:
                depth += 1
            elif text in {")", "]"}:
                depth -= 1
            elif depth <= 0 and (text in {";", "}"} or text in {"allow", "match", "function"}):
                break
            i += 1
        condition = tuple(tokens[start:i])
    if i < len(tokens) and tokens[i].text == ";":
        i += 1
    rules.allows.append(Allow(methods=tuple(methods), condition=condition, paths=tuple(paths), line=line))
    return i


@dataclass(frozen=True, kw_only=True)
class DatabaseRule:
    """A Realtime Database ``.read``/``.write`` rule: the JSON path of keys (``$uid``
    wildcards kept), the rule's kind, its expression text and its line."""

    path: tuple[str, ...]
    kind: str
    expression: str
    line: int


def parse_database_rules(source: SourceFile) -> list[DatabaseRule]:
    """Every ``.read``/``.write`` rule of a ``database.rules.json`` file, in document order
    (the Firebase CLI accepts ``//`` and ``/* */`` comments in it).

    Raises:
        RulesSyntaxError: the file is not JSON.
    """
    text = strip_comments(source.text)
    try:
        data = parse_json(text)
    except ValueError as exc:
        raise RulesSyntaxError("not valid JSON", getattr(exc, "lineno", 1)) from exc
    found: list[DatabaseRule] = []
    lines = source.lines
    cursor = [0]

    def line_of(key: str) -> int:
        for number in range(cursor[0], len(lines)):
            if f'"{key}"' in lines[number]:
                cursor[0] = number + 1
                return number + 1
        return 1

    def walk(node: object, path: tuple[str, ...]) -> None:
        if not isinstance(node, dict):
            return
        for key, value in node.items():
            if key in {".read", ".write"}:
                found.append(DatabaseRule(path=path, kind=key[1:], expression=str(value).lower(), line=line_of(key)))
            elif not key.startswith("."):
                line_of(key)
                walk(value, (*path, key))

    rules = data.get("rules") if isinstance(data, dict) else None
    walk(rules, ())
    return found
