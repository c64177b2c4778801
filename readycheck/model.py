"""The core data model: enums and frozen dataclasses shared by every stage.

Serialized values are the enum values (``StrEnum``), exactly as in the report contract of
DESIGN.md section 3. Nothing here does I/O.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.StrEnum):
    """How much harm a finding can do. Ordered: ``critical`` is the worst."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """4 for critical down to 0 for info; larger is worse."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {
    Severity.CRITICAL: 4,
    Severity.HIGH: 3,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFO: 0,
}


class Confidence(enum.StrEnum):
    """How sure the rule is that the finding is a real problem."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """2 for high, 1 for medium, 0 for low."""
        return {"high": 2, "medium": 1, "low": 0}[self.value]


class Category(enum.StrEnum):
    """Report categories. The ids are a stable contract (DESIGN.md section 3)."""

    SECRETS = "secrets"
    OWNERSHIP = "ownership"
    UNBOUNDED_ENDPOINTS = "unbounded-endpoints"
    RATE_LIMITS = "rate-limits"
    MIGRATIONS = "migrations"
    LOGGING = "logging"
    DELIVERY = "delivery"
    DEPENDENCIES = "dependencies"
    CODE_SECURITY = "code-security"
    AI_SAFETY = "ai-safety"

    @property
    def label(self) -> str:
        """A short human title, e.g. ``"Unbounded endpoints"``."""
        return _CATEGORY_TITLES[self]


_CATEGORY_TITLES = {
    Category.SECRETS: "Secrets",
    Category.OWNERSHIP: "Ownership and access control",
    Category.UNBOUNDED_ENDPOINTS: "Unbounded endpoints",
    Category.RATE_LIMITS: "Rate limits",
    Category.MIGRATIONS: "Migrations",
    Category.LOGGING: "Logging and audit",
    Category.DELIVERY: "Delivery",
    Category.DEPENDENCIES: "Dependencies",
    Category.CODE_SECURITY: "Code security",
    Category.AI_SAFETY: "AI safety",
}

# Hundreds digit of an ``RC`` rule id -> its category (DESIGN.md section 3).
FAMILY_CATEGORY: dict[int, Category] = {
    1: Category.SECRETS,
    2: Category.OWNERSHIP,
    3: Category.UNBOUNDED_ENDPOINTS,
    4: Category.RATE_LIMITS,
    5: Category.MIGRATIONS,
    6: Category.LOGGING,
    7: Category.DELIVERY,
    8: Category.AI_SAFETY,
    9: Category.DEPENDENCIES,
}


class RunKind(enum.StrEnum):
    """What produced a run: one of readycheck's checks, or a wrapped external tool."""

    CHECK = "check"
    TOOL = "tool"


class RunStatus(enum.StrEnum):
    """How a check or tool run ended.

    ``passed``: ran to completion, no finding. ``failed``: ran to completion with findings.
    ``skipped``: not run (not applicable, or not selected); ``reason`` says which.
    ``errored``: started and could not complete; its category is unknown, never a pass.
    """

    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"
    ERRORED = "errored"


class Verdict(enum.StrEnum):
    """The overall answer to "can this be deployed?"."""

    READY = "ready"
    READY_WITH_WARNINGS = "ready-with-warnings"
    NOT_READY = "not-ready"


class SkipReason(enum.StrEnum):
    """Why a file in the tree was not checked."""

    BINARY = "binary"
    TOO_LARGE = "too-large"
    UNDECODABLE = "undecodable"
    UNREADABLE = "unreadable"
    SYMLINK_OUT_OF_TREE = "symlink-out-of-tree"
    SYMLINK = "symlink"
    NOT_A_REGULAR_FILE = "not-a-regular-file"
    INVALID_PATTERN = "invalid-pattern"  # a .gitignore line that cannot be compiled


@dataclass(frozen=True, kw_only=True, order=True)
class Location:
    """Where a finding is. ``path`` is repo-relative POSIX, or None for a repository-level
    finding; lines are 1-based and inclusive."""

    path: str | None
    line: int | None = None
    end_line: int | None = None


@dataclass(frozen=True, kw_only=True)
class EndpointRef:
    """The HTTP endpoint a finding is inside or about: method (upper case) and full route."""

    method: str
    route: str


@dataclass(frozen=True, kw_only=True)
class RuleDocs:
    """A rule's user-facing documentation, parsed from the check's docstring (DESIGN.md
    section 4). Each field is Markdown."""

    what_it_does: str
    why_bad: str
    example: str
    use_instead: str
    references: str


