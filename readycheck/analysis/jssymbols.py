"""Symbols of the JavaScript/TypeScript code index (DESIGN.md section 1): what a name means in a
module, across files.

Each module's top-level declarations and exports are read once (ES modules: ``export``
declarations, ``export { a as b }``, ``export ... from``, ``export *``, ``export default``;
CommonJS: ``module.exports = ...``, ``module.exports = { a, b: c }``, ``exports.a = ...``).
:meth:`JsSymbols.expr` follows an identifier or member expression through imports and
``require`` calls (resolved by :meth:`readycheck.analysis.js.JsProject.resolve`), re-exports and
object literals to the node that defines it: a function, a class, an object, a call such as
``express.Router()``. What it cannot follow is None; callers treat that as unknown.

Sources: ECMAScript 2024 "Modules" (export and import forms); Node.js documentation
"Modules: CommonJS modules" (``module.exports``, ``exports`` shortcut).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ast_grep_py import SgNode

from readycheck.analysis.js import JsModule, JsProject, arguments, bound_names, line_of, string_value

FUNCTION_KINDS = frozenset(
    {
        "function_declaration",
        "function_expression",
        "arrow_function",
        "method_definition",
        "generator_function_declaration",
        "function",
    }
)
WRAPPER_KINDS = frozenset(
    {"parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "await_expression"}
)


@dataclass(frozen=True, eq=False)
class JsValue:
    """A definition in a module of the repository: ``node`` is the value (a function, class,
    object literal, call, identifier ...), ``name`` the name it is bound to."""

    module: JsModule
    node: SgNode
    name: str

    @property
    def path(self) -> str:
        """The file that defines the value."""
        return self.module.source.path

    @property
    def line(self) -> int:
        """The 1-based line of the value."""
        return line_of(self.node)

    @property
    def kind(self) -> str:
        """The syntax kind of the value node."""
        return self.node.kind()


@dataclass(frozen=True, eq=False)
class JsNamespace:
    """A whole module used as a value (``import * as ctrl``, ``const ctrl = require("./c")``)."""

    module: JsModule


@dataclass(frozen=True)
class JsExternal:
    """A name imported from a package outside the repository: ``express.Router``,
    ``firebase-functions/v2/https.onRequest``."""

    specifier: str
    name: str

    @property
    def qualname(self) -> str:
        """``specifier.name``."""
        return f"{self.specifier}.{self.name}" if self.name not in {"*", "default"} else self.specifier


JsResolved = JsValue | JsNamespace | JsExternal


@dataclass(kw_only=True)
class _ModuleTable:
    top: dict[str, SgNode | None] = field(default_factory=dict)
    imports: dict[str, tuple[str, str]] = field(default_factory=dict)
    exports: dict[str, tuple[str, object]] = field(default_factory=dict)
    stars: list[str] = field(default_factory=list)
    default: SgNode | None = None
    commonjs: SgNode | None = None


def unwrap(node: SgNode) -> SgNode:
    """The expression inside parentheses, ``as``/``satisfies`` casts, ``!`` and ``await``."""
    for _ in range(8):
        if node.kind() in WRAPPER_KINDS:
            inner = [c for c in node.named_children() if c.kind() not in {"type_annotation", "type_identifier"}]
            if not inner:
                return node
            node = inner[0]
        else:
            break
    return node


class JsSymbols:
    """Symbol tables of a :class:`~readycheck.analysis.js.JsProject`, built per module on
    first use. Memoised; not thread-safe on its own (the program models share it under their
    lock)."""

    def __init__(self, project: JsProject) -> None:
        self.project = project
        self._tables: dict[str, _ModuleTable] = {}

    def table(self, module: JsModule) -> _ModuleTable:
        """The module's top-level declarations, imports and exports."""
        path = module.source.path
        if path not in self._tables:
            self._tables[path] = _read_table(module)
        return self._tables[path]

    # -- names ----------------------------------------------------------------------------

    def name(self, module: JsModule, name: str, depth: int = 0) -> JsResolved | None:
        """What a top-level name of ``module`` refers to."""
        if depth > 12:
            return None
        table = self.table(module)
        if name in table.imports:
            specifier, imported = table.imports[name]
            target = self.project.resolve(module.source.path, specifier)
            if target is None:
                return JsExternal(specifier=specifier, name=imported)
            if imported == "*":
                return JsNamespace(module=target)
            return self.export(target, imported, depth + 1)
        if name in table.top:
            node = table.top[name]
            if node is None:
                return None
            node = unwrap(node)
            if node.kind() == "identifier" and node.text() != name:
                return self.name(module, node.text(), depth + 1) or JsValue(module=module, node=node, name=name)
            if node.kind() == "call_expression" and _is_require(node):
                spec = string_value(arguments(node)[0])
                target = self.project.resolve(module.source.path, spec or "")
                if target is None:
                    return JsExternal(specifier=spec or "", name="*")
                return JsNamespace(module=target)
            if node.kind() == "member_expression":
                inner = self.expr(module, node, depth + 1)
                if inner is not None:
                    return inner
            return JsValue(module=module, node=node, name=name)
        return None

    def export(self, module: JsModule, name: str, depth: int = 0) -> JsResolved | None:
        """The value ``module`` exports as ``name`` (``default`` for the default export,
        ``*`` for the module itself), following re-exports."""
        if depth > 12:
            return None
        table = self.table(module)
        if name == "*":
            return JsNamespace(module=module)
        if name == "default":
            if table.default is not None:
                return self._value_of(module, table.default, "default", depth)
            if table.commonjs is not None:
                return self._value_of(module, table.commonjs, "default", depth)
            if "default" in table.exports:
                return self._export_entry(module, "default", depth)
            return JsNamespace(module=module) if table.exports else None
        if name in table.exports:
            return self._export_entry(module, name, depth)
        if table.commonjs is not None:
            value = unwrap(table.commonjs)
            if value.kind() == "object":
                found = object_property(value, name)
                if found is not None:
                    return self._value_of(module, found, name, depth)
            resolved = self._value_of(module, value, "default", depth)
            if resolved is not None and not isinstance(resolved, JsExternal):
                return self.member(resolved, name, depth + 1)
        for specifier in table.stars:
            target = self.project.resolve(module.source.path, specifier)
            if target is not None:
                found_star = self.export(target, name, depth + 1)
                if found_star is not None:
                    return found_star
        return None

    def _export_entry(self, module: JsModule, name: str, depth: int) -> JsResolved | None:
        kind, data = self.table(module).exports[name]
        if kind == "local":
            return self.name(module, str(data), depth + 1)
        if kind == "node":
            assert isinstance(data, SgNode)
            return self._value_of(module, data, name, depth)
        assert isinstance(data, tuple)
        specifier, imported = str(data[0]), str(data[1])
        target = self.project.resolve(module.source.path, specifier)
        if target is None:
            return JsExternal(specifier=specifier, name=imported)
        return self.export(target, imported, depth + 1)

    def _value_of(self, module: JsModule, node: SgNode, name: str, depth: int) -> JsResolved | None:
        node = unwrap(node)
        if node.kind() in {"identifier", "shorthand_property_identifier"}:
            return self.name(module, node.text(), depth + 1) or JsValue(module=module, node=node, name=name)
        if node.kind() in {"member_expression", "call_expression"}:
            if node.kind() == "call_expression" and _is_require(node):
                spec = string_value(arguments(node)[0])
                target = self.project.resolve(module.source.path, spec or "")
                return JsNamespace(module=target) if target is not None else JsExternal(specifier=spec or "", name="*")
            if node.kind() == "member_expression":
                found = self.expr(module, node, depth + 1)
                if found is not None:
                    return found
        return JsValue(module=module, node=node, name=name)

    # -- expressions ----------------------------------------------------------------------

    def expr(self, module: JsModule, node: SgNode, depth: int = 0) -> JsResolved | None:
        """What an identifier, member expression or ``require("./x")`` call in ``module``
        refers to (top-level names only: a local variable or parameter gives None)."""
        if depth > 12:
            return None
        node = unwrap(node)
        kind = node.kind()
        if kind == "identifier":
            return self.name(module, node.text(), depth + 1)
        if kind == "call_expression" and _is_require(node):
            return self._value_of(module, node, "*", depth + 1)
        if kind == "member_expression":
            obj, prop = node.field("object"), node.field("property")
            if obj is None or prop is None:
                return None
            owner = self.expr(module, obj, depth + 1)
            if owner is None:
                return None
            return self.member(owner, prop.text(), depth + 1)
        return None

    def callable(self, found: JsResolved | None) -> JsResolved | None:
        """A value used as a function: a whole CommonJS module (``const auth =
        require("./auth"); auth()``) is its ``module.exports``."""
        if isinstance(found, JsNamespace):
            exported = self.export(found.module, "default")
            return exported if exported is not None and not isinstance(exported, JsNamespace) else found
        return found

    def local(self, module: JsModule, node: SgNode, depth: int = 0) -> JsResolved | None:
        """Like :meth:`expr`, but an identifier may be a ``const``/``let`` of an enclosing
        function (``const isLoggedIn = sessionHandler.isLoggedInMiddleware``), whose value is
        followed."""
        if depth > 8:
            return None
        node = unwrap(node)
        if node.kind() == "identifier":
            scope = enclosing_function(node)
            while scope is not None:
                value = _local_value(scope, node.text())
                if value is not None:
                    value = unwrap(value)
                    if value.kind() in {"identifier", "member_expression"}:
                        return self.local(module, value, depth + 1) or None
                    return JsValue(module=module, node=value, name=node.text())
                scope = enclosing_function(scope)
            return self.expr(module, node, depth + 1)
        if node.kind() == "member_expression":
            obj, prop = node.field("object"), node.field("property")
            if obj is None or prop is None:
                return None
            owner = self.local(module, obj, depth + 1)
            return self.member(owner, prop.text(), depth + 1) if owner is not None else None
        return self.expr(module, node, depth + 1)

    def member(self, value: JsResolved, prop: str, depth: int = 0) -> JsResolved | None:
        """``value.prop``: an export of a namespace, a property of an object literal, a method
        of a class (or of an instance ``new Cls()``), a dotted library name."""
        if depth > 12:
            return None
        if isinstance(value, JsNamespace):
            return self.export(value.module, prop, depth + 1)
        if isinstance(value, JsExternal):
            return JsExternal(
                specifier=value.specifier, name=f"{value.name}.{prop}" if value.name not in {"*", "default"} else prop
            )
        node = unwrap(value.node)
        if node.kind() == "object":
            found = object_property(node, prop)
            return self._value_of(value.module, found, prop, depth) if found is not None else None
        if node.kind() == "new_expression":
            constructor = node.field("constructor")
            cls = self.callable(self.expr(value.module, constructor, depth + 1)) if constructor is not None else None
            if isinstance(cls, JsValue):
                return self.member(cls, prop, depth + 1)
            return None
        if node.kind() in {"class_declaration", "class"}:
            method = class_method(node, prop)
            return JsValue(module=value.module, node=method, name=prop) if method is not None else None
        if node.kind() in FUNCTION_KINDS:
            # a constructor function: ``function Handler(db) { this.check = (req, res, next) => ... }``
            for assignment in node.find_all(kind="assignment_expression"):
                left = assignment.field("left")
                right = assignment.field("right")
                if left is not None and right is not None and left.text().replace(" ", "") == f"this.{prop}":
                    return JsValue(module=value.module, node=right, name=prop)
            prototype = None
            return prototype
        return None


