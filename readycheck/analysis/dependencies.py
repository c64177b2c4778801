"""The dependency model: what the repository declares and locks, read from its manifests with
real parsers (``packaging`` for PEP 508 requirement strings, ``tomllib`` for ``pyproject.toml``,
``poetry.lock`` and ``uv.lock``, ``json`` for ``Pipfile.lock`` and ``package-lock.json``, PyYAML
for ``pnpm-lock.yaml`` and Yarn 2+ ``yarn.lock``). Nothing is resolved, built or installed.

Formats: pip requirements files (https://pip.pypa.io/en/stable/reference/requirements-file-format/),
PEP 621 ``[project]`` tables, Poetry and uv lock files (``[[package]]`` with ``name`` and
``version``), Pipfile.lock (``default``/``develop`` → ``{"version": "==x"}``), npm lockfile v1
(``dependencies``) and v2/v3 (``packages`` keyed by ``node_modules/<name>``), pnpm-lock.yaml
(``packages`` keyed by ``/name@version``, ``name@version`` or ``/name/version``), Yarn classic
(v1) lockfiles (entries ``"name@range":`` with an indented ``version "x"``) and Yarn 2+ (YAML).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import yaml
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from readycheck.analysis.data import parse_json, parse_toml, parse_yaml
from readycheck.model import NotChecked
from readycheck.repository import Repository, SourceFile

PYTHON_LOCKS = ("poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock")
JS_LOCKS = ("package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "yarn.lock", "bun.lock", "bun.lockb")


@dataclass(frozen=True, kw_only=True)
class Dependency:
    """One dependency: ``ecosystem`` (``PyPI`` or ``npm``, OSV's names), canonical ``name``, the
    exact ``version`` when pinned or locked (else None), the ``spec`` as written, where it is
    (``path``, 1-based ``line``), and whether it comes from a lockfile."""

    ecosystem: str
    name: str
    version: str | None
    spec: str
    path: str
    line: int
    locked: bool = False


@dataclass(kw_only=True)
class DependencyModel:
    """All dependencies of the repository (declared and locked) and files that could not be read."""

    dependencies: list[Dependency] = field(default_factory=list)
    not_checked: list[NotChecked] = field(default_factory=list)

    def of(self, ecosystem: str) -> list[Dependency]:
        """The dependencies of one ecosystem."""
        return [d for d in self.dependencies if d.ecosystem == ecosystem]


def _line_of(source: SourceFile, needle: str, default: int = 1) -> int:
    for number, text in enumerate(source.lines, start=1):
        if needle in text:
            return number
    return default


def _pinned(requirement: Requirement) -> str | None:
    specs = list(requirement.specifier)
    if len(specs) == 1 and specs[0].operator in {"==", "==="} and "*" not in specs[0].version:
        return specs[0].version
    return None


def is_requirements_file(path: str) -> bool:
    """``requirements.txt``, ``requirements-dev.txt``, ``requirements/base.txt`` and the like."""
    pure = PurePosixPath(path)
    return (pure.name.startswith("requirements") and pure.suffix in {".txt", ".in"}) or (
        pure.parent.name == "requirements" and pure.suffix in {".txt", ".in"}
    )


def _requirements(source: SourceFile) -> Iterator[Dependency]:
    for number, raw in enumerate(source.lines, start=1):
        text = raw.split(" #", 1)[0].strip()
        if not text or text.startswith(("#", "-", "--")) or "://" in text or text.startswith((".", "/")):
            continue  # options, includes, URLs and local paths are not index packages
        text = text.rstrip("\\").strip()
        try:
            requirement = Requirement(text)
        except InvalidRequirement:
            continue
        yield Dependency(
            ecosystem="PyPI",
            name=canonicalize_name(requirement.name),
            version=_pinned(requirement),
            spec=text,
            path=source.path,
            line=number,
        )


def _pyproject(source: SourceFile) -> Iterator[Dependency]:
    data = parse_toml(source.text)
    project = data.get("project", {})
    declared = list(project.get("dependencies", []))
    for group in (project.get("optional-dependencies") or {}).values():
        declared.extend(group)
    for text in declared:
        try:
            requirement = Requirement(str(text))
        except InvalidRequirement:
            continue
        yield Dependency(
            ecosystem="PyPI",
            name=canonicalize_name(requirement.name),
            version=_pinned(requirement),
            spec=str(text),
            path=source.path,
            line=_line_of(source, f'"{requirement.name}'),
        )
    poetry = data.get("tool", {}).get("poetry", {})
    tables = [poetry.get("dependencies", {}), poetry.get("dev-dependencies", {})]
    tables += [g.get("dependencies", {}) for g in (poetry.get("group") or {}).values() if isinstance(g, dict)]
    for table in tables:
        for name, value in table.items():
            if name.lower() == "python":
                continue
            raw = value if isinstance(value, str) else value.get("version") if isinstance(value, dict) else None
            version = str(raw) if raw else ""
            # Poetry reads a bare version ("5.3.6") as exactly that version
            exact = version.lstrip("=") if version[:1].isdigit() or version.startswith("==") else None
            yield Dependency(
                ecosystem="PyPI",
                name=canonicalize_name(name),
                version=exact if exact and not any(c in exact for c in "*^~<>,") else None,
                spec=f"{name} {version or ''}".strip(),
                path=source.path,
                line=_line_of(source, f"{name} ="),
            )


def _toml_lock(source: SourceFile) -> Iterator[Dependency]:
    for package in parse_toml(source.text).get("package", []):
        name, version = package.get("name"), package.get("version")
        if not name or not version or (isinstance(package.get("source"), dict) and "virtual" in package["source"]):
            continue  # uv lists the project itself as a virtual/editable package
        if isinstance(package.get("source"), dict) and "editable" in package["source"]:
            continue
        yield Dependency(
            ecosystem="PyPI",
            name=canonicalize_name(str(name)),
            version=str(version),
            spec=f"{name}=={version}",
            path=source.path,
            line=_line_of(source, f'name = "{name}"'),
            locked=True,
        )


def _pipfile_lock(source: SourceFile) -> Iterator[Dependency]:
    data = parse_json(source.text)
    for section in ("default", "develop"):
        for name, entry in (data.get(section) or {}).items():
            version = str(entry.get("version", "")) if isinstance(entry, dict) else ""
            if version.startswith("=="):
                yield Dependency(
                    ecosystem="PyPI",
                    name=canonicalize_name(name),
                    version=version[2:],
                    spec=f"{name}{version}",
                    path=source.path,
                    line=_line_of(source, f'"{name}"'),
                    locked=True,
                )


def _npm_lock(source: SourceFile) -> Iterator[Dependency]:
    data = parse_json(source.text)
    packages = data.get("packages")
    if isinstance(packages, dict):
        for key, entry in packages.items():
            if not key or "node_modules/" not in key or not isinstance(entry, dict) or entry.get("link"):
                continue
            name = entry.get("name") or key.rsplit("node_modules/", 1)[-1]
            if entry.get("version"):
                yield _npm(source, str(name), str(entry["version"]))
        return

    def walk(deps: dict[str, object]) -> Iterator[Dependency]:
        for name, entry in deps.items():
            if isinstance(entry, dict):
                if isinstance(entry.get("version"), str) and not str(entry["version"]).startswith(("file:", "git")):
                    yield _npm(source, name, str(entry["version"]))
                yield from walk(entry.get("dependencies") or {})

    yield from walk(data.get("dependencies") or {})


def _npm(source: SourceFile, name: str, version: str) -> Dependency:
    return Dependency(
        ecosystem="npm",
        name=name,
        version=version,
        spec=f"{name}@{version}",
        path=source.path,
        line=1,
        locked=True,
    )


def _split_npm_key(key: str) -> tuple[str, str] | None:
    """``name`` and ``version`` of a pnpm or Yarn key: ``/@scope/name@1.2.3(peer)``,
    ``name@1.2.3``, ``/name/1.2.3``, ``"name@npm:1.2.3"``."""
    key = key.strip().strip('"').lstrip("/").split("(", 1)[0]
    at = key.rfind("@")
    if at > 0:
        name, version = key[:at], key[at + 1 :]
    elif "/" in key:
        name, _, version = key.rpartition("/")
    else:
        return None
    version = version.removeprefix("npm:")
    if not version or not version[0].isdigit():
        return None
    return name, version


def _pnpm_lock(source: SourceFile) -> Iterator[Dependency]:
    data = parse_yaml(source.text) or {}
    for key in (data.get("packages") or {}).keys():
        parsed = _split_npm_key(str(key))
        if parsed:
            yield _npm(source, *parsed)


def _yarn_lock(source: SourceFile) -> Iterator[Dependency]:
    if "__metadata:" in source.text:  # Yarn 2+ (berry): YAML
        data = parse_yaml(source.text) or {}
        for key, entry in data.items():
            if key == "__metadata" or not isinstance(entry, dict) or not entry.get("version"):
                continue
            first = str(key).split(",")[0].strip()
            berry_name = first[: first.rfind("@")] if first.rfind("@") > 0 else first
            if "@workspace:" in str(entry.get("resolution", "")):
                continue
            yield _npm(source, berry_name, str(entry["version"]))
        return
    # Yarn classic: an unindented entry line ("name@range", name@range:) and its indented fields
    current: str | None = None
    for raw in source.lines:
        if raw and not raw[0].isspace() and raw.rstrip().endswith(":") and not raw.startswith("#"):
            first = raw.rstrip()[:-1].split(",")[0].strip().strip('"')
            current = first[: first.rfind("@")] if first.rfind("@") > 0 else None
        elif current and raw.startswith("  version "):
            yield _npm(source, current, raw.split(None, 1)[1].strip().strip('"'))
            current = None


def _package_json(source: SourceFile) -> Iterator[Dependency]:
    data = parse_json(source.text)
    if not isinstance(data, dict):
        return
    for section in ("dependencies", "devDependencies", "optionalDependencies"):
        for name, spec in (data.get(section) or {}).items():
            text = str(spec)
            if text.startswith(("file:", "link:", "workspace:", "git", "http", "github:", "npm:")) or "/" in text:
                continue
            exact = text if text[:1].isdigit() and all(c not in text for c in " ^~<>=*|x") else None
            yield Dependency(
                ecosystem="npm",
                name=str(name),
                version=exact,
                spec=f"{name}@{text}",
                path=source.path,
                line=_line_of(source, f'"{name}"'),
            )


_READERS = {
    "package.json": _package_json,
    "poetry.lock": _toml_lock,
    "uv.lock": _toml_lock,
    "pdm.lock": _toml_lock,
    "Pipfile.lock": _pipfile_lock,
    "package-lock.json": _npm_lock,
    "npm-shrinkwrap.json": _npm_lock,
    "pnpm-lock.yaml": _pnpm_lock,
    "yarn.lock": _yarn_lock,
    "pyproject.toml": _pyproject,
}


def build_dependencies(repo: Repository) -> DependencyModel:
    """Every dependency the repository's manifests and lockfiles name (lockfiles included:
    they are read here even though code checks leave them out). Unreadable manifests become
    not-checked notes; never raises for repository content."""
    model = DependencyModel()
    seen: set[tuple[str, str, str | None, str]] = set()
    for source in repo.files:
        name = PurePosixPath(source.path).name
        reader = _READERS.get(name) or (_requirements if is_requirements_file(source.path) else None)
        if reader is None:
            continue
        try:
            found = list(reader(source))
        except (ValueError, KeyError, TypeError, AttributeError, tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
            model.not_checked.append(
                NotChecked(path=source.path, reason=f"cannot read {name} ({exc.__class__.__name__})")
            )
            continue
        for dependency in found:
            key = (dependency.ecosystem, dependency.name, dependency.version, dependency.path)
            if key not in seen:
                seen.add(key)
                model.dependencies.append(dependency)
    return model


def has_lockfile(repo: Repository, folder: str, locks: tuple[str, ...]) -> bool:
    """Whether ``folder`` (repo-relative, ``""`` for the root) holds one of ``locks``."""
    prefix = f"{folder}/" if folder else ""
    return any(repo.get(prefix + lock) is not None for lock in locks) or any(
        s.path == prefix + lock for s in repo.skipped for lock in locks
    )
