"""Shell commands of CI steps, release commands, entrypoint scripts, ``package.json`` scripts
and Makefile recipes, split into simple commands with ``shlex`` and classified by what they
do to a deployed app: migrate its database, back it up, test it, deploy it, smoke-test it.

``npm run X``/``yarn X``/``make X``/``./scripts/x.sh`` are followed into the repository's own
``package.json`` scripts, Makefile recipes and script files (three levels deep), so a step
that runs ``npm run release`` is known to migrate when that script does.
"""

from __future__ import annotations

import enum
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from readycheck.analysis.data import parse_json
from readycheck.repository import Repository


class Role(enum.StrEnum):
    """What a command does in a delivery pipeline."""

    MIGRATE = "migrate"
    BACKUP = "backup"
    TEST = "test"
    DEPLOY = "deploy"
    SMOKE = "smoke"


@dataclass(frozen=True)
class SimpleCommand:
    """One simple command: its words (wrappers such as ``npx``, ``poetry run``, ``python -m``,
    leading ``VAR=value`` assignments and redirections removed), its 1-based line in the file,
    and whether its output is redirected to a file (``>> "$GITHUB_ENV"``)."""

    words: tuple[str, ...]
    line: int
    redirected: bool = False


_SEPARATORS = frozenset({"&&", "||", ";", "|", "&", "(", ")", ";;"})
_WRAPPERS = {
    "sudo",
    "env",
    "npx",
    "bunx",
    "pnpx",
    "exec",
    "time",
    "nohup",
    "dotenv",
    "with-env",
}
_RUNNERS = {"poetry", "uv", "pipenv", "pdm", "hatch", "rye", "bundle", "heroku", "railway", "doppler", "op"}
_HEALTH_WORDS = ("health", "healthz", "ready", "readyz", "live", "livez", "status", "ping", "smoke")
_DEPLOY_ACTIONS = (
    "deploy",
    "vercel-action",
    "heroku",
    "wrangler-action",
    "netlify",
    "gh-pages",
    "ssh-action",
    "railway",
    "firebase-action",
    "flyctl-actions",
)


def split_commands(text: str, first_line: int = 1) -> Iterator[SimpleCommand]:
    """The simple commands of shell ``text`` (comments dropped, ``\\`` continuations joined)."""
    logical: list[tuple[str, int]] = []
    buffer, start = "", first_line
    for offset, raw in enumerate(text.splitlines()):
        if not buffer:
            start = first_line + offset
        if raw.rstrip().endswith("\\"):
            buffer += raw.rstrip()[:-1] + " "
            continue
        logical.append((buffer + raw, start))
        buffer = ""
    if buffer:
        logical.append((buffer, start))
    for line_text, line in logical:
        try:
            lexer = shlex.shlex(line_text, posix=True, punctuation_chars=True)
            lexer.whitespace_split = True
            tokens = list(lexer)
        except ValueError:  # unbalanced quotes: fall back to white space
            tokens = line_text.split()
        words: list[str] = []
        redirected = skip_target = False
        for token in [*tokens, ";"]:
            if skip_target:
                skip_target = False
            elif token in _SEPARATORS or (token and set(token) <= set(";&|()")):
                if words:
                    yield SimpleCommand(_unwrap(words), line, redirected)
                words, redirected = [], False
            elif token and set(token) <= set("<>&") and ("<" in token or ">" in token):
                redirected = redirected or (">" in token and not (words and words[-1] == "2"))
                if words and words[-1].isdigit():
                    words.pop()  # the file descriptor of 2>&1
                skip_target = True
            else:
                words.append(token)


