"""The Python code index (DESIGN.md section 1) and helpers over the stdlib ``ast`` shared by
the Python program models: dotted names, string values, keyword arguments.

:class:`ModuleIndex` resolves imports as the interpreter does (packages before modules,
relative imports, ``__init__`` re-exports, star imports, ``src/`` roots) and answers what a
name refers to (:meth:`ModuleIndex.lookup`), a class's ancestors in method resolution order
and its members (:meth:`ModuleIndex.mro`, :meth:`ModuleIndex.member`). The call graph over it
is :mod:`readycheck.analysis.pycalls`. The endpoint inventory, the authorization analysis and
the helper-following checks ask it; none of them resolves imports on its own.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from readycheck.model import NotChecked
from readycheck.repository import SourceFile

if TYPE_CHECKING:
    from readycheck.analysis.authz import PyGuards
    from readycheck.analysis.pycalls import CallGraph


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


def upload_parameters(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Names of the positional and keyword-only parameters annotated with FastAPI/Starlette
    ``UploadFile`` (also inside ``list[UploadFile]`` or ``Annotated[UploadFile, ...]``)."""
    return {
        a.arg
        for a in [*fn.args.args, *fn.args.kwonlyargs]
        if a.annotation is not None and "UploadFile" in ast.unparse(a.annotation)
    }


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


@dataclass(frozen=True, kw_only=True)
class Binding:
    """One import binding of a module: ``import a.b`` binds ``a`` (``module="a"``, no
    ``attr``); ``import a.b as c`` binds ``c`` to module ``a.b``; ``from .x import y`` binds
    ``y`` with ``module="x"``, ``level=1``, ``attr="y"``. ``line`` is the import's line."""

    module: str
    level: int
    attr: str | None
    line: int


@dataclass(kw_only=True)
class PyModule:
    """A parsed Python file: source, tree, dotted name and its imports
    (local name → fully dotted target, ``from a import b`` gives ``b → a.b``); ``bindings``
    keeps each import as written, for resolution the way the interpreter does it."""

    source: SourceFile
    tree: ast.Module
    name: str
    imports: dict[str, str] = field(default_factory=dict)
    bindings: dict[str, Binding] = field(default_factory=dict)
    star_imports: list[Binding] = field(default_factory=list)
    _top: dict[str, ast.AST] | None = field(default=None, repr=False)
    _stmts: dict[str, ast.stmt] | None = field(default=None, repr=False)

    @property
    def path(self) -> str:
        """The repository-relative path of the file."""
        return self.source.path

    @property
    def is_package(self) -> bool:
        """True for a package's ``__init__.py``."""
        return self.source.path.endswith("__init__.py")

    def _scan_top(self) -> None:
        top: dict[str, ast.AST] = {}
        stmts: dict[str, ast.stmt] = {}
        for node in _module_statements(self.tree.body):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                top.setdefault(node.name, node)
                stmts.setdefault(node.name, node)
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        top.setdefault(target.id, node.value)
                        stmts.setdefault(target.id, node)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                top.setdefault(node.target.id, node.value)
                stmts.setdefault(node.target.id, node)
        self._top, self._stmts = top, stmts

    def top_level(self, name: str) -> ast.AST | None:
        """The module-level function, class or assigned value named ``name`` (the first
        binding, also inside ``if``/``try`` blocks at module level)."""
        if self._top is None:
            self._scan_top()
        assert self._top is not None
        return self._top.get(name)

    def statement(self, name: str) -> ast.stmt | None:
        """The module-level statement that binds ``name`` (a ``def``, ``class`` or assignment)."""
        if self._stmts is None:
            self._scan_top()
        assert self._stmts is not None
        return self._stmts.get(name)

    def all_names(self) -> list[str] | None:
        """The literal ``__all__`` list, or None when the module has none."""
        value = self.top_level("__all__")
        if isinstance(value, ast.List | ast.Tuple):
            return [s for s in (string_value(e) for e in value.elts) if s is not None]
        return None