def enclosing_function(node: SgNode) -> SgNode | None:
    """The innermost function that contains ``node``, or None at module level."""
    parent = node.parent()
    while parent is not None:
        if parent.kind() in FUNCTION_KINDS:
            return parent
        parent = parent.parent()
    return None


def _local_value(scope: SgNode, name: str) -> SgNode | None:
    for declarator in scope.find_all(kind="variable_declarator"):
        target = declarator.field("name")
        if target is not None and target.kind() == "identifier" and target.text() == name:
            if enclosing_function(declarator) == scope:
                return declarator.field("value")
    return None


def object_property(obj: SgNode, name: str) -> SgNode | None:
    """The value of property ``name`` of an object literal (shorthand ``{ a }`` gives the
    identifier ``a``; a method ``a() {}`` gives the method)."""
    for child in obj.named_children():
        kind = child.kind()
        if kind == "pair":
            key = child.field("key")
            if key is not None and (string_value(key) or key.text()) == name:
                return child.field("value")
        elif kind == "shorthand_property_identifier" and child.text() == name:
            return child
        elif kind == "method_definition":
            key = child.field("name")
            if key is not None and key.text() == name:
                return child
    return None


def class_method(cls: SgNode, name: str) -> SgNode | None:
    """The method ``name`` of a class declaration, or a class field holding a function."""
    body = cls.field("body")
    if body is None:
        return None
    for child in body.named_children():
        key = child.field("name") or child.field("property")
        if key is None or key.text() != name:
            continue
        if child.kind() == "method_definition":
            return child
        value = child.field("value")
        if value is not None:
            return value
    return None