def _unwrap(words: list[str]) -> tuple[str, ...]:
    rest = list(words)
    while rest:
        head = rest[0]
        if "=" in head and not head.startswith(("-", "=")) and head.split("=", 1)[0].replace("_", "").isalnum():
            rest.pop(0)
        elif head in _WRAPPERS:
            rest.pop(0)
        elif head in _RUNNERS and len(rest) > 1 and rest[1] in {"run", "exec"}:
            rest = rest[2:]
        elif PurePosixPath(head).name in {"python", "python3"} and len(rest) > 2 and rest[1] == "-m":
            rest = rest[2:]
        elif head in {"node", "bun", "tsx", "ts-node", "deno"} and len(rest) > 1 and "node_modules/" in rest[1]:
            # node ./node_modules/prisma/build/index.js migrate deploy -> prisma migrate deploy
            package = rest[1].split("node_modules/", 1)[1].split("/")
            tool = package[1] if package[0] == ".bin" and len(package) > 1 else package[0]
            rest = [tool, *rest[2:]]
        elif head in {"pnpm", "yarn"} and len(rest) > 1 and rest[1] in {"exec", "dlx"}:
            rest = rest[2:]
        elif head in {"docker", "docker-compose"}:
            index = 1
            if rest[index : index + 1] == ["compose"]:
                index += 1
            if rest[index : index + 1] in (["run"], ["exec"]):
                index += 1
                while index < len(rest) and rest[index].startswith("-"):
                    index += 1
                rest = rest[index + 1 :]  # the service name, then the command
            else:
                break
        else:
            break
    return tuple(rest)


def _has(words: tuple[str, ...], *wanted: str) -> bool:
    return all(w in words for w in wanted)


def command_roles(words: tuple[str, ...]) -> set[Role]:
    """The roles of one simple command (after :func:`split_commands` unwrapped it).

    Tools: Alembic, Django, Flask-Migrate, Prisma, Supabase CLI, Knex, Sequelize, Drizzle
    Kit, dbmate, goose, golang-migrate, sqlx, Rails, TypeORM, node-pg-migrate (migrate);
    pg_dump, mysqldump, ``supabase db dump``, Heroku/AWS/GCP/Azure/Neon backup commands
    (backup); pytest, tox, nox, Django ``test``, Jest, Vitest, Mocha, Playwright, Cypress,
    ``go test``, ``cargo test`` (test); Fly, Vercel, Netlify, Railway, Heroku, kubectl,
    Helm, Cloud Run, ECS, Serverless, SAM, CDK, Terraform, Firebase, Wrangler (deploy);
    ``curl``/``wget`` of a URL, ``kubectl rollout status``, k6 (smoke).
    """
    if not words:
        return set()
    program = PurePosixPath(words[0]).name
    args = words[1:]
    found: set[Role] = set()
    if program == "alembic" and "upgrade" in args:
        found.add(Role.MIGRATE)
    elif program in {"manage.py", "django-admin"} or (program in {"python", "python3"} and "manage.py" in args[:1]):
        if "migrate" in args:
            found.add(Role.MIGRATE)
        if "test" in args:
            found.add(Role.TEST)
    elif program == "flask" and _has(args, "db", "upgrade"):
        found.add(Role.MIGRATE)
    elif program == "prisma" and (_has(args, "migrate", "deploy") or _has(args, "db", "push")):
        found.add(Role.MIGRATE)
    elif program == "supabase":
        if _has(args, "db", "push") or (_has(args, "migration", "up") and "--local" not in args):
            found.add(Role.MIGRATE)
        elif _has(args, "db", "dump"):
            found.add(Role.BACKUP)
        elif _has(args, "functions", "deploy"):
            found.add(Role.DEPLOY)
    elif program == "knex" and any(a in {"migrate:latest", "migrate:up"} for a in args):
        found.add(Role.MIGRATE)
    elif program in {"sequelize", "sequelize-cli"} and "db:migrate" in args:
        found.add(Role.MIGRATE)
    elif program == "drizzle-kit" and any(a in {"migrate", "push"} for a in args):
        found.add(Role.MIGRATE)
    elif (
        (program in {"dbmate", "goose", "migrate", "node-pg-migrate"} and any(a in {"up", "migrate"} for a in args))
        or (program == "sqlx" and _has(args, "migrate", "run"))
        or (program in {"rails", "rake"} and "db:migrate" in args)
        or (program == "typeorm" and "migration:run" in args)
    ):
        found.add(Role.MIGRATE)
    elif program in {"pg_dump", "pg_dumpall", "mysqldump", "mongodump", "pg_basebackup"}:
        found.add(Role.BACKUP)
    elif (
        (program == "heroku" and any(a.startswith("pg:backups") for a in args))
        or (program == "aws" and any(a in {"create-db-snapshot", "create-db-cluster-snapshot"} for a in args))
        or (program == "gcloud" and _has(args, "sql", "backups", "create"))
        or (program == "az" and _has(args, "backup"))
        or (program == "neonctl" and _has(args, "branches", "create"))
    ):
        found.add(Role.BACKUP)
    elif program in {"pytest", "py.test", "tox", "nox", "jest", "vitest", "mocha", "ava", "unittest"}:
        found.add(Role.TEST)
    elif (program in {"playwright", "go", "cargo", "bun", "deno"} and "test" in args[:1]) or (
        program == "cypress" and "run" in args[:1]
    ):
        found.add(Role.TEST)
    elif (
        (program in {"flyctl", "fly"} and "deploy" in args[:1])
        or (program == "vercel" and ("deploy" in args[:1] or "--prod" in args))
        or (
            program in {"netlify", "firebase", "serverless", "sls", "sam", "cdk", "eb", "wrangler"} and "deploy" in args
        )
        or (program == "wrangler" and "publish" in args)
        or (program == "railway" and "up" in args[:1])
        or (
            program == "kubectl"
            and (args[:1] == ("apply",) or _has(args, "rollout", "restart") or _has(args, "set", "image"))
        )
        or (program == "helm" and any(a in {"upgrade", "install"} for a in args[:1]))
        or (program == "gcloud" and "deploy" in args)
        or (program == "aws" and "update-service" in args)
        or (program == "terraform" and "apply" in args[:1])
        or (program == "git" and "push" in args[:1] and any("heroku" in a or "dokku" in a for a in args))
        or (program == "heroku" and "container:release" in args)
    ):
        found.add(Role.DEPLOY)
    elif program == "kubectl" and _has(args, "rollout", "status"):
        found.add(Role.SMOKE)
    elif program in {"curl", "wget", "http", "https", "k6", "newman", "artillery"}:
        urls = [a for a in args if a.startswith(("http://", "https://", "$"))]
        if any("deploy" in u.lower() or "hook" in u.lower() for u in urls):
            found.add(Role.DEPLOY)  # a deploy hook (Render, Vercel, Netlify)
        elif urls or program in {"k6", "newman", "artillery"}:
            found.add(Role.SMOKE)
    return found


