"""Helpers over the stdlib ``ast`` shared by the Python program models: dotted names, string
values, keyword arguments, and an index of the repository's modules for resolving imports.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from readycheck.model import NotChecked
from readycheck.repository import SourceFile


def dotted(node: ast.AST | None) -> str | None:
    """``a.b.c`` for a Name/Attribute chain; a call in the chain is written ``f()``
    (``db.query().filter``). None for anything else (subscripts, literals)."""
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            inner = dotted(node.func)
            if inner is None:
                return None
            parts.append(inner + "()")
            break
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            break
        else:
            return None
    return ".".join(reversed(parts))


def last_name(node: ast.AST | None) -> str | None:
    """The last identifier of a Name/Attribute/Call chain: ``Depends(auth.get_user)`` → ``Depends``,
    ``auth.get_user`` → ``get_user``."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def string_value(node: ast.AST | None) -> str | None:
    """The value of a string literal (an f-string without placeholders counts), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    """The value of keyword argument ``name`` of ``call``, or None."""
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def _own_names(node: ast.AST) -> frozenset[str]:
    if isinstance(node, ast.Name):
        return frozenset((node.id,))
    if isinstance(node, ast.Attribute):
        name = dotted(node)
        return frozenset((name,)) if name else frozenset()
    return frozenset()


def _own_calls(node: ast.AST) -> frozenset[str]:
    if isinstance(node, ast.Call):
        name = dotted(node.func) or last_name(node.func)
        return frozenset((name, name.rsplit(".", 1)[-1])) if name else frozenset()
    if isinstance(node, ast.Subscript):
        name = dotted(node.value)
        return frozenset((name + "[]",)) if name else frozenset()
    return frozenset()


_NAMES = "_readycheck_names"
_CALLS = "_readycheck_calls"


def _gather(node: ast.AST) -> None:
    """Set the names and calls read in ``node`` and each of its descendants (the
    :func:`names_in` and :func:`calls_in` memo attributes) in one walk, without recursion.
    The trees are readycheck's own parses, so the attributes never leak."""
    stack: list[tuple[ast.AST, list[ast.AST] | None]] = [(node, None)]
    while stack:
        current, children = stack.pop()
        if children is None:
            if getattr(current, _NAMES, None) is not None:
                continue
            kids = list(ast.iter_child_nodes(current))
            stack.append((current, kids))
            stack.extend((child, None) for child in kids if getattr(child, _NAMES, None) is None)
            continue
        names = _own_names(current)
        calls = _own_calls(current)
        for child in children:
            names = names | getattr(child, _NAMES)
            calls = calls | getattr(child, _CALLS)
        setattr(current, _NAMES, names)
        setattr(current, _CALLS, calls)


def names_in(node: ast.AST) -> frozenset[str]:
    """Every identifier and dotted attribute path read in ``node``: for ``user.id == x`` that is
    ``{"user", "user.id", "x"}``. Memoised per node."""
    found: frozenset[str] | None = getattr(node, _NAMES, None)
    if found is None:
        _gather(node)
        found = getattr(node, _NAMES)
    return found


def calls_in(node: ast.AST) -> frozenset[str]:
    """Dotted and last names of every call in ``node`` (``session.get`` and ``get``), and
    ``name[]`` for every subscript of a named value. Memoised per node."""
    found: frozenset[str] | None = getattr(node, _CALLS, None)
    if found is None:
        _gather(node)
        found = getattr(node, _CALLS)
    return found


def call_chain(node: ast.AST) -> list[ast.Call]:
    """The calls of a method chain, innermost first: for ``db.query(A).filter(x).first()``
    the calls ``query``, ``filter``, ``first``."""
    calls: list[ast.Call] = []
    current: ast.AST | None = node
    while current is not None:
        if isinstance(current, ast.Await):
            current = current.value
        elif isinstance(current, ast.Call):
            calls.append(current)
            current = current.func
        elif isinstance(current, ast.Attribute):
            current = current.value
        elif isinstance(current, ast.Subscript):
            current = current.value
        else:
            break
    return list(reversed(calls))


