"""Helpers over ``ast-grep-py`` (tree-sitter grammars bundled, works offline) shared by the
JavaScript/TypeScript program models: parsing with the right grammar, call chains, bound
names, string values and module resolution for relative imports.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ast_grep_py import SgNode, SgRoot

from readycheck.model import NotChecked
from readycheck.repository import SourceFile

GRAMMAR = {"javascript": "javascript", "typescript": "typescript", "tsx": "tsx"}
JS_LANGUAGES = tuple(GRAMMAR)
RESOLVE_SUFFIXES = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", "/index.ts", "/index.tsx", "/index.js", "/index.jsx")


def parse(source: SourceFile) -> SgNode:
    """The syntax tree root of a JavaScript/TypeScript file (tree-sitter is error tolerant:
    a syntax error leaves ``ERROR`` nodes, see :func:`first_error_line`)."""
    grammar = GRAMMAR[source.language]
    if grammar == "javascript" and source.path.endswith(".jsx"):
        grammar = "tsx"
    return SgRoot(source.text, grammar).root()


def first_error_line(root: SgNode) -> int | None:
    """1-based line of the first syntax error in the tree, or None."""
    error = root.find(kind="ERROR")
    return None if error is None else error.range().start.line + 1


def line_of(node: SgNode) -> int:
    """1-based start line of ``node``."""
    return node.range().start.line + 1


def end_line_of(node: SgNode) -> int:
    """1-based end line of ``node``."""
    return node.range().end.line + 1


def string_value(node: SgNode | None) -> str | None:
    """The value of a string literal or a template without substitutions, else None."""
    if node is None:
        return None
    if node.kind() == "string":
        fragments = [c.text() for c in node.children() if c.kind() == "string_fragment"]
        return "".join(fragments)
    if node.kind() == "template_string" and not node.find(kind="template_substitution"):
        return node.text()[1:-1]
    return None


def arguments(call: SgNode) -> list[SgNode]:
    """The argument nodes of a call or ``new`` expression (no punctuation)."""
    args = call.field("arguments")
    return [] if args is None else [a for a in args.named_children() if a.kind() != "comment"]


def callee_name(call: SgNode) -> str:
    """The last name of a call's callee: ``prisma.todo.findUnique(...)`` → ``findUnique``."""
    function = call.field("function") or call.field("constructor")
    if function is None:
        return ""
    if function.kind() == "member_expression":
        prop = function.field("property")
        return prop.text() if prop is not None else ""
    return function.text() if function.kind() == "identifier" else ""


@dataclass(frozen=True)
class Link:
    """One call of a method chain: its method name, call node and arguments."""

    name: str
    call: SgNode
    args: list[SgNode]


def chain(call: SgNode) -> tuple[str, list[Link]]:
    """Flatten a method chain: ``supabase.from("t").select("*").eq("id", x)`` →
    (``supabase``, [from, select, eq]). The root is the text before the first call; member
    accesses between calls (``prisma.todo.findUnique``) are folded into the next link's name
    root (``todo`` is reported through :func:`member_path`)."""
    links: list[Link] = []
    node: SgNode | None = call
    root = ""
    while node is not None:
        kind = node.kind()
        if kind == "await_expression":
            inner = node.named_children()
            node = inner[0] if inner else None
        elif kind in {"call_expression", "new_expression"}:
            links.append(Link(name=callee_name(node), call=node, args=arguments(node)))
            node = node.field("function") or node.field("constructor")
        elif kind == "member_expression":
            obj = node.field("object")
            if obj is not None and obj.kind() not in {
                "call_expression",
                "await_expression",
                "parenthesized_expression",
            }:
                root = obj.text()
                break
            node = obj
        elif kind == "parenthesized_expression":
            inner = node.named_children()
            node = inner[0] if inner else None
        else:
            root = node.text()
            break
    return root, list(reversed(links))


def member_path(call: SgNode) -> list[str]:
    """The dotted callee of a call as parts: ``prisma.todo.findUnique`` → ``["prisma", "todo",
    "findUnique"]``; empty when the callee is not a plain member path."""
    function = call.field("function")
    if function is None:
        return []
    parts: list[str] = []
    node: SgNode | None = function
    while node is not None and node.kind() == "member_expression":
        prop = node.field("property")
        parts.append(prop.text() if prop is not None else "")
        node = node.field("object")
    if node is None or node.kind() not in {"identifier", "this"}:
        return []
    parts.append(node.text())
    return list(reversed(parts))


def bound_names(pattern: SgNode) -> list[str]:
    """Names bound by a declaration target: an identifier, or every identifier of an object or
    array destructuring pattern (``{ data: { user } }`` → ``["user"]``)."""
    if pattern.kind() == "identifier":
        return [pattern.text()]
    names: list[str] = []
    for node in pattern.find_all(kind="shorthand_property_identifier_pattern"):
        names.append(node.text())
    for node in pattern.find_all(kind="pair_pattern"):
        value = node.field("value")
        if value is not None and value.kind() == "identifier":
            names.append(value.text())
    for node in pattern.find_all(kind="identifier"):
        parent = node.parent()
        if parent is not None and parent.kind() in {"array_pattern", "assignment_pattern", "rest_pattern"}:
            names.append(node.text())
    return list(dict.fromkeys(names))