def action_roles(uses: str) -> set[Role]:
    """Roles of a GitHub Actions ``uses:`` reference, by the action's name (``setup-*``
    actions only install a tool)."""
    name = uses.split("@", 1)[0].lower()
    if "setup" in name or (name.startswith("./") and name.endswith((".yml", ".yaml"))):
        return set()  # a tool installer, or a reusable workflow (its own steps are read)
    if any(word in name for word in ("health-check", "url-health", "smoke")):
        return {Role.SMOKE}
    if "backup" in name or "snapshot" in name:
        return {Role.BACKUP}
    if "cypress-io/github-action" in name:
        return {Role.TEST}
    if any(word in name for word in _DEPLOY_ACTIONS):
        return {Role.DEPLOY}
    return set()


class Resolver:
    """Classify commands, following ``npm run``/``yarn``/``pnpm``/``bun run`` into the root
    ``package.json`` scripts, ``make`` into Makefile recipes, and script files of the
    repository into their commands."""

    MAX_DEPTH = 3

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.scripts = _package_scripts(repo)
        self.targets = _make_targets(repo)

    def roles(self, text: str, *, depth: int = 0) -> set[Role]:
        """The roles of every command of ``text``, in no order."""
        return {role for _, roles in self.ordered(text, depth=depth) for role in roles}

    def find(self, text: str, role: Role, *, depth: int = 0) -> str:
        """The first simple command of ``text`` with ``role``, as text, looking inside
        ``sh -c "..."`` (a followed script is named by the command that runs it); "" if none."""
        for command, roles in self.ordered(text, depth=depth):
            words = command.words
            if role in command_roles(words):
                return " ".join(words)
            if PurePosixPath(words[0]).name in {"sh", "bash", "zsh"} and words[1:2] == ("-c",) and len(words) > 2:
                inner = self.find(words[2], role, depth=depth + 1)
                if inner:
                    return inner
            if role in roles:
                return " ".join(words)
        return ""

    def ordered(self, text: str, *, first_line: int = 1, depth: int = 0) -> list[tuple[SimpleCommand, set[Role]]]:
        """Each simple command of ``text`` with its roles, in order (a followed script's roles
        are those of everything it runs)."""
        result: list[tuple[SimpleCommand, set[Role]]] = []
        for command in split_commands(text, first_line):
            if not command.words:
                continue
            roles = command_roles(command.words)
            if not roles and depth < self.MAX_DEPTH:
                roles = self._follow(command.words, depth)
            result.append((command, roles))
        return result

    def _follow(self, words: tuple[str, ...], depth: int) -> set[Role]:
        program, args = PurePosixPath(words[0]).name, words[1:]
        script: str | None = None
        if program in {"npm", "pnpm", "yarn", "bun"}:
            if args[:1] in (("run",), ("run-script",)) and len(args) > 1:
                script = args[1]
            elif args[:1] and not args[0].startswith("-") and args[0] not in {"install", "ci", "i", "add"}:
                script = args[0]
            if script == "t":
                script = "test"
            if script is not None:
                body = self.scripts.get(script)
                if body is not None:
                    pre = self.scripts.get(f"pre{script}", "")
                    return self.roles(f"{pre}\n{body}", depth=depth + 1)
                if script.startswith("test"):
                    return {Role.TEST}
            return set()
        if program == "make":
            found: set[Role] = set()
            for target in [a for a in args if not a.startswith("-")][:3]:
                recipe = self.targets.get(target)
                if recipe is not None:
                    found |= self.roles(recipe, depth=depth + 1)
                elif target in {"test", "check"}:
                    found.add(Role.TEST)
            return found
        if program in {"bash", "sh", "zsh"} and len(words) > 2 and words[1] == "-c":
            return self.roles(words[2], depth=depth + 1)
        path = words[1] if program in {"bash", "sh", "zsh"} and len(words) > 1 else words[0]
        name = PurePosixPath(path).name.lower()
        source = self.repo.get(str(PurePosixPath(path.removeprefix("./"))))
        if source is None and name.endswith(".sh"):  # an entrypoint copied into the image
            same = [f for f in self.repo.files if PurePosixPath(f.path).name.lower() == name]
            source = same[0] if len(same) == 1 else None
        if source is not None:
            return self.roles(source.text, depth=depth + 1)
        if name.endswith((".sh", ".py", ".js", ".ts")) and any(w in name for w in ("backup", "snapshot", "dump")):
            return {Role.BACKUP}
        return set()


def _package_scripts(repo: Repository) -> dict[str, str]:
    source = repo.get("package.json")
    if source is None:
        return {}
    try:
        data = parse_json(source.text)
    except ValueError:
        return {}
    scripts = data.get("scripts") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in scripts.items()} if isinstance(scripts, dict) else {}


def _make_targets(repo: Repository) -> dict[str, str]:
    """Makefile target → its recipe lines (tab-indented lines after ``target:``)."""
    source = repo.get("Makefile") or repo.get("makefile") or repo.get("GNUmakefile")
    if source is None:
        return {}
    targets: dict[str, str] = {}
    current: list[str] = []
    for raw in source.lines:
        if raw.startswith("\t"):
            for name in current:
                targets[name] = targets.get(name, "") + raw.strip().lstrip("@-") + "\n"
        elif ":" in raw and not raw.startswith((" ", "#", ".")) and "=" not in raw.split(":", 1)[0]:
            current = raw.split(":", 1)[0].split()
        elif raw.strip() and not raw.startswith("#"):
            current = []
    return targets
