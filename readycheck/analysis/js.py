"""Helpers over ``ast-grep-py`` (tree-sitter grammars bundled, works offline) shared by the
JavaScript/TypeScript program models: parsing with the right grammar, call chains, bound
names, string values and module resolution for relative imports.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TypeVar

import json5
from ast_grep_py import SgNode, SgRoot

from readycheck.analysis.data import parse_json
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


def find_kind(node: SgNode, kind: str) -> list[SgNode]:
    """Every descendant of ``node`` of syntax kind ``kind``; empty when the grammar has no such
    kind (JavaScript has ``field_definition`` where TypeScript has ``public_field_definition``)."""
    try:
        return node.find_all(kind=kind)
    except RuntimeError:
        return []


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


def _unescape(sequence: str) -> str:
    """One JavaScript escape sequence (``\\``, ``\n``, ``\u00e9``, ``\'``) as its character."""
    try:
        return codecs.decode(sequence, "unicode_escape")
    except (UnicodeDecodeError, ValueError):
        return sequence[1:]


def string_value(node: SgNode | None) -> str | None:
    """The value of a string literal or a template without substitutions, else None."""
    if node is None:
        return None
    if node.kind() == "string":
        fragments = [
            c.text() if c.kind() == "string_fragment" else _unescape(c.text())
            for c in node.children()
            if c.kind() in {"string_fragment", "escape_sequence"}
        ]
        return "".join(fragments)
    if node.kind() == "template_string" and not node.find(kind="template_substitution"):
        return node.text()[1:-1]
    return None


def arguments(call: SgNode) -> list[SgNode]:
    """The argument nodes of a call or ``new`` expression (no punctuation)."""
    args = call.field("arguments")
    return [] if args is None else [a for a in args.named_children() if a.kind() != "comment"]


def chain_top(node: SgNode, methods: frozenset[str] | None = None) -> SgNode:
    """The outermost call of the method chain ``node`` starts or sits in
    (``supabase.from("t").select("*").eq("a", 1)`` from its ``from`` call), climbing only
    through calls named in ``methods`` when given."""
    top = node
    while True:
        parent = top.parent()
        if parent is None or parent.kind() != "member_expression":
            return top
        outer = parent.parent()
        if outer is None or outer.kind() != "call_expression":
            return top
        if methods is not None and callee_name(outer) not in methods:
            return top
        top = outer


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


def imports_package(module: JsModule, packages: Iterable[str]) -> bool:
    """True when ``module`` imports or requires one of ``packages``: the package itself or a
    subpath of it (``ai`` matches ``ai`` and ``ai/react``; a scope such as ``@ai-sdk/``, written
    with its slash, matches every package in it)."""
    wanted = tuple(packages)
    return any(
        spec == p or spec.startswith(p if p.endswith("/") else p + "/")
        for spec, _ in imports_of(module).values()
        for p in wanted
    )


def object_entries(node: SgNode | None) -> dict[str, SgNode]:
    """The entries of an object literal by key: ``key: value`` pairs (quotes stripped from the
    key), shorthand properties (``{ userId }``, the identifier itself) and methods
    (``execute() {...}``); empty for anything but an object literal."""
    found: dict[str, SgNode] = {}
    if node is None or node.kind() != "object":
        return found
    for child in node.named_children():
        if child.kind() == "pair":
            key, value = child.field("key"), child.field("value")
            if key is not None and value is not None:
                found[key.text().strip("\"'")] = value
        elif child.kind() == "shorthand_property_identifier":
            found[child.text()] = child
        elif child.kind() == "method_definition":
            name = child.field("name")
            if name is not None:
                found[name.text()] = child
    return found


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

    source: SourceFile = field(repr=False)
    root: SgNode = field(repr=False)
    error_line: int | None = None
    imports: dict[str, tuple[str, str]] | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        return f"JsModule({self.source.path!r})"


@dataclass(frozen=True, kw_only=True)
class _PackageScope:
    """A ``package.json`` of the repository: its folder, ``name``, ``imports`` (subpath imports
    such as ``#routes/*``), ``exports``, ``main``/``module`` entry points and the names of its
    ``dependencies``, ``devDependencies`` and ``peerDependencies``."""

    folder: str
    name: str | None
    imports: dict[str, object]
    exports: object
    main: str | None
    dependencies: frozenset[str] = frozenset()


@dataclass(frozen=True, kw_only=True)
class _TsScope:
    """A ``tsconfig.json``/``jsconfig.json``: its folder, ``baseUrl`` (repository-relative,
    None when unset) and ``paths`` patterns (repository-relative targets)."""

    folder: str
    base_url: str | None
    paths: dict[str, list[str]]


# Export conditions tried, in order, when a ``package.json`` target is a conditions object
# (Node.js "Conditional exports"; readycheck reads source files, so "source" and
# TypeScript's "types" come last).
CONDITIONS = ("node", "import", "require", "module", "default", "development", "production", "source")


@dataclass(kw_only=True)
class JsProject:
    """The repository's parsed JS/TS modules by path, plus partial-parse notes, and what module
    resolution needs: ``package.json`` scopes (subpath ``imports``, workspace packages) and
    ``tsconfig.json``/``jsconfig.json`` path aliases.

    :meth:`resolve` follows Node.js and TypeScript module resolution for files of the
    repository: relative specifiers (with the ``.js`` → ``.ts`` mapping TypeScript applies to
    ESM imports), ``#`` subpath imports of the nearest ``package.json`` (``*`` patterns and
    conditions), ``compilerOptions.paths``/``baseUrl`` of the nearest tsconfig (``extends``
    followed), packages of the repository's own workspace (``exports``/``main``), and the
    ``@/``/``~/`` aliases Next.js, Nuxt and Vite projects set up. Sources: Node.js
    documentation "Modules: Packages" (subpath imports and exports, conditional exports);
    TypeScript handbook "Module Resolution" (paths, baseUrl).
    """

    modules: dict[str, JsModule] = field(default_factory=dict)
    not_checked: list[NotChecked] = field(default_factory=list)
    packages: dict[str, _PackageScope] = field(default_factory=dict)
    tsconfigs: dict[str, _TsScope] = field(default_factory=dict)
    _resolved: dict[tuple[str, str], JsModule | None] = field(default_factory=dict, repr=False)
    symbols: dict[str, object] = field(default_factory=dict, repr=False)

    def resolve(self, importer: str, specifier: str) -> JsModule | None:
        """The module of the repository that ``import ... from specifier`` in ``importer``
        loads, or None (a package from ``node_modules``, a built-in, a missing file)."""
        key = (importer, specifier)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(importer, specifier)
        return self._resolved[key]

    def _resolve(self, importer: str, specifier: str) -> JsModule | None:
        specifier = specifier.split("?", 1)[0]
        folder = PurePosixPath(importer).parent
        if specifier.startswith("."):
            return self._file(folder / specifier)
        if specifier.startswith("/"):
            return None
        if specifier.startswith("#"):
            package = self._nearest(self.packages, str(folder))
            if package is not None:
                for target in _match_map(package.imports, specifier):
                    found = self._file(PurePosixPath(package.folder) / target)
                    if found is not None:
                        return found
            return None
        ts = self._nearest(self.tsconfigs, str(folder))
        if ts is not None:
            for pattern, targets in ts.paths.items():
                for target in _match_pattern(pattern, targets, specifier):
                    found = self._file(PurePosixPath(target))
                    if found is not None:
                        return found
            if ts.base_url is not None:
                found = self._file(PurePosixPath(ts.base_url) / specifier)
                if found is not None:
                    return found
        for package in self.packages.values():
            if package.name and (specifier == package.name or specifier.startswith(package.name + "/")):
                found = self._package_entry(package, specifier[len(package.name) :].lstrip("/"))
                if found is not None:
                    return found
        for alias in ("@/", "~/", "~~/", "@@/"):
            if specifier.startswith(alias):
                tail = specifier[len(alias) :]
                roots = ["src/", "", "app/"]
                base = self._alias_root(importer)
                if base:
                    roots = [base + "/src/", base + "/", base + "/app/", *roots]
                for prefix in roots:
                    found = self._file(PurePosixPath(prefix + tail))
                    if found is not None:
                        return found
        return None

    def package_dependencies(self, path: str) -> frozenset[str] | None:
        """The dependency names of the nearest ``package.json`` above ``path`` (a repository
        path), None when no ``package.json`` is above it."""
        package = self._nearest(self.packages, str(PurePosixPath(path).parent))
        return package.dependencies if package is not None else None

    def _alias_root(self, importer: str) -> str:
        """The folder of the nearest ``package.json`` above ``importer`` ("" for the root)."""
        package = self._nearest(self.packages, str(PurePosixPath(importer).parent))
        return package.folder if package is not None else ""

    def _package_entry(self, package: _PackageScope, subpath: str) -> JsModule | None:
        wanted = "./" + subpath if subpath else "."
        exports = package.exports
        if isinstance(exports, str) and wanted == ".":
            exports = {".": exports}
        if isinstance(exports, dict):
            keyed = exports if any(str(k).startswith(".") for k in exports) else {".": exports}
            for target in _match_map(keyed, wanted):
                found = self._file(PurePosixPath(package.folder) / target)
                if found is not None:
                    return found
        base = PurePosixPath(package.folder)
        if subpath:
            return self._file(base / subpath) or self._file(base / "src" / subpath)
        for entry in (package.main, "src/index", "index"):
            if entry:
                found = self._file(base / entry)
                if found is not None:
                    return found
        return None

    @staticmethod
    def _nearest(scopes: dict[str, _T], folder: str) -> _T | None:
        current = PurePosixPath(folder)
        while True:
            key = "" if str(current) == "." else str(current)
            if key in scopes:
                return scopes[key]
            if key == "":
                return None
            current = current.parent

    def _file(self, base: PurePosixPath) -> JsModule | None:
        found = self._with_suffixes(base)
        if found is not None:
            return found
        # TypeScript ESM: ``import "./x.js"`` names ``x.ts``
        name = base.name
        for ext in (".js", ".mjs", ".cjs", ".jsx"):
            if name.endswith(ext):
                return self._with_suffixes(base.with_name(name[: -len(ext)]))
        return None

    def _with_suffixes(self, base: PurePosixPath) -> JsModule | None:
        normal = _normalise(base)
        if normal in self.modules:
            return self.modules[normal]
        for suffix in RESOLVE_SUFFIXES:
            candidate = normal + suffix
            if candidate in self.modules:
                return self.modules[candidate]
        return None


_T = TypeVar("_T")


def _normalise(path: PurePosixPath) -> str:
    """A POSIX path with ``.`` and ``..`` parts folded (never above the repository root)."""
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def _condition(target: object) -> list[str]:
    """The file targets of a ``package.json`` target: a string, an array, or a conditions
    object read in :data:`CONDITIONS` order (nested conditions followed)."""
    if isinstance(target, str):
        return [target]
    if isinstance(target, list):
        return [t for item in target for t in _condition(item)]
    if isinstance(target, dict):
        found: list[str] = []
        for condition in CONDITIONS:
            if condition in target:
                found.extend(_condition(target[condition]))
        found.extend(t for k, v in target.items() if k not in CONDITIONS and k != "types" for t in _condition(v))
        return found
    return []


def _match_map(mapping: dict[str, object], specifier: str) -> list[str]:
    """Targets of ``specifier`` in a ``package.json`` ``imports``/``exports`` map: an exact key,
    else the longest ``*`` pattern that matches (the ``*`` part substituted)."""
    if specifier in mapping:
        return _condition(mapping[specifier])
    best: tuple[int, str, str] | None = None
    for key in mapping:
        if "*" not in key:
            continue
        head, _, tail = key.partition("*")
        if specifier.startswith(head) and specifier.endswith(tail) and len(specifier) >= len(head) + len(tail):
            middle = specifier[len(head) : len(specifier) - len(tail)]
            if best is None or len(head) > best[0]:
                best = (len(head), key, middle)
    if best is None:
        return []
    return [t.replace("*", best[2]) for t in _condition(mapping[best[1]])]


def _match_pattern(pattern: str, targets: list[str], specifier: str) -> list[str]:
    """tsconfig ``paths``: ``"@app/*": ["src/*"]`` maps ``@app/x`` to ``src/x``."""
    if "*" not in pattern:
        return list(targets) if specifier == pattern else []
    head, _, tail = pattern.partition("*")
    if not (specifier.startswith(head) and specifier.endswith(tail)):
        return []
    middle = specifier[len(head) : len(specifier) - len(tail) if tail else None]
    return [t.replace("*", middle) for t in targets]


def read_configs(project: JsProject, files: Iterable[SourceFile]) -> None:
    """Read the ``package.json`` scopes and tsconfig/jsconfig path aliases of the repository
    into ``project``. Files that are not valid JSON (JSON5 for tsconfig: comments and trailing
    commas allowed, as TypeScript accepts) are skipped and noted."""
    tsconfigs: dict[str, dict[str, object]] = {}
    for source in files:
        name = PurePosixPath(source.path).name
        folder = str(PurePosixPath(source.path).parent)
        folder = "" if folder == "." else folder
        if "node_modules/" in source.path:
            continue
        if name == "package.json":
            try:
                data = parse_json(source.text)
            except ValueError:
                project.not_checked.append(NotChecked(path=source.path, reason="package.json is not valid JSON"))
                continue
            if not isinstance(data, dict):
                continue
            imports = data.get("imports")
            project.packages[folder] = _PackageScope(
                folder=folder,
                name=data.get("name") if isinstance(data.get("name"), str) else None,
                imports=imports if isinstance(imports, dict) else {},
                exports=data.get("exports"),
                main=next((data[k] for k in ("source", "module", "main") if isinstance(data.get(k), str)), None),
                dependencies=frozenset(
                    str(name)
                    for key in ("dependencies", "devDependencies", "peerDependencies")
                    if isinstance(data.get(key), dict)
                    for name in data[key]
                ),
            )
        elif (name.startswith(("tsconfig", "jsconfig")) and name.endswith(".json")) and len(source.text) < 1_000_000:
            try:
                data = json5.loads(source.text)
            except (ValueError, RecursionError):
                project.not_checked.append(NotChecked(path=source.path, reason=f"{name} could not be read"))
                continue
            if isinstance(data, dict):
                tsconfigs[source.path] = data
    for path in tsconfigs:
        folder = str(PurePosixPath(path).parent)
        folder = "" if folder == "." else folder
        options = _compiler_options(tsconfigs, path, 0)
        base_url = options.get("baseUrl")
        base: str | None = None
        if isinstance(base_url, str):
            base = _normalise(PurePosixPath(str(options.get("__dir__", folder)) or ".") / base_url)
        paths: dict[str, list[str]] = {}
        raw = options.get("paths")
        paths_dir = str(options.get("__paths_dir__", folder))
        if isinstance(raw, dict):
            anchor = base if base is not None else paths_dir
            for pattern, targets in raw.items():
                if isinstance(targets, list):
                    paths[str(pattern)] = [
                        _normalise(PurePosixPath(anchor or ".") / str(t)) for t in targets if isinstance(t, str)
                    ]
        existing = project.tsconfigs.get(folder)
        if existing is None or PurePosixPath(path).name in {"tsconfig.json", "jsconfig.json"}:
            project.tsconfigs[folder] = _TsScope(folder=folder, base_url=base, paths=paths)


def _compiler_options(tsconfigs: dict[str, dict[str, object]], path: str, depth: int) -> dict[str, object]:
    """``compilerOptions`` with ``extends`` applied (relative files of the repository only);
    ``__dir__`` records the folder ``baseUrl`` is relative to."""
    data = tsconfigs.get(path, {})
    folder = str(PurePosixPath(path).parent)
    folder = "" if folder == "." else folder
    merged: dict[str, object] = {}
    parent = data.get("extends")
    parents = parent if isinstance(parent, list) else [parent]
    for item in parents:
        if isinstance(item, str) and item.startswith(".") and depth < 5:
            target = _normalise(PurePosixPath(folder or ".") / item)
            if not target.endswith(".json"):
                target += ".json"
            merged.update(_compiler_options(tsconfigs, target, depth + 1))
    own = data.get("compilerOptions")
    if isinstance(own, dict):
        if "baseUrl" in own:
            merged["__dir__"] = folder
        if "paths" in own:
            merged["__paths_dir__"] = folder
        merged.update(own)
    return merged


def build_js_project(files: Iterator[SourceFile] | list[SourceFile], configs: Iterable[SourceFile] = ()) -> JsProject:
    """Parse every JS/TS file; a file with syntax errors is kept (tree-sitter recovers) and
    noted as partly analysed. ``configs`` are the repository's ``package.json`` and
    tsconfig/jsconfig files, read for module resolution."""
    project = JsProject()
    read_configs(project, configs)
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