def identifiers(node: SgNode) -> set[str]:
    """Identifiers and member-expression paths read in ``node`` (``req.params.id`` gives
    ``req``, ``req.params`` and ``req.params.id``)."""
    found = {n.text() for n in node.find_all(kind="identifier")}
    found |= {n.text() for n in node.find_all(kind="shorthand_property_identifier")}
    if node.kind() == "identifier":
        found.add(node.text())
    for member in [node, *node.find_all(kind="member_expression")]:
        if member.kind() != "member_expression":
            continue
        text = member.text()
        if "(" in text or "\n" in text or len(text) > 120:
            continue
        parts = [p.strip().rstrip("?").strip() for p in text.replace("?.", ".").split(".")]
        for i in range(1, len(parts) + 1):
            found.add(".".join(parts[:i]))
    return found


def parameters(fn: SgNode) -> list[SgNode]:
    """The formal parameter patterns of a function node (the identifier of ``x: T``)."""
    params = fn.field("parameters")
    if params is None:
        single = fn.field("parameter")
        return [single] if single is not None else []
    result: list[SgNode] = []
    for param in params.named_children():
        pattern = param.field("pattern") if param.kind() in {"required_parameter", "optional_parameter"} else param
        if pattern is not None:
            result.append(pattern)
    return result


def body_of(fn: SgNode) -> SgNode:
    """A function's body node (the function itself when it has none)."""
    return fn.field("body") or fn


@dataclass(kw_only=True)
class JsModule:
    """A parsed JavaScript/TypeScript file."""

    source: SourceFile
    root: SgNode
    error_line: int | None = None
    imports: dict[str, tuple[str, str]] | None = field(default=None, repr=False)


@dataclass(kw_only=True)
class JsProject:
    """The repository's parsed JS/TS modules by path, plus partial-parse notes."""

    modules: dict[str, JsModule] = field(default_factory=dict)
    not_checked: list[NotChecked] = field(default_factory=list)

    def resolve(self, importer: str, specifier: str) -> JsModule | None:
        """The module a relative (``./routes/todos``) or ``@/``/``~/`` aliased import refers to."""
        if specifier.startswith("."):
            base = PurePosixPath(importer).parent / specifier
        elif specifier.startswith(("@/", "~/")):
            tail = specifier[2:]
            for prefix in ("src/", ""):
                found = self._with_suffixes(PurePosixPath(prefix + tail))
                if found is not None:
                    return found
            return None
        else:
            return None
        return self._with_suffixes(base)

    def _with_suffixes(self, base: PurePosixPath) -> JsModule | None:
        normal = _normalise(base)
        if normal in self.modules:
            return self.modules[normal]
        for suffix in RESOLVE_SUFFIXES:
            candidate = normal + suffix
            if candidate in self.modules:
                return self.modules[candidate]
        return None


def _normalise(path: PurePosixPath) -> str:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def build_js_project(files: Iterator[SourceFile] | list[SourceFile]) -> JsProject:
    """Parse every JS/TS file; a file with syntax errors is kept (tree-sitter recovers) and
    noted as partly analysed."""
    project = JsProject()
    for source in files:
        if source.language not in GRAMMAR:
            continue
        root = parse(source)
        error = first_error_line(root)
        project.modules[source.path] = JsModule(source=source, root=root, error_line=error)
        if error is not None:
            project.not_checked.append(
                NotChecked(path=source.path, reason=f"syntax error at line {error}; analysed in part")
            )
    return project


def imports_of(module: JsModule) -> dict[str, tuple[str, str]]:
    """Local name → (specifier, imported name) for ``import`` statements and
    ``require`` calls; the imported name is ``default`` for default imports and ``*`` for
    namespaces and whole ``require`` results. Computed once per module."""
    if module.imports is not None:
        return module.imports
    found: dict[str, tuple[str, str]] = {}
    for statement in module.root.find_all(kind="import_statement"):
        source = string_value(statement.field("source"))
        if source is None:
            continue
        clause = statement.find(kind="import_clause")
        if clause is None:
            continue
        for child in clause.named_children():
            if child.kind() == "identifier":
                found[child.text()] = (source, "default")
            elif child.kind() == "namespace_import":
                ident = child.find(kind="identifier")
                if ident is not None:
                    found[ident.text()] = (source, "*")
            elif child.kind() == "named_imports":
                for spec in child.find_all(kind="import_specifier"):
                    name = spec.field("name")
                    alias = spec.field("alias")
                    if name is not None:
                        found[(alias or name).text()] = (source, name.text())
    for call in module.root.find_all(kind="call_expression"):
        function = call.field("function")
        if function is None or function.text() != "require":
            continue
        args = arguments(call)
        source = string_value(args[0]) if args else None
        parent = call.parent()
        if source is None or parent is None or parent.kind() != "variable_declarator":
            continue
        name = parent.field("name")
        if name is None:
            continue
        if name.kind() == "identifier":
            found[name.text()] = (source, "*")
        else:
            for bound in bound_names(name):
                found[bound] = (source, bound)
    module.imports = found
    return found