def _module_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements run at module level: the body, and the bodies of module-level ``if``,
    ``try`` and ``with`` blocks (``try: import x except ImportError: ...``)."""
    for node in body:
        yield node
        if isinstance(node, ast.If):
            yield from _module_statements(node.body)
            yield from _module_statements(node.orelse)
        elif isinstance(node, ast.Try | ast.TryStar):
            yield from _module_statements(node.body)
            for handler in node.handlers:
                yield from _module_statements(handler.body)
            yield from _module_statements(node.orelse)
            yield from _module_statements(node.finalbody)
        elif isinstance(node, ast.With | ast.AsyncWith):
            yield from _module_statements(node.body)


def _imports_and_classes(tree: ast.Module) -> list[ast.AST]:
    """The ``import``, ``from ... import`` and ``class`` nodes of ``tree`` in walk order: one
    walk shared by :func:`read_imports`, :func:`read_bindings` and the class collection (the
    walks were most of the parse time on large repositories)."""
    cached = getattr(tree, "_readycheck_nodes", None)
    if cached is None:
        cached = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom | ast.ClassDef)]
        tree._readycheck_nodes = cached  # type: ignore[attr-defined]
    return cached


def read_imports(tree: ast.Module, module: str, is_package: bool) -> dict[str, str]:
    """Local name → dotted target for every import of ``tree`` (relative imports resolved
    against ``module``)."""
    imports: dict[str, str] = {}
    package = module if is_package else module.rpartition(".")[0]
    for node in _imports_and_classes(tree):
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


def read_bindings(tree: ast.Module) -> tuple[dict[str, Binding], list[Binding]]:
    """(local name → :class:`Binding`, star imports) for the imports of ``tree``. Imports at
    module level come first; an import inside a function binds only there, so it is kept
    only when no module-level binding has the name (functions often import lazily)."""
    bindings: dict[str, Binding] = {}
    stars: list[Binding] = []
    nested: dict[str, Binding] = {}
    top_ids = {id(n) for n in _module_statements(tree.body)}
    for node in _imports_and_classes(tree):
        target = bindings if id(node) in top_ids else nested
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    target[alias.asname] = Binding(module=alias.name, level=0, attr=None, line=node.lineno)
                else:
                    head = alias.name.split(".")[0]
                    target.setdefault(head, Binding(module=head, level=0, attr=None, line=node.lineno))
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                binding = Binding(module=node.module or "", level=node.level, attr=alias.name, line=node.lineno)
                if alias.name == "*":
                    if target is bindings:
                        stars.append(binding)
                else:
                    target[alias.asname or alias.name] = binding
    for name, binding in nested.items():
        bindings.setdefault(name, binding)
    return bindings, stars


@dataclass(frozen=True)
class External:
    """A name defined outside the repository, by its dotted import path
    (``fastapi.APIRouter``, ``rest_framework.permissions.IsAuthenticated``)."""

    qualname: str

    @property
    def last(self) -> str:
        """The last part of the dotted path (``APIRouter``)."""
        return self.qualname.rsplit(".", 1)[-1]

    def is_from(self, *packages: str) -> bool:
        """True when the name comes from one of ``packages`` (``"fastapi"`` matches
        ``fastapi.routing.APIRouter``)."""
        head = self.qualname.split(".", 1)[0]
        return any(head == p or self.qualname.startswith(p + ".") for p in packages)


@dataclass(frozen=True, eq=False)
class Symbol:
    """A definition inside the repository: a module-level function, class or assigned value
    (``name`` is its name), or a member of a class (``name`` is ``Class.member`` and
    ``owner`` the class). ``node`` is the ``FunctionDef``/``ClassDef`` or the assigned
    expression; ``line`` is where it is defined (1-based)."""

    module: PyModule
    name: str
    node: ast.AST
    line: int
    owner: Symbol | None = None

    @property
    def path(self) -> str:
        """The file that defines the symbol."""
        return self.module.source.path

    @property
    def where(self) -> str:
        """``path:line`` of the definition."""
        return f"{self.path}:{self.line}"

    @property
    def short(self) -> str:
        """The name without its class (``get_one`` for ``Repo.get_one``)."""
        return self.name.rsplit(".", 1)[-1]

    @property
    def function(self) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The function node when the symbol is a function or method."""
        return self.node if isinstance(self.node, ast.FunctionDef | ast.AsyncFunctionDef) else None

    @property
    def cls(self) -> ast.ClassDef | None:
        """The class node when the symbol is a class."""
        return self.node if isinstance(self.node, ast.ClassDef) else None

    @property
    def key(self) -> tuple[str, str]:
        """(path, name): the symbol's identity."""
        return (self.path, self.name)

    def __repr__(self) -> str:
        return f"Symbol({self.name!r} at {self.where})"


