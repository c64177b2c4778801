"""The endpoint inventory: every HTTP endpoint of the scanned app, built once per scan and read
by the ownership, unbounded-endpoint, rate-limit and logging checks (DESIGN.md section 1).

Frameworks: FastAPI, Flask, Django and Django REST framework (Python, stdlib ``ast``); Express, Next.js (route handlers,
API routes, server actions) and Supabase edge functions (``ast-grep-py``). A web framework
the repository depends on but readycheck does not model is recorded as not checked, so an
empty inventory never reads as "no endpoints".
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace

from readycheck.analysis.data import parse_json, parse_toml
from readycheck.analysis.endpoints.django import django_endpoints
from readycheck.analysis.endpoints.express import express_endpoints
from readycheck.analysis.endpoints.fastapi import fastapi_endpoints
from readycheck.analysis.endpoints.filerouted import file_routed_endpoints
from readycheck.analysis.endpoints.flask import flask_endpoints
from readycheck.analysis.endpoints.javascript import JsContext, edge_endpoints
from readycheck.analysis.endpoints.jsframeworks import js_framework_endpoints
from readycheck.analysis.endpoints.jsrpc import rpc_endpoints
from readycheck.analysis.endpoints.nestjs import nestjs_endpoints
from readycheck.analysis.endpoints.pyframeworks import more_python_endpoints
from readycheck.analysis.endpoints.serverless import serverless_endpoints
from readycheck.analysis.js import JsProject
from readycheck.analysis.jsauthz import guards_of, request_caller_fields
from readycheck.analysis.jssymbols import symbols_of
from readycheck.analysis.python import PythonProject
from readycheck.model import Endpoint, NotChecked
from readycheck.repository import Repository, is_test_path

# Web frameworks readycheck does not model yet (dependency name → display name).
UNMODELLED_FRAMEWORKS = {
    "@hapi/hapi": "hapi",
    "falcon": "Falcon",
    "bottle": "Bottle",
}


# Full-stack frameworks often used for the frontend only: dependency → (the inventory's
# framework name, display name, where its server routes would be).
SERVER_ROUTE_FRAMEWORKS = {
    "nuxt": ("nuxt", "Nuxt", "server/api/, server/routes/"),
    "next": ("nextjs", "Next.js", 'app/**/route.ts, pages/api/, "use server" files'),
    "@sveltejs/kit": ("sveltekit", "SvelteKit", "src/routes/**/+server.ts, +page.server.ts"),
    "astro": ("astro", "Astro", "src/pages/**/*.ts endpoints"),
}


@dataclass(frozen=True, kw_only=True)
class Inventory:
    """The endpoints found (sorted by path, line, method), the frameworks they came from, what
    could not be checked (files that did not parse, frameworks not modelled), the display
    names of the web frameworks the repository depends on that are not modelled, and
    ``without_routes``: one sentence per modelled full-stack framework the repository depends
    on that serves no route (a Nuxt or Next.js frontend with no server routes)."""

    endpoints: tuple[Endpoint, ...]
    frameworks: tuple[str, ...]
    not_checked: tuple[NotChecked, ...]
    unmodelled: tuple[str, ...] = ()
    without_routes: tuple[str, ...] = ()


def build_inventory(repo: Repository, python: PythonProject, js: JsProject, context: JsContext) -> Inventory:
    """Build the inventory from parsed projects. Test files are left out (their apps are
    fixtures, not the product)."""
    endpoints: list[Endpoint] = []
    for builder in (fastapi_endpoints, flask_endpoints, django_endpoints):
        endpoints.extend(builder(python))
    extra_notes: list[NotChecked] = []
    endpoints.extend(more_python_endpoints(python, repo, extra_notes))
    symbols, guards = symbols_of(js), guards_of(js)
    context = replace(context, guards=guards, caller_fields=request_caller_fields(js))
    endpoints.extend(express_endpoints(js, context, symbols, guards))
    endpoints.extend(file_routed_endpoints(js, context, symbols, guards))
    endpoints.extend(js_framework_endpoints(js, context, symbols, guards))
    endpoints.extend(nestjs_endpoints(js, context, symbols, guards))
    endpoints.extend(rpc_endpoints(js, context, symbols, guards))
    endpoints.extend(edge_endpoints(js, context))
    endpoints.extend(serverless_endpoints(repo, js, context, symbols, guards, extra_notes))
    endpoints = _deduplicate([e for e in endpoints if not is_test_path(e.body_path)])
    unique = {(e.method, e.route, e.path, e.line): e for e in endpoints}
    ordered = sorted(unique.values(), key=lambda e: (e.path, e.line, e.method, e.route))
    not_checked = [*python.not_checked, *js.not_checked, *extra_notes]
    unmodelled = _unmodelled(repo)
    not_checked += [
        NotChecked(
            path=manifest,
            reason=f"uses {display}, whose routes readycheck does not model yet; its endpoints are missing from "
            "the inventory and were not checked",
        )
        for manifest, display in unmodelled
    ]
    frameworks = {e.framework for e in ordered}
    without_routes = sorted(
        {
            f"{display} ({manifest}): no server routes ({where}); a frontend only"
            for manifest, names in _dependencies(repo).items()
            if not is_test_path(manifest)
            for dependency, (key, display, where) in SERVER_ROUTE_FRAMEWORKS.items()
            if dependency in names and not any(f == key or f.startswith(key + "-") for f in frameworks)
        }
    )
    return Inventory(
        endpoints=tuple(ordered),
        frameworks=tuple(sorted(frameworks)),
        not_checked=tuple(sorted(not_checked, key=lambda n: (n.path, n.reason))),
        unmodelled=tuple(sorted({display for _, display in unmodelled})),
        without_routes=tuple(without_routes),
    )


def _deduplicate(endpoints: list[Endpoint]) -> list[Endpoint]:
    """One endpoint per registration: when two models list the same registration (method,
    file, line), one resolved from its app wins over one listed without its mount (the
    Express model sees ``fastify.get(...)`` inside a plugin as a router parameter it cannot
    bind; the Fastify model knows the plugin)."""
    by_place: dict[tuple[str, str, int], list[Endpoint]] = {}
    for endpoint in endpoints:
        by_place.setdefault((endpoint.method, endpoint.path, endpoint.line), []).append(endpoint)
    kept: list[Endpoint] = []
    for group in by_place.values():
        resolved = [e for e in group if not e.unresolved]
        kept.extend(resolved if resolved and len(resolved) < len(group) else group)
    return kept


def _dependencies(repo: Repository) -> dict[str, set[str]]:
    """Manifest path → dependency names (package.json, requirements*.txt, pyproject.toml)."""
    found: dict[str, set[str]] = {}
    for source in repo.files:
        name = source.path.rsplit("/", 1)[-1]
        names: set[str] = set()
        try:
            if name == "package.json":
                data = parse_json(source.text)
                for section in ("dependencies", "devDependencies"):
                    deps = data.get(section) if isinstance(data, dict) else None
                    if isinstance(deps, dict):
                        names.update(deps)
            elif source.language == "requirements":
                for line in source.lines:
                    token = line.split("#", 1)[0].strip()
                    for stop in ("[", "=", "<", ">", "~", "!", ";", " "):
                        token = token.split(stop, 1)[0]
                    if token:
                        names.add(token.lower())
            elif name == "pyproject.toml":
                data = parse_toml(source.text)
                for dep in data.get("project", {}).get("dependencies", []):
                    token = str(dep)
                    for stop in ("[", "=", "<", ">", "~", "!", ";", " "):
                        token = token.split(stop, 1)[0]
                    names.add(token.lower())
                names.update(k.lower() for k in data.get("tool", {}).get("poetry", {}).get("dependencies", {}))
        except (ValueError, tomllib.TOMLDecodeError, AttributeError):
            continue
        if names:
            found[source.path] = names
    return found


def _unmodelled(repo: Repository) -> list[tuple[str, str]]:
    """(manifest path, framework display name) for each unmodelled web framework depended on."""
    return [
        (manifest, display)
        for manifest, names in sorted(_dependencies(repo).items())
        if not is_test_path(manifest)
        for dependency, display in UNMODELLED_FRAMEWORKS.items()
        if dependency in names
    ]