def module_names(path: str) -> list[str]:
    """Dotted module names a file could be imported as, longest first: ``backend/app/main.py``
    → ``backend.app.main``, ``app.main``, ``main`` (the import root is not known)."""
    parts = list(PurePosixPath(path).with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return [".".join(parts[i:]) for i in range(len(parts)) if parts[i:]]


@dataclass(kw_only=True)
class PyModule:
    """A parsed Python file: source, tree, dotted name and its imports
    (local name → fully dotted target, ``from a import b`` gives ``b → a.b``)."""

    source: SourceFile
    tree: ast.Module
    name: str
    imports: dict[str, str] = field(default_factory=dict)
    _top: dict[str, ast.AST] | None = field(default=None, repr=False)

    def top_level(self, name: str) -> ast.AST | None:
        """The module-level function, class or assigned value named ``name``."""
        if self._top is None:
            top: dict[str, ast.AST] = {}
            for node in self.tree.body:
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    top.setdefault(node.name, node)
                elif isinstance(node, ast.Assign):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            top.setdefault(target.id, node.value)
                elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                    top.setdefault(node.target.id, node.value)
            self._top = top
        return self._top.get(name)


def read_imports(tree: ast.Module, module: str, is_package: bool) -> dict[str, str]:
    """Local name → dotted target for every import of ``tree`` (relative imports resolved
    against ``module``)."""
    imports: dict[str, str] = {}
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                imports[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0]
                )
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".") if package else []
                anchor = anchor[: len(anchor) - (node.level - 1)] if node.level > 1 else anchor
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                if alias.name != "*":
                    imports[alias.asname or alias.name] = f"{base}.{alias.name}" if base else alias.name
    return imports


@dataclass(kw_only=True)
class ModuleIndex:
    """The repository's parsed Python modules, addressable by dotted name (any suffix of the
    path, since the import root is not known) and by path."""

    by_path: dict[str, PyModule] = field(default_factory=dict)
    by_name: dict[str, list[PyModule]] = field(default_factory=dict)

    def add(self, module: PyModule) -> None:
        self.by_path[module.source.path] = module
        for name in module_names(module.source.path):
            self.by_name.setdefault(name, []).append(module)

    def module(self, dotted_name: str, near: str | None = None) -> PyModule | None:
        """The module imported as ``dotted_name``; with several candidates, the one sharing the
        longest folder prefix with ``near`` (the importing file)."""
        candidates = self.by_name.get(dotted_name, [])
        if not candidates:
            return None
        if len(candidates) == 1 or near is None:
            return candidates[0]
        return max(candidates, key=lambda m: _common_prefix(m.source.path, near))

    def resolve(self, module: PyModule, name: str) -> tuple[PyModule, str] | None:
        """Follow ``name`` as used in ``module`` to (defining module, top-level name).

        ``name`` may be dotted (``invoices.router``). Returns None when the target is outside
        the repository.
        """
        head, _, rest = name.partition(".")
        if not rest and module.top_level(head) is not None:
            return module, head
        target = module.imports.get(head)
        if target is None:
            return (module, name) if module.top_level(head) is not None else None
        full = f"{target}.{rest}" if rest else target
        # ``full`` is either a module (``app.routers.invoices``) plus attribute, or a name in one.
        mod_name, _, attr = full.rpartition(".")
        owner = self.module(mod_name, near=module.source.path)
        if owner is not None and attr and owner.top_level(attr) is not None:
            return owner, attr
        if owner is not None and attr:
            # a re-export: ``from .x import attr`` inside owner
            if attr in owner.imports and owner is not module:
                return self.resolve(owner, attr)
        return None


def _common_prefix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(PurePosixPath(a).parts, PurePosixPath(b).parts, strict=False):
        if x != y:
            break
        count += 1
    return count


ORM_FIELD_CALLS = frozenset(
    {
        "Column",
        "mapped_column",
        "relationship",
        "ForeignKey",
        "ForeignKeyField",
        "CharField",
        "TextField",
        "IntegerField",
        "BooleanField",
        "DateTimeField",
        "DecimalField",
        "OneToOneField",
        "ManyToManyField",
        "EmailField",
        "UUIDField",
        "JSONField",
        "FloatField",
        "SlugField",
        "PositiveIntegerField",
        "BigAutoField",
        "AutoField",
        "DateField",
        "URLField",
        "ImageField",
        "FileField",
        "ReferenceField",
        "StringField",
        "IntField",
    }
)
SCHEMA_BASES = frozenset(
    {"BaseModel", "Schema", "Serializer", "ModelSerializer", "TypedDict", "Struct", "ModelSchema", "BaseSettings"}
)


