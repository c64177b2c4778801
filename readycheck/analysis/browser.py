"""Which JavaScript/TypeScript files ship to the browser.

A file is browser code when it is a Next.js client component (``"use client"``), a Next.js
page outside ``pages/api``, a file under ``src/`` of a Vite, Create React App, Expo, Vue,
Svelte or Angular app (minus server-looking folders), or a script under ``public/``.
Supabase edge functions and ``"use server"`` modules never are.

Sources: Next.js "Server and Client Components" and "Pages Router"; Vite "Env Variables and
Modes" (``VITE_`` variables are embedded in the client bundle); Create React App "Adding
Custom Environment Variables" (``REACT_APP_``); Expo "Environment variables" (``EXPO_PUBLIC_``).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from readycheck.analysis.data import parse_json
from readycheck.analysis.endpoints.javascript import directive
from readycheck.analysis.js import JsProject
from readycheck.repository import Repository

# Environment-variable prefixes bundlers inline into browser code.
PUBLIC_ENV_PREFIXES = ("NEXT_PUBLIC_", "VITE_", "REACT_APP_", "EXPO_PUBLIC_", "PUBLIC_", "NUXT_PUBLIC_", "GATSBY_")


def public_prefix(name: str) -> str | None:
    """The bundler prefix (:data:`PUBLIC_ENV_PREFIXES`) that puts variable ``name`` into browser
    code, e.g. ``"NEXT_PUBLIC_"`` for ``NEXT_PUBLIC_SUPABASE_URL``; None for a server-only name."""
    return next((p for p in PUBLIC_ENV_PREFIXES if name.startswith(p)), None)


SPA_DEPENDENCIES = frozenset(
    {
        "vite",
        "react-scripts",
        "expo",
        "@vitejs/plugin-react",
        "@vitejs/plugin-react-swc",
        "vue",
        "svelte",
        "@angular/core",
        "react-native",
    }
)
SERVER_FOLDERS = frozenset(
    {"server", "api", "functions", "backend", "scripts", "supabase", "migrations", "edge", "workers", "cron"}
)


def _frontend_roots(repo: Repository) -> tuple[list[str], list[str]]:
    """Folders (repo-relative, '' for the root) of SPA apps and of Next.js apps."""
    spa: list[str] = []
    nextjs: list[str] = []
    for source in repo.files:
        if not (source.path == "package.json" or source.path.endswith("/package.json")):
            continue
        try:
            data = parse_json(source.text)
        except ValueError:
            continue
        deps: set[str] = set()
        for section in ("dependencies", "devDependencies"):
            value = data.get(section) if isinstance(data, dict) else None
            if isinstance(value, dict):
                deps.update(value)
        folder = str(PurePosixPath(source.path).parent)
        folder = "" if folder == "." else folder
        if "next" in deps:
            # A Next.js app's bundles are decided by "use client" and pages/, whatever else it
            # depends on (@vitejs/plugin-react is there for vitest, not a Vite build).
            nextjs.append(folder)
        elif deps & SPA_DEPENDENCIES:
            spa.append(folder)
    return spa, nextjs


def _relative(path: str, folder: str) -> list[str] | None:
    if not folder:
        return path.split("/")
    if path.startswith(folder + "/"):
        return path[len(folder) + 1 :].split("/")
    return None


def browser_modules(repo: Repository, js: JsProject) -> dict[str, str]:
    """Path → why the file ships to the browser, for every JS/TS file that does."""
    spa, nextjs = _frontend_roots(repo)
    found: dict[str, str] = {}
    for path, module in js.modules.items():
        parts = path.split("/")
        if "supabase" in parts and "functions" in parts:
            continue
        said = directive(module)
        if said == "use server":
            continue
        if said == "use client":
            found[path] = 'a client component ("use client")'
            continue
        if parts[0] == "public" or ("public" in parts[:-1] and not set(parts) & SERVER_FOLDERS):
            found[path] = "a script under public/"
            continue
        for folder in nextjs:
            rel = _relative(path, folder)
            if rel and len(rel) > 1 and (rel[0] == "pages" or rel[:2] == ["src", "pages"]):
                if "api" not in rel[:3]:
                    found[path] = "a Next.js page (pages/ is bundled for the browser)"
                    break
        if path in found:
            continue
        for folder in spa:
            rel = _relative(path, folder)
            if rel and len(rel) > 1 and rel[0] in {"src", "app", "components"} and not set(rel[:-1]) & SERVER_FOLDERS:
                found[path] = "part of a browser app (bundled from src/)"
                break
    return found