@dataclass(frozen=True, kw_only=True)
class RuleMeta:
    """Metadata of one rule, as listed by ``readycheck checks``.

    ``id`` is ``RC`` + three digits for readycheck's own rules (a plugin uses its own
    upper-case prefix); ``name`` is kebab-case and names the problem. ``owasp`` holds ids
    such as ``A01:2021``, ``API1:2023``, ``LLM10:2025``; ``cwe`` holds ids such as
    ``CWE-798``. ``origin`` is the distribution that provides the rule.
    """

    id: str
    name: str
    category: Category
    severity: Severity
    confidence: Confidence
    summary: str
    owasp: tuple[str, ...]
    cwe: tuple[str, ...]
    docs: RuleDocs
    origin: str = "readycheck-audit"
    kind: RunKind = RunKind.CHECK


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One problem found.

    ``fingerprint`` is stable across unrelated edits (it does not include the line number).
    ``snippet`` is the source line, already redacted when the rule handles secrets.
    ``suppressed`` findings are reported but do not count in the score or the gate.
    ``new`` is False when the finding is in the baseline.
    ``also_at`` are further places of the same problem (the same secret committed in several
    files); ``also_reported_by`` are other rules or tools that found the same problem on the
    same line (merged by :mod:`readycheck.merge`). ``evidence`` is the chain of hops the rule
    followed to its claim (where authentication was looked for, which helper runs the query),
    one ``path:line`` each. ``context`` says why the finding is shown below its rule's
    severity ("in test or example data", "already applied by an earlier release"), None when
    it is not demoted (``scan --strict`` turns demotion off).
    """

    rule_id: str
    category: Category
    severity: Severity
    confidence: Confidence
    location: Location
    message: str
    owasp: tuple[str, ...]
    cwe: tuple[str, ...]
    fingerprint: str
    suppressed: bool = False
    suppression_reason: str | None = None
    new: bool = True
    endpoint: EndpointRef | None = None
    snippet: str | None = None
    also_at: tuple[Location, ...] = ()
    also_reported_by: tuple[str, ...] = ()
    evidence: tuple[Hop, ...] = ()
    context: str | None = None

    def sort_key(self) -> tuple[Any, ...]:
        """Worst first, then by place: severity, confidence, path, line, rule, fingerprint."""
        return (
            -self.severity.rank,
            -self.confidence.rank,
            self.location.path or "",
            self.location.line or 0,
            self.rule_id,
            self.fingerprint,
        )


@dataclass(frozen=True, kw_only=True)
class NotChecked:
    """A file (or other unit) that a run could not check, and why (one line, no secrets)."""

    path: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class Run:
    """The outcome of one check or tool run. ``seconds`` is wall time; ``reason`` explains a
    skip or an error; ``not_checked`` lists files the run could not check while still
    completing (for example a syntax error in one file). ``categories`` are the report
    categories the run covers (one for a check, the declared ones for a tool); ``version``
    is the wrapped tool's version."""

    id: str
    kind: RunKind
    status: RunStatus
    reason: str | None = None
    seconds: float = 0.0
    categories: tuple[Category, ...] = ()
    findings: int = 0
    not_checked: tuple[NotChecked, ...] = ()
    version: str | None = None

    @property
    def outcome(self) -> str:
        """The run's outcome in the words a user expects of a tool: ``ran`` (no finding),
        ``ran-with-findings`` (a tool that exits non-zero because it found issues did not
        fail), ``skipped`` or ``failed`` (started and could not complete)."""
        return {
            RunStatus.PASSED: "ran",
            RunStatus.FAILED: "ran-with-findings",
            RunStatus.SKIPPED: "skipped",
            RunStatus.ERRORED: "failed",
        }[self.status]

    def outcome_text(self) -> str:
        """One line for people: ``ran, no findings``, ``ran, 12 findings``, ``skipped: why``,
        ``failed: why`` (for a tool, its exit code and the first line of its error)."""
        if self.status == RunStatus.PASSED:
            return "ran, no findings"
        if self.status == RunStatus.FAILED:
            return f"ran, {self.findings} finding{'s' if self.findings != 1 else ''}"
        word = "skipped" if self.status == RunStatus.SKIPPED else "failed"
        return f"{word}: {self.reason}" if self.reason else word


class Operation(enum.StrEnum):
    """What a handler does to a stored object it looked up. Ordered by harm: ``delete`` and
    ``write`` rank above ``read`` (an ownership gap on a write lets a caller change another
    user's data)."""

    READ = "read"
    WRITE = "write"
    DELETE = "delete"
    CREATE = "create"


@dataclass(frozen=True, kw_only=True)
class Parameter:
    """A caller-supplied input of an endpoint: its name and where it comes from
    (``path``, ``query``, ``body``, ``header``, ``form`` or ``unknown``)."""

    name: str
    source: str


