"""The delivery model (DESIGN.md section 1): what in the repository tests, migrates, backs up,
deploys and smoke-tests the app, and in what order.

Sources: GitHub Actions workflows (``.github/workflows/*.yml``: triggers, ``permissions``,
jobs, ``needs``, steps; https://docs.github.com/actions/reference/workflow-syntax-for-github-actions),
GitLab CI (``.gitlab-ci.yml``: stages, ``needs``, ``script``), ``Procfile`` (``release:``,
``web:``), ``fly.toml`` (``[deploy] release_command``, checks), ``render.yaml``
(``preDeployCommand``, ``startCommand``, ``healthCheckPath``), ``railway.json``/``railway.toml``
(``deploy.preDeployCommand``, ``startCommand``, ``healthcheckPath``), ``nixpacks.toml``,
``vercel.json``/``netlify.toml`` (build commands), Dockerfiles (``CMD``, ``ENTRYPOINT``,
``HEALTHCHECK``, read with ``dockerfile-parse``) and the entrypoint scripts they run, and the
``package.json`` scripts and Makefile targets those commands call (:mod:`.commands`).
"""

from __future__ import annotations

import io
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import yaml
from dockerfile_parse import DockerfileParser  # type: ignore[import-untyped]
from yaml.nodes import Node

from readycheck.analysis import yamlnodes as y
from readycheck.analysis.commands import Resolver, Role, action_roles
from readycheck.analysis.data import parse_json, parse_toml
from readycheck.model import NotChecked
from readycheck.repository import Repository, SourceFile


@dataclass(frozen=True, kw_only=True)
class Step:
    """One step that runs commands or an action.

    Attributes:
        path / line: where it is (1-based).
        label: a short description for messages (the step's name or its first command).
        roles: what it does (:class:`~readycheck.analysis.commands.Role`).
        order: the roles of its commands in order (a step that backs up then migrates has
            ``(BACKUP, MIGRATE)``), for checks within one command chain.
        uses / uses_line: the action reference of a ``uses:`` step and its line.
        run: the step's shell text (``run:``/``script:``), "" for actions.
        env: the step's and its job's ``env`` (name → expression text).
    """

    path: str
    line: int
    label: str
    roles: frozenset[Role]
    order: tuple[Role, ...] = ()
    uses: str | None = None
    uses_line: int = 0
    run: str = ""
    run_line: int = 0
    checkout_ref: str | None = None
    env: tuple[tuple[str, str], ...] = ()


@dataclass(kw_only=True)
class Job:
    """A CI job: name, line, the jobs it needs (GitHub ``needs``; GitLab ``needs`` or the
    earlier stages), its ``if:`` condition text, its steps in order, its token permissions
    and the deployment environment it targets."""

    path: str
    name: str
    line: int
    needs: tuple[str, ...] = ()
    condition: str = ""
    steps: list[Step] = field(default_factory=list)
    permissions: str | None = None  # "write-all", "read-all", "mapping", or None when absent
    permissions_line: int | None = None
    environment: str | None = None  # GitHub ``environment`` / GitLab ``environment`` name


@dataclass(kw_only=True)
class Workflow:
    """A CI pipeline file: GitHub Actions (``kind="github"``) or GitLab CI (``"gitlab"``).

    ``triggers`` are the ``on:`` events; ``permissions`` is ``"write-all"``/``"read-all"``,
    ``"mapping"`` or None when absent; ``inputs`` are ``workflow_dispatch`` input names;
    ``tag_triggered`` is true for ``on: push: tags``."""

    path: str
    kind: str
    line: int
    triggers: tuple[str, ...] = ()
    permissions: str | None = None
    permissions_line: int | None = None
    jobs: dict[str, Job] = field(default_factory=dict)
    name: str = ""
    inputs: tuple[str, ...] = ()
    tag_triggered: bool = False

    def upstream(self, job: str) -> set[str]:
        """Every job ``job`` waits for, directly or not."""
        seen: set[str] = set()
        todo = list(self.jobs[job].needs) if job in self.jobs else []
        while todo:
            name = todo.pop()
            if name in seen or name not in self.jobs:
                continue
            seen.add(name)
            todo.extend(self.jobs[name].needs)
        return seen

    @property
    def deploys(self) -> bool:
        """True when a step of this pipeline deploys."""
        return any(Role.DEPLOY in step.roles for job in self.jobs.values() for step in job.steps)

    def downstream(self, job: str) -> set[str]:
        """Every job that waits for ``job``."""
        return {name for name in self.jobs if job in self.upstream(name)}