@dataclass(frozen=True, eq=False)
class ModuleRef:
    """A name bound to a whole module of the repository (``import app.routes as routes``)."""

    module: PyModule

    def __repr__(self) -> str:
        return f"ModuleRef({self.module.source.path!r})"


@dataclass(frozen=True)
class Opaque:
    """A name defined in a file of the repository that could not be parsed (a syntax error,
    syntax newer than the interpreter readycheck runs on): it is ours, but unreadable."""

    path: str
    name: str


Resolved = Symbol | External | ModuleRef | Opaque


class ModuleIndex:
    """The repository's parsed Python modules, addressable by path and by dotted name, with
    imports resolved as the interpreter resolves them.

    Absolute imports are looked up in import roots (``sys.path`` entries) in this order: the
    folder above the importing file's top-level package, that folder's parents up to the
    repository root, the repository's declared source roots (``src/``, ``backend/`` and
    package folders of ``pyproject.toml``), then any folder of the repository. In each root,
    a regular package (``x/__init__.py``) is found before a module (``x.py``), and a folder
    without ``__init__.py`` is a namespace package whose portions from every root count, as
    PEP 420 says. Relative imports are resolved against the importing file's package.
    ``from m import *`` follows ``__all__`` when it is a literal list.

    Sources: Python Language Reference, "The import system" (5.3 Searching, 5.2.2 Namespace
    packages, 5.7 Package Relative Imports); PEP 420.
    """

    def __init__(self) -> None:
        self.by_path: dict[str, PyModule] = {}
        self.by_name: dict[str, list[PyModule]] = {}
        self._dirs: set[str] = {""}
        self._roots: list[str] | None = None
        self._lookup_memo: dict[tuple[str, str], Resolved | None] = {}
        self._class_memo: dict[tuple[str, str], list[Resolved]] = {}
        self._roots_memo: dict[str, list[str]] = {}
        self.unparsed: set[str] = set()

    def add_unparsed(self, path: str) -> None:
        """Record a Python file of the repository that did not parse, so that names imported
        from it resolve to :class:`Opaque` rather than to a library."""
        self.unparsed.add(path)
        parent = PurePosixPath(path).parent
        while str(parent) not in {".", ""}:
            self._dirs.add(str(parent))
            parent = parent.parent

    def add(self, module: PyModule) -> None:
        """Index one parsed module."""
        self.by_path[module.source.path] = module
        for name in module_names(module.source.path):
            self.by_name.setdefault(name, []).append(module)
        parent = PurePosixPath(module.source.path).parent
        while str(parent) not in {".", ""}:
            self._dirs.add(str(parent))
            parent = parent.parent
        self._roots = None
        self._roots_memo.clear()

    # -- module resolution ----------------------------------------------------------------

    def declared_roots(self, extra: Iterable[str] = ()) -> list[str]:
        """Import roots other than the repository root: folders named ``src`` (the "src
        layout") and ``extra`` (from packaging metadata), kept when they exist."""
        if self._roots is None:
            roots = [d for d in sorted(self._dirs) if d == "src" or d.endswith("/src")]
            self._roots = roots
        return [*self._roots, *(e for e in extra if e in self._dirs and e not in self._roots)]

    def set_roots(self, roots: Iterable[str]) -> None:
        """Add import roots declared by packaging metadata (``[tool.setuptools] package-dir``,
        Poetry ``packages = [{from = "src"}]``)."""
        current = self.declared_roots()
        self._roots = [*current, *(r for r in roots if r in self._dirs and r not in current)]
        self._lookup_memo.clear()
        self._roots_memo.clear()

    def package_root(self, path: str) -> str:
        """The folder above the topmost regular package holding ``path`` (the ``sys.path``
        entry a program importing it runs from): ``app/api/routes.py`` with
        ``app/__init__.py`` and ``app/api/__init__.py`` → ``""``."""
        folder = PurePosixPath(path).parent
        while str(folder) not in {".", ""} and self._is_file(f"{folder}/__init__.py"):
            folder = folder.parent
        return "" if str(folder) == "." else str(folder)

    def _is_file(self, path: str) -> bool:
        return path in self.by_path

    def _roots_for(self, importer: str | None) -> list[str]:
        key = importer or ""
        cached = self._roots_memo.get(key)
        if cached is not None:
            return cached
        found = self._compute_roots(importer)
        self._roots_memo[key] = found
        return found

    def _compute_roots(self, importer: str | None) -> list[str]:
        order: list[str] = []
        if importer is not None:
            root = self.package_root(importer)
            folder = PurePosixPath(root)
            while True:
                order.append("" if str(folder) == "." else str(folder))
                if str(folder) in {".", ""}:
                    break
                folder = folder.parent
        for extra in self.declared_roots():
            if extra not in order:
                order.append(extra)
        if "" not in order:
            order.append("")
        return order

    def find_module(self, dotted_name: str, importer: str | None = None, level: int = 0) -> PyModule | None:
        """The module ``import dotted_name`` loads in ``importer`` (a path), or ``from
        <level dots>dotted_name import ...`` when ``level`` > 0. None when the module is not
        in the repository (a third-party or standard-library module) or is a namespace
        package with no ``__init__.py``."""
        found = self._find(dotted_name, importer, level)
        return found if isinstance(found, PyModule) else None

    def _find(self, dotted_name: str, importer: str | None, level: int) -> PyModule | str | None:
        """A module, a namespace package folder (str), or None."""
        parts = [p for p in dotted_name.split(".") if p]
        if level:
            if importer is None:
                return None
            base = PurePosixPath(importer).parent
            for _ in range(level - 1):
                base = base.parent
            folders = ["" if str(base) == "." else str(base)]
            return self._descend(folders, parts) if parts else self._package_at(folders[0])
        if not parts:
            return None
        for root in self._roots_for(importer):
            found = self._descend([root], parts[:1])
            if isinstance(found, PyModule):
                return self._descend([root], parts) if len(parts) > 1 else found
            if isinstance(found, str):
                # a namespace package: its portions from every root count (PEP 420)
                portions = [r for r in self._roots_for(importer) if self._folder(r, parts[0]) in self._dirs]
                result = self._descend(portions, parts)
                if result is not None:
                    return result
        fallback = self.by_name.get(".".join(parts), [])
        if fallback:
            packages = [m for m in fallback if m.is_package] or fallback
            if importer is None:
                return packages[0]
            return max(packages, key=lambda m: _common_prefix(m.source.path, importer))
        return None

    @staticmethod
    def _folder(root: str, name: str) -> str:
        return f"{root}/{name}" if root else name

    def _package_at(self, folder: str) -> PyModule | str | None:
        init = f"{folder}/__init__.py" if folder else "__init__.py"
        if init in self.by_path:
            return self.by_path[init]
        return folder if folder in self._dirs else None

    def _descend(self, folders: list[str], parts: list[str]) -> PyModule | str | None:
        """Find ``parts`` below the search ``folders`` (a package's ``__path__``)."""
        current: list[str] = folders
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            found: PyModule | str | None = None
            namespace: list[str] = []
            for folder in current:
                target = self._folder(folder, part)
                init = f"{target}/__init__.py"
                if init in self.by_path:
                    found = self.by_path[init]
                    break
                if f"{target}.py" in self.by_path:
                    found = self.by_path[f"{target}.py"]
                    break
                if target in self._dirs:
                    namespace.append(target)
            if isinstance(found, PyModule):
                if last:
                    return found
                if not found.is_package:
                    return None  # ``a.b`` where ``a`` is a plain module
                current = [str(PurePosixPath(found.source.path).parent)]
                continue
            if not namespace:
                return None
            if last:
                return namespace[0]
            current = namespace
        return None

    def module(self, dotted_name: str, near: str | None = None) -> PyModule | None:
        """The module imported as ``dotted_name`` from the file ``near`` (see
        :meth:`find_module`)."""
        return self.find_module(dotted_name, near)

    def binding_target(self, module: PyModule, binding: Binding) -> Resolved | None:
        """What an import binding refers to: a module of the repository, a name in one, an
        :class:`Opaque` name in a file that did not parse, or an :class:`External` name."""
        opaque = self._opaque(module, binding)
        if opaque is not None:
            return opaque
        if binding.attr is None:
            found = self.find_module(binding.module, module.source.path, binding.level)
            if found is not None:
                return ModuleRef(found)
            return External(binding.module) if not binding.level else None
        found_module = self._find(binding.module, module.source.path, binding.level)
        if isinstance(found_module, PyModule):
            value = self._member_of_module(found_module, binding.attr, 0)
            if value is not None:
                return value
        # ``from package import submodule``
        sub = ".".join(p for p in (binding.module, binding.attr) if p)
        found_sub = self.find_module(sub, module.source.path, binding.level)
        if found_sub is not None:
            return ModuleRef(found_sub)
        if found_module is None and not binding.level:
            return External(f"{binding.module}.{binding.attr}" if binding.module else binding.attr)
        return None

    def _opaque(self, module: PyModule, binding: Binding) -> Opaque | None:
        """The unparsed file a binding imports from, if any."""
        if not self.unparsed:
            return None
        parts = [p for p in binding.module.split(".") if p]
        if binding.attr is not None:
            candidates = [parts, [*parts, binding.attr]]
        else:
            candidates = [parts]
        for names in candidates:
            if not names:
                continue
            if binding.level:
                base = PurePosixPath(module.source.path).parent
                for _ in range(binding.level - 1):
                    base = base.parent
                roots = ["" if str(base) == "." else str(base)]
            else:
                roots = self._roots_for(module.source.path)
            for root in roots:
                stem = "/".join([root, *names]) if root else "/".join(names)
                for path in (f"{stem}.py", f"{stem}/__init__.py"):
                    if path in self.unparsed:
                        return Opaque(path=path, name=binding.attr or names[-1])
        return None

    def _member_of_module(self, module: PyModule, name: str, depth: int) -> Resolved | None:
        """``name`` as an attribute of ``module``: its own definition, an import it re-exports,
        a submodule, or a name from a star import."""
        key = (module.source.path, name)
        if key in self._lookup_memo:
            return self._lookup_memo[key]
        self._lookup_memo[key] = None  # cycle guard
        result: Resolved | None = None
        if depth <= 12:
            stmt = module.statement(name)
            if stmt is not None:
                node = module.top_level(name)
                assert node is not None
                result = Symbol(module=module, name=name, node=node, line=stmt.lineno)
            elif name in module.bindings:
                result = self.binding_target(module, module.bindings[name])
            if result is None:
                # ``from .controller import *`` runs after ``.controller`` is imported, so a name
                # it exports replaces the package's submodule attribute of the same name
                for star in module.star_imports:
                    source = self._find(star.module, module.source.path, star.level)
                    if not isinstance(source, PyModule):
                        continue
                    exported = source.all_names()
                    if exported is not None and name not in exported:
                        continue
                    if exported is None and name.startswith("_"):
                        continue
                    result = self._member_of_module(source, name, depth + 1)
                    if result is not None:
                        break
            if result is None and module.is_package:
                sub = self._descend([str(PurePosixPath(module.source.path).parent)], [name])
                if isinstance(sub, PyModule):
                    result = ModuleRef(sub)
        self._lookup_memo[key] = result
        return result

    def lookup(self, module: PyModule, name: str) -> Resolved | None:
        """Follow a (dotted) name as written in ``module`` to what it is at run time:
        ``APIRouter`` → ``External("fastapi.APIRouter")``, ``deps.get_current_user`` →
        the function's :class:`Symbol` in ``app/deps.py``, ``BaseController.user`` → the class
        attribute's :class:`Symbol`. None when a part cannot be resolved statically."""
        head, *rest = name.split(".")
        current: Resolved | None = self._member_of_module(module, head, 0)
        for part in rest:
            if current is None:
                return None
            current = self.attribute(current, part)
        return current

    def attribute(self, value: Resolved, name: str) -> Resolved | None:
        """``value.name``: a module's member, a class member through its bases, or an
        :class:`External` dotted further."""
        if isinstance(value, ModuleRef):
            return self._member_of_module(value.module, name, 0)
        if isinstance(value, External):
            return External(f"{value.qualname}.{name}")
        if isinstance(value, Opaque):
            return Opaque(path=value.path, name=f"{value.name}.{name}")
        if value.cls is not None:
            return self.member(value, name)
        if isinstance(value.node, ast.Call) and value.owner is None:
            # ``auth = HTTPBasicAuth()`` then ``auth.login_required``: an attribute of an instance
            callee = dotted(value.node.func)
            made = self.lookup(value.module, callee) if callee else None
            if isinstance(made, External):
                return External(f"{made.qualname}().{name}")
            if isinstance(made, Symbol) and made.cls is not None:
                return self.member(made, name)
        return None

    def resolve(self, module: PyModule, name: str) -> tuple[PyModule, str] | None:
        """Follow ``name`` as used in ``module`` to (defining module, top-level name); None
        when the target is outside the repository or not a module-level definition."""
        found = self.lookup(module, name)
        if isinstance(found, Symbol) and found.owner is None:
            return found.module, found.name
        return None

    # -- classes --------------------------------------------------------------------------

    def bases(self, cls: Symbol) -> list[Resolved | None]:
        """The resolved base classes of a class symbol, in order (None for a base that
        cannot be resolved, such as a call or a subscript other than ``Generic[...]``)."""
        node = cls.cls
        if node is None:
            return []
        found: list[Resolved | None] = []
        for base in node.bases:
            expr = base.value if isinstance(base, ast.Subscript) else base
            name = dotted(expr)
            found.append(self.lookup(cls.module, name) if name else None)
        return found

    def mro(self, cls: Symbol) -> list[Resolved]:
        """The class and its ancestors in method resolution order (C3 linearization; a
        depth-first order when the hierarchy is inconsistent). Ancestors outside the
        repository are :class:`External` leaves; unresolvable bases are left out."""
        key = cls.key
        if key in self._class_memo:
            return self._class_memo[key]
        self._class_memo[key] = [cls]  # cycle guard
        sequences: list[list[Resolved]] = []
        direct: list[Resolved] = []
        for base in self.bases(cls):
            if isinstance(base, Symbol) and base.cls is not None:
                sequences.append(list(self.mro(base)))
                direct.append(base)
            elif isinstance(base, External):
                sequences.append([base])
                direct.append(base)
        result = [cls, *_c3([*sequences, direct])]
        self._class_memo[key] = result
        return result

    def member(self, cls: Symbol, name: str) -> Symbol | External | None:
        """The class attribute, method or property ``name`` of ``cls`` or of the first
        ancestor (in MRO) that defines it; an :class:`External` ``Base.name`` when only a
        library base can provide it; None otherwise."""
        for ancestor in self.mro(cls):
            if not isinstance(ancestor, Symbol):
                continue
            node = ancestor.cls
            if node is None:
                continue
            for stmt in node.body:
                found = _member_node(stmt, name)
                if found is not None:
                    return Symbol(
                        module=ancestor.module, name=f"{node.name}.{name}", node=found, line=stmt.lineno, owner=ancestor
                    )
        externals = [a for a in self.mro(cls) if isinstance(a, External)]
        return External(f"{externals[0].qualname}.{name}") if externals else None

    def is_subclass(self, cls: Symbol, *qualnames: str) -> bool:
        """True when ``cls`` has a library ancestor named by one of ``qualnames`` (full
        dotted paths such as ``fastapi.APIRouter``, or ``"*.Name"`` for any module)."""
        for ancestor in self.mro(cls):
            if isinstance(ancestor, External) and qualname_matches(ancestor.qualname, qualnames):
                return True
        return False

    def enclosing_class(self, module: PyModule, fn: ast.AST) -> Symbol | None:
        """The module-level class whose body defines ``fn`` directly, or None."""
        for node in module.tree.body:
            if isinstance(node, ast.ClassDef) and any(stmt is fn for stmt in node.body):
                return Symbol(module=module, name=node.name, node=node, line=node.lineno)
        return None


