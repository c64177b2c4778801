"""What the unbounded-endpoint checks share: the server code to read (Python and JS/TS modules
that are not tests and do not ship to the browser) and the endpoint a line belongs to."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from ast_grep_py import SgNode

from readycheck.analysis.handlers import Handler, locate_handler
from readycheck.checks.base import CheckContext, NotApplicable
from readycheck.model import Endpoint, EndpointRef
from readycheck.repository import is_test_path


@dataclass(frozen=True, kw_only=True)
class ServerModule:
    """One parsed server-side module: ``path`` and exactly one of ``python`` (an ``ast``
    module) or ``js`` (an ast-grep root)."""

    path: str
    python: ast.Module | None = None
    js: SgNode | None = None


def server_modules(ctx: CheckContext) -> Iterator[ServerModule]:
    """Parsed Python and JS/TS modules that run on a server: test files and browser code
    (:mod:`readycheck.analysis.browser`) are left out; files that did not parse are copied into
    the run's not-checked notes.

    Raises:
        NotApplicable: the repository has no Python or JS/TS code.
    """
    python, js = ctx.models.python, ctx.models.js
    ctx.note_unchecked(python.not_checked)
    ctx.note_unchecked(js.not_checked)
    if not python.index.by_path and not js.modules and not python.not_checked and not js.not_checked:
        raise NotApplicable("no Python or JavaScript/TypeScript code")
    browser = ctx.models.browser
    for path, module in sorted(python.index.by_path.items()):
        if not is_test_path(path):
            yield ServerModule(path=path, python=module.tree)
    for path, js_module in sorted(js.modules.items()):
        if not is_test_path(path) and path not in browser:
            yield ServerModule(path=path, js=js_module.root)


class Handlers:
    """The endpoint handlers of the inventory, located once, to name the endpoint a finding is
    inside (``at``) and to walk each handler (``items``)."""

    def __init__(self, ctx: CheckContext) -> None:
        inventory = ctx.models.inventory
        self.items: list[tuple[Endpoint, Handler]] = []
        for endpoint in inventory.endpoints:
            handler = locate_handler(ctx.models.python, ctx.models.js, endpoint)
            if handler is not None:
                self.items.append((endpoint, handler))
        self._by_path: dict[str, list[tuple[Endpoint, Handler]]] = {}
        for endpoint, handler in self.items:
            self._by_path.setdefault(handler.path, []).append((endpoint, handler))

    def at(self, path: str, line: int) -> EndpointRef | None:
        """The innermost endpoint whose handler spans ``path:line`` (the first by method when a
        handler serves several)."""
        best: tuple[int, Endpoint] | None = None
        for endpoint, handler in self._by_path.get(path, []):
            if handler.start <= line <= handler.end:
                size = handler.end - handler.start
                if best is None or size < best[0]:
                    best = (size, endpoint)
        return best[1].ref if best else None


def where(ref: EndpointRef | None) -> str:
    """`` in GET /api/items`` for a message, or an empty string."""
    return f" in {ref.method} {ref.route}" if ref else ""