@dataclass(frozen=True, kw_only=True)
class Command:
    """A command a platform runs: a release/pre-deploy command (``kind="release"``), the
    app's start command (``"start"``: Procfile ``web``, Dockerfile ``CMD``/``ENTRYPOINT``,
    ``startCommand``, ``npm start``) or a platform build (``"build"``). ``text`` is its
    first line; ``migrate`` the simple command in it that migrates (for messages), if any."""

    path: str
    line: int
    kind: str
    text: str
    order: tuple[Role, ...]
    source: str
    migrate: str = ""


@dataclass(kw_only=True)
class Delivery:
    """Everything the repository says about shipping the app.

    Attributes:
        workflows: CI pipelines.
        commands: platform release, start and build commands.
        manifests: deploy manifests found, ``(path, platform)``.
        health_checks: platform health checks configured, ``(path, line)``.
        declared_env: environment variable names the deploy configuration sets or lists
            (render.yaml ``envVars``, fly.toml ``[env]``, Heroku app.json ``env``, Compose
            ``environment``, CI ``env``).
        not_checked: files that could not be read.
    """

    workflows: list[Workflow] = field(default_factory=list)
    commands: list[Command] = field(default_factory=list)
    manifests: list[tuple[str, str]] = field(default_factory=list)
    health_checks: list[tuple[str, int]] = field(default_factory=list)
    declared_env: set[str] = field(default_factory=set)
    not_checked: list[NotChecked] = field(default_factory=list)

    def steps(self) -> list[tuple[Workflow, Job, int, Step]]:
        """Every CI step with its workflow, job and index in the job."""
        return [
            (workflow, job, index, step)
            for workflow in self.workflows
            for job in workflow.jobs.values()
            for index, step in enumerate(job.steps)
        ]

    def callers(self, workflow: Workflow) -> list[tuple[Workflow, Job, int]]:
        """The jobs that call ``workflow`` as a reusable workflow (``uses:
        ./.github/workflows/x.yml``), with the index of the calling step in the job."""
        found: list[tuple[Workflow, Job, int]] = []
        for caller in self.workflows:
            for job in caller.jobs.values():
                for index, step in enumerate(job.steps):
                    if step.uses and step.uses.removeprefix("./").split("@", 1)[0] == workflow.path:
                        found.append((caller, job, index))
        return found

    @property
    def deploys(self) -> bool:
        """True when something in the repository deploys the app."""
        return bool(self.manifests) or any(Role.DEPLOY in s.roles for _, _, _, s in self.steps())


PLATFORM_FILES = {
    "fly.toml": "fly",
    "render.yaml": "render",
    "railway.json": "railway",
    "railway.toml": "railway",
    "nixpacks.toml": "nixpacks",
    "vercel.json": "vercel",
    "netlify.toml": "netlify",
    "Procfile": "heroku",
    "app.json": "heroku",
    "app.yaml": "app-engine",
}


def _order(resolver: Resolver, text: str) -> tuple[Role, ...]:
    roles: list[Role] = []
    for _, found in resolver.ordered(text):
        # a command that both backs up and migrates (a script) counts as backup first
        roles.extend(sorted(found, key=lambda r: (r != Role.BACKUP, r.value)))
    return tuple(roles)


def _first_command(text: str) -> str:
    for raw in text.splitlines():
        if raw.strip() and not raw.strip().startswith("#"):
            return raw.strip()[:80]
    return text.strip()[:80]