def qualname_matches(qualname: str, wanted: Iterable[str]) -> bool:
    for want in wanted:
        if want.startswith("*."):
            if qualname.rsplit(".", 1)[-1] == want[2:]:
                return True
        elif qualname == want or (
            qualname.rsplit(".", 1)[-1] == want.rsplit(".", 1)[-1] and qualname.split(".")[0] == want.split(".")[0]
        ):
            return True
    return False


def _member_node(stmt: ast.stmt, name: str) -> ast.AST | None:
    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and stmt.name == name:
        return stmt
    if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets):
        return stmt.value
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == name:
        return stmt.value if stmt.value is not None else stmt.annotation
    return None


def _c3(sequences: list[list[Resolved]]) -> list[Resolved]:
    """C3 merge of linearizations (Python's MRO algorithm, "The Python 2.3 Method Resolution
    Order"); falls back to a depth-first, duplicate-free order when no consistent merge exists."""
    seqs = [list(s) for s in sequences if s]
    result: list[Resolved] = []
    while seqs:
        for seq in seqs:
            head = seq[0]
            if not any(_same(head, x) for other in seqs for x in other[1:]):
                break
        else:
            flat: list[Resolved] = []
            for seq in seqs:
                for item in seq:
                    if not any(_same(item, x) for x in flat) and not any(_same(item, x) for x in result):
                        flat.append(item)
            return [*result, *flat]
        result.append(head)
        seqs = [[x for x in s if not _same(x, head)] for s in seqs]
        seqs = [s for s in seqs if s]
    return result