def _is_require(node: SgNode) -> bool:
    function = node.field("function")
    args = arguments(node)
    return function is not None and function.text() == "require" and bool(args) and string_value(args[0]) is not None


def _read_table(module: JsModule) -> _ModuleTable:
    table = _ModuleTable()
    for child in module.root.named_children():
        _statement(table, child)
    return table


def _declare(table: _ModuleTable, node: SgNode, exported: bool) -> None:
    kind = node.kind()
    if kind in {
        "function_declaration",
        "generator_function_declaration",
        "class_declaration",
        "abstract_class_declaration",
    }:
        name = node.field("name")
        if name is not None:
            table.top[name.text()] = node
            if exported:
                table.exports[name.text()] = ("local", name.text())
    elif kind in {"lexical_declaration", "variable_declaration"}:
        for declarator in node.named_children():
            if declarator.kind() != "variable_declarator":
                continue
            target, value = declarator.field("name"), declarator.field("value")
            if target is None:
                continue
            if target.kind() == "identifier":
                table.top[target.text()] = value
                if value is not None and unwrap(value).kind() == "call_expression" and _is_require(unwrap(value)):
                    spec = string_value(arguments(unwrap(value))[0]) or ""
                    table.imports[target.text()] = (spec, "*")
                if exported:
                    table.exports[target.text()] = ("local", target.text())
            elif value is not None and unwrap(value).kind() == "call_expression" and _is_require(unwrap(value)):
                spec = string_value(arguments(unwrap(value))[0]) or ""
                for pattern in target.named_children():
                    if pattern.kind() == "shorthand_property_identifier_pattern":
                        table.imports[pattern.text()] = (spec, pattern.text())
                    elif pattern.kind() == "pair_pattern":
                        key, local = pattern.field("key"), pattern.field("value")
                        if key is not None and local is not None and local.kind() == "identifier":
                            table.imports[local.text()] = (spec, key.text())
            else:
                for bound in bound_names(target):
                    table.top.setdefault(bound, None)