@dataclass(kw_only=True)
class PythonProject:
    """Every parsed Python module of the repository plus the data classes they declare.

    ``model_fields`` maps ORM model class names and their table names to field names;
    ``schema_fields`` maps request-schema classes (Pydantic, serializers, TypedDict) to field
    names, inherited fields included. ``not_checked`` holds files that did not parse.
    """

    index: ModuleIndex
    model_fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    schema_fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    not_checked: list[NotChecked] = field(default_factory=list)
    bases: dict[str, list[str]] = field(default_factory=dict)
    memo: dict[object, object] = field(default_factory=dict, repr=False)


def parse_module(source: SourceFile) -> ast.Module:
    """Parse one Python file.

    Raises:
        SyntaxError: the file is not valid Python (3.11 grammar).
        ValueError: the text holds NUL characters.
    """
    return ast.parse(source.text, filename=source.path, type_comments=False)


def build_python_project(files: Iterator[SourceFile] | list[SourceFile]) -> PythonProject:
    """Parse ``files`` into a :class:`PythonProject`. A file that does not parse is listed in
    ``not_checked`` with the line of the syntax error; nothing raises."""
    project = PythonProject(index=ModuleIndex())
    for source in files:
        try:
            tree = parse_module(source)
        except SyntaxError as exc:
            project.not_checked.append(
                NotChecked(path=source.path, reason=f"Python syntax error at line {exc.lineno}; not analysed")
            )
            continue
        except (ValueError, RecursionError):
            project.not_checked.append(
                NotChecked(path=source.path, reason="Python file could not be parsed; not analysed")
            )
            continue
        names = module_names(source.path)
        name = names[0] if names else source.path
        is_package = source.path.endswith("__init__.py")
        module = PyModule(source=source, tree=tree, name=name, imports=read_imports(tree, name, is_package))
        project.index.add(module)
        _collect_classes(project, tree)
    _inherit(project)
    return project


def _collect_classes(project: PythonProject, tree: ast.Module) -> None:
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        fields: list[str] = []
        orm = any(kw.arg == "table" for kw in node.keywords)
        table_name: str | None = None
        for stmt in node.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                fields.append(stmt.target.id)
                if isinstance(stmt.value, ast.Call) and last_name(stmt.value.func) in ORM_FIELD_CALLS:
                    orm = True
                if "Mapped" in (dotted(stmt.annotation) or "") or (
                    isinstance(stmt.annotation, ast.Subscript) and dotted(stmt.annotation.value) == "Mapped"
                ):
                    orm = True
            elif isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    if not isinstance(target, ast.Name):
                        continue
                    if target.id == "__tablename__":
                        orm = True
                        table_name = string_value(stmt.value)
                    elif isinstance(stmt.value, ast.Call):
                        fields.append(target.id)
                        if last_name(stmt.value.func) in ORM_FIELD_CALLS:
                            orm = True
        bases = [dotted(b) or "" for b in node.bases]
        if any(b in {"models.Model", "Model", "Document"} for b in bases):
            orm = True
        project.bases[node.name] = [b.split(".")[-1] for b in bases]
        if orm:
            project.model_fields[node.name] = tuple(fields)
            if table_name:
                project.model_fields[table_name] = tuple(fields)
        elif fields or any(b.split(".")[-1] in SCHEMA_BASES for b in bases):
            project.schema_fields[node.name] = tuple(fields)


def _inherit(project: PythonProject) -> None:
    for _ in range(3):  # a subclass of a schema with no fields of its own is a schema too
        for name, bases in project.bases.items():
            if (
                name not in project.schema_fields
                and name not in project.model_fields
                and any(b in project.schema_fields for b in bases)
            ):
                project.schema_fields[name] = ()
    for mapping in (project.schema_fields, project.model_fields):
        for _ in range(3):
            for name in list(mapping):
                extra: list[str] = []
                for base in project.bases.get(name, []):
                    extra.extend(project.schema_fields.get(base, ()) or project.model_fields.get(base, ()))
                if extra:
                    mapping[name] = tuple(dict.fromkeys([*mapping[name], *extra]))