class AuthStatus(enum.StrEnum):
    """Who may call an endpoint, as far as the authorization model could follow the code.

    ``authenticated``: a guard that identifies the caller applies (a dependency, decorator,
    middleware, permission class or a check in the handler), shown with its chain of hops.
    ``public``: every place a guard could come from was read and none applies.
    ``unknown``: a hop could not be resolved (dynamic registration, a decorator or mount the
    analysis cannot read); unknown is never a pass and never counted as protected.
    """

    AUTHENTICATED = "authenticated"
    PUBLIC = "public"
    UNKNOWN = "unknown"


@dataclass(frozen=True, kw_only=True)
class Hop:
    """One step of the evidence behind an inventory fact: ``path:line`` and what was seen
    there (``"include_router(admin.router) adds prefix /admin"``, ``"get_current_user depends
    on oauth2_scheme = OAuth2PasswordBearer(...)"``)."""

    path: str
    line: int
    note: str

    def __str__(self) -> str:
        return f"{self.note} ({self.path}:{self.line})"


@dataclass(frozen=True, kw_only=True)
class ObjectLookup:
    """A stored object loaded or changed by a caller-supplied identifier inside a handler.

    ``model`` is the model class, collection or table (``Invoice``, ``projects``), None when
    it could not be named; ``via`` the data-access library (``sqlalchemy``, ``django-orm``,
    ``prisma``, ``supabase``, ...); ``inputs`` the caller-supplied names used to select it;
    ``owner_filter`` describes what ties the object to the caller (a filter by the current
    user, a later owner comparison, an authorization call, row-level security), None when
    nothing was seen; ``bypasses_rls`` marks Supabase queries through a ``service_role``
    client, which row-level security does not restrict. ``chain`` holds the hops followed
    outside the handler: the helper that runs the query, or the constructor that scopes the
    repository to the caller.
    """

    line: int
    end_line: int
    model: str | None
    via: str
    operation: Operation
    inputs: tuple[str, ...]
    owner_filter: str | None = None
    bypasses_rls: bool = False
    chain: tuple[Hop, ...] = ()


@dataclass(frozen=True, kw_only=True)
class BodyWrite:
    """A request body passed whole (spread, ``**body.dict()``, ``.insert(body)``) into a create
    or update of ``model`` at ``line``; ``fields`` are the privileged fields the model or the
    body type is known to have (owner, role, is_admin, plan, price, ...)."""

    line: int
    model: str | None
    via: str
    operation: Operation
    fields: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Endpoint:
    """One HTTP endpoint of the scanned app, as found by the endpoint inventory.

    ``method`` is upper case (``ANY`` when the handler serves every method); ``route`` the
    full route with router, blueprint and mount prefixes resolved, in the framework's own
    parameter syntax (``/api/invoices/{invoice_id}``, ``/todos/:id``, ``/api/projects/[id]``);
    ``path``/``line`` locate the route declaration, ``handler`` names the handler and
    ``handler_path``/``end_line`` locate its body when it lives elsewhere (an Express
    controller); lookup and body-write lines are in ``body_path``. ``auth``,
    ``rate_limit`` and ``logging`` are short descriptions of the protection seen (for example
    ``"Depends(get_current_user)"``), None when none was seen. ``admin_only`` is set when a
    role guard restricts the endpoint to administrators; ``role_check`` names the guard that
    requires a role or permission beyond signing in (``"auth: 'manageUsers'"``), None when no
    guard does (function-level authorization, OWASP API5:2023). ``lookups`` and ``body_writes`` are
    what the ownership checks read.

    ``auth_status`` is the authorization model's decision (:class:`AuthStatus`) and
    ``auth_chain`` its evidence, one :class:`Hop` per step (for ``public``: the places read
    that hold no guard; for ``unknown``: the hop that could not be resolved). ``evidence``
    holds how the route was found (the registration and each prefix on the way), and
    ``unresolved`` says what part of the route could not be resolved (the route is then
    listed with what is known). ``kind`` is ``http`` for HTTP routes, ``rpc`` for callable
    functions reached over HTTP (Firebase ``onCall``, Parse ``Cloud.define``, server actions,
    tRPC and GraphQL operations) and ``event`` for entry points started by a platform event
    (database triggers, queues, schedules), which no caller on the internet reaches directly.
    ``library`` names the library view that serves the route when its handler is not in the
    repository (``rest_framework.routers.APIRootView``, ``django.contrib.admin``), else None.
    """

    method: str
    route: str
    path: str
    line: int
    framework: str
    handler: str = ""
    handler_path: str = ""
    end_line: int = 0
    auth: str | None = None
    admin_only: bool = False
    role_check: str | None = None
    rate_limit: str | None = None
    logging: str | None = None
    parameters: tuple[Parameter, ...] = ()
    lookups: tuple[ObjectLookup, ...] = ()
    body_writes: tuple[BodyWrite, ...] = ()
    auth_status: AuthStatus = AuthStatus.PUBLIC
    auth_chain: tuple[Hop, ...] = ()
    evidence: tuple[Hop, ...] = ()
    unresolved: str | None = None
    kind: str = "http"
    library: str | None = None

    def __post_init__(self) -> None:
        # A described guard means the caller is authenticated, whatever a builder left as status.
        if self.auth and self.auth_status is not AuthStatus.AUTHENTICATED:
            object.__setattr__(self, "auth_status", AuthStatus.AUTHENTICATED)

    @property
    def ref(self) -> EndpointRef:
        """The (method, route) reference a finding about this endpoint carries."""
        return EndpointRef(method=self.method, route=self.route)

    @property
    def key(self) -> tuple[str, str, str, int]:
        """The identity of the endpoint in the inventory: method, route, path, line (what the
        protections filled in later, such as ``rate_limit``, do not change)."""
        return (self.method, self.route, self.path, self.line)

    @property
    def body_path(self) -> str:
        """The file holding the handler body (``handler_path``, else ``path``)."""
        return self.handler_path or self.path

    @property
    def changes_state(self) -> bool:
        """True for methods that change state (POST, PUT, PATCH, DELETE, ANY)."""
        return self.method in {"POST", "PUT", "PATCH", "DELETE", "ANY"}