class _Builder:
    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.resolver = Resolver(repo)
        self.delivery = Delivery()

    def build(self) -> Delivery:
        for source in self.repo.files:
            path = PurePosixPath(source.path)
            parent = str(path.parent)
            try:
                if parent == ".github/workflows" and path.suffix in {".yml", ".yaml"}:
                    self._github(source)
                elif source.path == ".gitlab-ci.yml":
                    self._gitlab(source)
                elif source.path in PLATFORM_FILES:
                    self.delivery.manifests.append((source.path, PLATFORM_FILES[source.path]))
                    self._platform(source)
                elif path.name in {"render.yaml", "fly.toml", "app.json"}:
                    self._nested_env(source)  # a manifest of a sub-app: only its environment
                elif path.name == "Dockerfile" or path.name.startswith("Dockerfile.") or path.suffix == ".dockerfile":
                    self._dockerfile(source)
                elif path.name.startswith(("docker-compose", "compose")) and path.suffix in {".yml", ".yaml"}:
                    self._compose(source)
            except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError) as exc:
                reason = type(exc).__name__
                self.delivery.not_checked.append(NotChecked(path=source.path, reason=f"could not be parsed ({reason})"))
        self._package_start()
        for _, _, _, step in self.delivery.steps():
            self.delivery.declared_env.update(name for name, _ in step.env)
        return self.delivery

    # ------------------------------------------------------------------ GitHub Actions
    def _github(self, source: SourceFile) -> None:
        root = y.compose(source.text)
        if root is None:
            return
        on = y.get(root, "on")
        triggers = tuple(y.keys(on)) or tuple(y.strings(on))
        dispatch = y.get(on, "workflow_dispatch")
        inputs = tuple(y.keys(y.get(dispatch, "inputs")))
        workflow = Workflow(
            path=source.path,
            kind="github",
            line=y.line(root),
            triggers=triggers,
            name=(y.scalar(y.get(root, "name")) or PurePosixPath(source.path).stem).lower(),
            inputs=inputs,
        )
        workflow.permissions, workflow.permissions_line = _permissions(root)
        workflow.tag_triggered = y.get(y.get(on, "push"), "tags") is not None
        top_env = _env(y.get(root, "env"))
        for name, key, body in y.items(y.get(root, "jobs")):
            job = Job(
                path=source.path,
                name=name,
                line=y.line(key),
                needs=tuple(y.strings(y.get(body, "needs"))),
                condition=y.scalar(y.get(body, "if")) or "",
            )
            job.permissions, job.permissions_line = _permissions(body)
            environment = y.get(body, "environment")
            job.environment = y.scalar(environment) or y.scalar(y.get(environment, "name"))
            job_env = top_env + _env(y.get(body, "env"))
            uses = y.scalar(y.get(body, "uses"))
            if uses:  # a reusable workflow call
                job.steps.append(self._step(source, y.get(body, "uses"), name, uses=uses, env=job_env))
            for step in y.sequence(y.get(body, "steps")):
                job.steps.append(self._github_step(source, step, job_env))
            workflow.jobs[name] = job
        self.delivery.workflows.append(workflow)

    def _github_step(self, source: SourceFile, step: Node, job_env: tuple[tuple[str, str], ...]) -> Step:
        uses = y.scalar(y.get(step, "uses"))
        run_node = y.get(step, "run")
        run = y.scalar(run_node) or ""
        label = y.scalar(y.get(step, "name")) or uses or _first_command(run)
        ref = y.scalar(y.get(y.get(step, "with"), "ref")) if uses else None
        run_line = y.line(run_node) + (
            1 if run_node is not None and getattr(run_node, "style", None) in {"|", ">"} else 0
        )
        return self._step(
            source,
            step,
            label,
            uses=uses,
            uses_line=y.key_line(step, "uses") or 0,
            run=run,
            run_line=run_line if run else 0,
            checkout_ref=ref,
            env=job_env + _env(y.get(step, "env")),
        )

    def _step(
        self,
        source: SourceFile,
        node: Node | None,
        label: str,
        *,
        uses: str | None = None,
        uses_line: int = 0,
        run: str = "",
        run_line: int = 0,
        checkout_ref: str | None = None,
        env: tuple[tuple[str, str], ...] = (),
    ) -> Step:
        order = _order(self.resolver, run) if run else tuple(sorted(action_roles(uses or "")))
        return Step(
            path=source.path,
            line=y.line(node),
            label=label[:80],
            roles=frozenset(order),
            order=order,
            uses=uses,
            uses_line=uses_line or y.line(node),
            run=run,
            run_line=run_line,
            checkout_ref=checkout_ref,
            env=env,
        )

    # ------------------------------------------------------------------ GitLab CI
    def _gitlab(self, source: SourceFile) -> None:
        root = y.compose(source.text)
        if root is None:
            return
        stages = y.strings(y.get(root, "stages")) or ["build", "test", "deploy"]
        workflow = Workflow(path=source.path, kind="gitlab", line=y.line(root), triggers=("push",))
        jobs: list[tuple[str, Node, Node]] = [
            (name, key, body)
            for name, key, body in y.items(root)
            if not name.startswith(".") and y.get(body, "script") is not None
        ]
        stage_of = {name: y.scalar(y.get(body, "stage")) or "test" for name, _, body in jobs}
        for name, key, body in jobs:
            needs_node = y.get(body, "needs")
            if needs_node is not None:
                needs = tuple(y.scalar(y.get(n, "job")) or y.scalar(n) or "" for n in y.sequence(needs_node))
            else:
                rank = stages.index(stage_of[name]) if stage_of[name] in stages else 0
                needs = tuple(
                    other for other in stage_of if stage_of[other] in stages and stages.index(stage_of[other]) < rank
                )
            environment = y.get(body, "environment")
            job = Job(
                path=source.path,
                name=name,
                line=y.line(key),
                needs=needs,
                environment=y.scalar(environment) or y.scalar(y.get(environment, "name")),
            )
            for part in ("before_script", "script", "after_script"):
                for command in y.sequence(y.get(body, part)):
                    text = y.scalar(command) or ""
                    order = _order(self.resolver, text)
                    job.steps.append(
                        Step(
                            path=source.path,
                            line=y.line(command),
                            label=_first_command(text),
                            roles=frozenset(order),
                            order=order,
                            run=text,
                            run_line=y.line(command),
                        )
                    )
            workflow.jobs[name] = job
        self.delivery.workflows.append(workflow)

    # ------------------------------------------------------------------ platforms
    def _command(self, source: SourceFile, line: int, kind: str, text: str | None) -> None:
        if not text:
            return
        migrate = self.resolver.find(text, Role.MIGRATE)
        self.delivery.commands.append(
            Command(
                path=source.path,
                line=line,
                kind=kind,
                text=_first_command(text),
                order=_order(self.resolver, text),
                source=PLATFORM_FILES.get(source.path, source.path),
                migrate=migrate[:80],
            )
        )

    def _platform(self, source: SourceFile) -> None:
        name = source.path
        if name == "Procfile":
            for number, raw in enumerate(source.lines, start=1):
                process, sep, command = raw.partition(":")
                if not sep or raw.startswith("#"):
                    continue
                kind = {"release": "release", "web": "start"}.get(process.strip(), "start")
                self._command(source, number, kind, command.strip())
        elif name.endswith(".toml"):
            data = parse_toml(source.text)
            self._toml_platform(source, data)
        elif name == "render.yaml":
            root = y.compose(source.text)
            self.delivery.declared_env.update(_render_env(root))
            for service in y.sequence(y.get(root, "services")):
                for key, kind in (
                    ("preDeployCommand", "release"),
                    ("startCommand", "start"),
                    ("buildCommand", "build"),
                ):
                    node = y.get(service, key)
                    self._command(source, y.line(node), kind, y.scalar(node))
                if y.get(service, "healthCheckPath") is not None:
                    self.delivery.health_checks.append((source.path, y.line(y.get(service, "healthCheckPath"))))
        elif name.endswith(".json"):
            data = parse_json(source.text)
            if not isinstance(data, dict):
                return
            deploy: dict[str, object] = data["deploy"] if isinstance(data.get("deploy"), dict) else {}
            for key, kind in (("preDeployCommand", "release"), ("startCommand", "start")):
                value = deploy.get(key)
                if isinstance(value, list):
                    value = " && ".join(map(str, value))
                self._command(source, _json_line(source, key), kind, value if isinstance(value, str) else None)
            if deploy.get("healthcheckPath"):
                self.delivery.health_checks.append((source.path, _json_line(source, "healthcheckPath")))
            build = data.get("buildCommand")
            if isinstance(build, str):
                self._command(source, _json_line(source, "buildCommand"), "build", build)
            self.delivery.declared_env.update(_mapping_keys(data, "env"))  # Heroku app.json
            scripts: dict[str, object] = data["scripts"] if isinstance(data.get("scripts"), dict) else {}
            postdeploy = scripts.get("postdeploy")
            if isinstance(postdeploy, str):  # Heroku app.json
                self._command(source, _json_line(source, "postdeploy"), "release", postdeploy)

    def _toml_platform(self, source: SourceFile, data: dict[str, object]) -> None:
        self.delivery.declared_env.update(_mapping_keys(data, "env"))  # fly.toml [env]
        deploy = data.get("deploy") if isinstance(data.get("deploy"), dict) else {}
        assert isinstance(deploy, dict)
        for key, kind in (
            ("release_command", "release"),
            ("preDeployCommand", "release"),
            ("startCommand", "start"),
        ):
            value = deploy.get(key)
            if isinstance(value, list):
                value = " && ".join(map(str, value))
            if isinstance(value, str):
                self._command(source, _toml_line(source, key), kind, value)
        if deploy.get("healthcheckPath"):
            self.delivery.health_checks.append((source.path, _toml_line(source, "healthcheckPath")))
        build = data.get("build") if isinstance(data.get("build"), dict) else {}
        assert isinstance(build, dict)
        if isinstance(build.get("command"), str):  # netlify.toml
            self._command(source, _toml_line(source, "command"), "build", str(build["command"]))
        start = data.get("start") if isinstance(data.get("start"), dict) else {}
        assert isinstance(start, dict)
        if isinstance(start.get("cmd"), str):  # nixpacks.toml
            self._command(source, _toml_line(source, "cmd"), "start", str(start["cmd"]))
        for section in ("http_service", "services"):
            value = data.get(section)
            blocks = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
            for block in blocks:
                if isinstance(block, dict) and any(k in block for k in ("checks", "http_checks", "tcp_checks")):
                    self.delivery.health_checks.append((source.path, _toml_line(source, section)))
        if "checks" in data:
            self.delivery.health_checks.append((source.path, _toml_line(source, "checks")))

    def _nested_env(self, source: SourceFile) -> None:
        name = PurePosixPath(source.path).name
        if name == "render.yaml":
            self.delivery.declared_env.update(_render_env(y.compose(source.text)))
        elif name == "fly.toml":
            self.delivery.declared_env.update(_mapping_keys(parse_toml(source.text), "env"))
        else:
            data = parse_json(source.text)
            self.delivery.declared_env.update(_mapping_keys(data if isinstance(data, dict) else {}, "env"))

    # ------------------------------------------------------------------ Compose
    def _compose(self, source: SourceFile) -> None:
        for _, _, service in y.items(y.get(y.compose(source.text), "services")):
            environment = y.get(service, "environment")
            self.delivery.declared_env.update(y.keys(environment))
            self.delivery.declared_env.update(s.split("=", 1)[0] for s in y.strings(environment))

    # ------------------------------------------------------------------ Docker
    def _dockerfile(self, source: SourceFile) -> None:
        parser = DockerfileParser(fileobj=io.BytesIO(source.text.encode("utf-8")), env_replace=False)
        for instruction in parser.structure:
            kind = instruction["instruction"]
            line = int(instruction["startline"]) + 1
            if kind == "HEALTHCHECK" and str(instruction["value"]).strip().upper() != "NONE":
                self.delivery.health_checks.append((source.path, line))
            elif kind in {"CMD", "ENTRYPOINT"}:
                self._command(source, line, "start", _exec_form(str(instruction["value"])))

    def _package_start(self) -> None:
        source = self.repo.get("package.json")
        scripts = self.resolver.scripts
        if source is None:
            return
        for name, kind in (
            ("start", "start"),
            ("prestart", "start"),
            ("postinstall", "build"),
            ("vercel-build", "build"),
        ):
            if name in scripts:
                self._command(source, _json_line(source, name), kind, scripts[name])
        if "build" in scripts and any(p in {"vercel", "netlify"} for _, p in self.delivery.manifests):
            self._command(source, _json_line(source, "build"), "build", scripts["build"])