def _statement(table: _ModuleTable, node: SgNode) -> None:
    kind = node.kind()
    if kind == "import_statement":
        source = string_value(node.field("source"))
        clause = node.find(kind="import_clause")
        if source is None or clause is None:
            return
        for child in clause.named_children():
            if child.kind() == "identifier":
                table.imports[child.text()] = (source, "default")
            elif child.kind() == "namespace_import":
                ident = child.find(kind="identifier")
                if ident is not None:
                    table.imports[ident.text()] = (source, "*")
            elif child.kind() == "named_imports":
                for spec in child.find_all(kind="import_specifier"):
                    name, alias = spec.field("name"), spec.field("alias")
                    if name is not None:
                        table.imports[(alias or name).text()] = (source, string_value(name) or name.text())
        return
    if kind == "export_statement":
        texts = [c.text() for c in node.children()]
        source = string_value(node.field("source"))
        declaration = node.field("declaration")
        if "default" in texts:
            value = node.field("value") or declaration
            if value is None:
                named = [c for c in node.named_children() if c.kind() not in {"comment", "decorator"}]
                value = named[-1] if named else None
            if value is not None:
                if value.kind() in {"function_declaration", "class_declaration", "generator_function_declaration"}:
                    _declare(table, value, exported=False)
                table.default = value
            return
        if declaration is not None:
            _declare(table, declaration, exported=True)
            return
        clause = node.find(kind="export_clause")
        if clause is not None:
            for spec in clause.find_all(kind="export_specifier"):
                name, alias = spec.field("name"), spec.field("alias")
                if name is None:
                    continue
                exported = (alias or name).text()
                if source is not None:
                    table.exports[exported] = ("from", (source, name.text()))
                else:
                    table.exports[exported] = ("local", name.text())
            return
        if source is not None and "*" in texts:
            namespace = node.find(kind="namespace_export")
            if namespace is not None:
                ident = namespace.find(kind="identifier")
                if ident is not None:
                    table.exports[ident.text()] = ("from", (source, "*"))
            else:
                table.stars.append(source)
        return
    if kind in {
        "lexical_declaration",
        "variable_declaration",
        "function_declaration",
        "class_declaration",
        "generator_function_declaration",
        "abstract_class_declaration",
    }:
        _declare(table, node, exported=False)
        return
    if kind == "expression_statement":
        inner = node.named_children()
        expr = inner[0] if inner else None
        if expr is None or expr.kind() != "assignment_expression":
            return
        left, right = expr.field("left"), expr.field("right")
        if left is None or right is None:
            return
        target = left.text().replace(" ", "")
        if target == "module.exports":
            table.commonjs = right
        elif target.startswith(("module.exports.", "exports.")) and target.count(".") == (
            2 if target.startswith("module") else 1
        ):
            table.exports[target.rsplit(".", 1)[-1]] = ("node", right)


def symbols_of(project: JsProject) -> JsSymbols:
    """The project's symbol tables, built once and kept on the project."""
    found = project.symbols.get("symbols")
    if not isinstance(found, JsSymbols):
        found = JsSymbols(project)
        project.symbols["symbols"] = found
    return found