def _same(a: Resolved, b: Resolved) -> bool:
    if isinstance(a, Symbol) and isinstance(b, Symbol):
        return a.key == b.key
    if isinstance(a, External) and isinstance(b, External):
        return a.qualname == b.qualname
    return False


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

    @property
    def calls(self) -> CallGraph:
        """The call graph over :attr:`index` (:mod:`readycheck.analysis.pycalls`), built once."""
        from readycheck.analysis.pycalls import CallGraph  # the call graph builds on this module

        graph = self.memo.get("call_graph")
        if not isinstance(graph, CallGraph):
            graph = CallGraph(self.index)
            self.memo["call_graph"] = graph
        return graph

    @property
    def guards(self) -> PyGuards:
        """Which functions authenticate the caller (:class:`readycheck.analysis.authz.PyGuards`)."""
        from readycheck.analysis.authz import PyGuards

        guards = self.memo.get("guards")
        if not isinstance(guards, PyGuards):
            guards = PyGuards(self.index, self.calls)
            self.memo["guards"] = guards
        return guards


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
            project.index.add_unparsed(source.path)
            continue
        except (ValueError, RecursionError, MemoryError):
            project.not_checked.append(
                NotChecked(path=source.path, reason="Python file could not be parsed; not analysed")
            )
            project.index.add_unparsed(source.path)
            continue
        names = module_names(source.path)
        name = names[0] if names else source.path
        is_package = source.path.endswith("__init__.py")
        bindings, stars = read_bindings(tree)
        module = PyModule(
            source=source,
            tree=tree,
            name=name,
            imports=read_imports(tree, name, is_package),
            bindings=bindings,
            star_imports=stars,
        )
        project.index.add(module)
        _collect_classes(project, tree)
    _inherit(project)
    return project


def _collect_classes(project: PythonProject, tree: ast.Module) -> None:
    for node in _imports_and_classes(tree):
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