def _render_env(root: Node | None) -> set[str]:
    """``envVars[].key`` of every service of a render.yaml."""
    return {
        key
        for service in y.sequence(y.get(root, "services"))
        for var in y.sequence(y.get(service, "envVars"))
        if (key := y.scalar(y.get(var, "key")))
    }


def _mapping_keys(data: dict[str, object], name: str) -> set[str]:
    """The keys of the mapping ``data[name]`` (fly.toml ``[env]``, app.json ``env``)."""
    value = data.get(name)
    return {str(k) for k in value} if isinstance(value, dict) else set()


def _exec_form(value: str) -> str:
    """A Dockerfile CMD/ENTRYPOINT as one shell text (``["sh", "-c", "a && b"]`` → ``a && b``)."""
    try:
        parts = json.loads(value)
    except ValueError:
        return value
    if not isinstance(parts, list):
        return value
    words = [str(p) for p in parts]
    if len(words) >= 3 and PurePosixPath(words[0]).name in {"sh", "bash"} and words[1] == "-c":
        return words[2]
    return " ".join(words)


def _permissions(node: Node | None) -> tuple[str | None, int | None]:
    value = y.get(node, "permissions")
    if value is None:
        return None, None
    text = y.scalar(value)
    return (text if text is not None else "mapping"), y.key_line(node, "permissions")


def _env(node: Node | None) -> tuple[tuple[str, str], ...]:
    return tuple((name, y.scalar(value) or "") for name, _, value in y.items(node))


def _json_line(source: SourceFile, key: str) -> int:
    quoted = json.dumps(key)
    for number, raw in enumerate(source.lines, start=1):
        if quoted in raw:
            return number
    return 1


def _toml_line(source: SourceFile, key: str) -> int:
    for number, raw in enumerate(source.lines, start=1):
        stripped = raw.strip()
        if stripped.startswith((key, f"[{key}", f"[[{key}")):
            return number
    return 1


def build_delivery(repo: Repository) -> Delivery:
    """Read the repository's CI pipelines and deploy manifests. Files that do not parse are
    listed in ``not_checked``; nothing raises."""
    return _Builder(repo).build()