@dataclass(frozen=True, kw_only=True)
class SkippedFile:
    """A file of the tree that no check read, and why."""

    path: str
    reason: SkipReason
    detail: str | None = None


@dataclass(frozen=True, kw_only=True)
class CategoryScore:
    """A category's score: 0-100, or None when nothing applicable ran or a selected run
    in it did not complete (unknown, never 100)."""

    id: Category
    score: int | None
    findings: int
    rules_applicable: int
    unknown_reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class ScoreResult:
    """What :func:`readycheck.scoring.score` returns."""

    score: int
    verdict: Verdict
    provisional: bool
    provisional_reasons: tuple[str, ...]
    categories: tuple[CategoryScore, ...]
    gate_passed: bool
    gate_reasons: tuple[str, ...]
    # Fingerprints of the open findings that fail the gate: by severity (at or above fail-on)
    # or as findings of a blocker rule; baseline findings left out unless the policy counts them.
    gate_findings: tuple[str, ...] = ()
    incomplete_required: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Target:
    """The scanned tree: the path as given, and git facts when it is in a git repository."""

    path: str
    commit: str | None = None
    branch: str | None = None
    dirty: bool | None = None


@dataclass(frozen=True, kw_only=True)
class PastFinding:
    """A finding of an earlier report, as read back from its JSON (``findings[]``): enough to
    name it in a trend. ``path``/``line`` are None for repo-level findings."""

    rule_id: str
    severity: Severity
    message: str
    path: str | None
    line: int | None
    fingerprint: str


@dataclass(frozen=True, kw_only=True)
class CategoryChange:
    """One category's score before and after (0-100, None when it was unknown)."""

    id: Category
    before: int | None
    after: int | None


@dataclass(frozen=True, kw_only=True)
class Comparison:
    """This scan against an earlier JSON report (``scan --compare previous.json``).

    ``fixed`` are open findings of the earlier report whose fingerprint no open finding has
    now and whose check or tool ran to completion on their file; ``not_rechecked`` are the
    ones whose check or tool did not (they may still be there); ``new`` are open findings
    now whose fingerprint was not open then. ``source`` is the earlier report's file as given;
    ``previous_commit`` its scanned commit, when known.
    """

    source: str
    previous_score: int
    previous_verdict: Verdict
    previous_commit: str | None
    categories: tuple[CategoryChange, ...]
    fixed: tuple[PastFinding, ...]
    new: tuple[Finding, ...]
    not_rechecked: tuple[PastFinding, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ScanResult:
    """Everything one scan produced; the single input of every reporter."""

    tool_name: str
    tool_version: str
    target: Target
    score: ScoreResult
    runs: tuple[Run, ...]
    findings: tuple[Finding, ...]
    endpoints: tuple[Endpoint, ...]
    rules: tuple[RuleMeta, ...]
    files_scanned: int
    skipped_files: tuple[SkippedFile, ...]
    policy_sources: tuple[str, ...] = ()
    policy_problems: tuple[str, ...] = ()
    fail_on: Severity | None = Severity.HIGH
    seconds: float = 0.0
    comparison: Comparison | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # When the scan started: ISO 8601 UTC to the second ("2026-12-07T15:41:37Z"), or None.
    started_at: str | None = None

    def rule(self, rule_id: str) -> RuleMeta | None:
        """The metadata of ``rule_id``, or None when the rule is not registered."""
        for meta in self.rules:
            if meta.id == rule_id:
                return meta
        return None
