"""RC101 hardcoded-secret: credentials committed in the working tree.

Detection is detect-secrets (https://github.com/Yelp/detect-secrets, 1.5.x) used as a
library with its default plugins and filters, plus a dotenv layer (python-dotenv's parser)
for unquoted ``KEY=value`` secrets that detect-secrets' keyword plugin does not see. On top,
readycheck removes noise: placeholders, public-by-design keys (a Supabase ``anon`` JWT) and
high-entropy strings that are not assigned to a secret-like name (commit ids, migration
revisions, hashes).
"""

from __future__ import annotations

import functools
import io
import logging
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, cast

from readycheck.analysis.browser import public_prefix
from readycheck.analysis.envfiles import env_bindings
from readycheck.analysis.secret_formats import format_hits, is_public_by_design
from readycheck.analysis.secrets_baseline import BASELINE_NAME, SecretsBaseline, load_secrets_baseline
from readycheck.analysis.tokens import jwt_role
from readycheck.checks.base import Check, CheckContext, normalise_line
from readycheck.model import Category, Confidence, Finding, Severity
from readycheck.redact import redact, redact_in
from readycheck.repository import SourceFile, is_test_path

if TYPE_CHECKING:
    from detect_secrets.core.potential_secret import PotentialSecret
    from detect_secrets.types import NamedIO

# detect-secrets keeps its settings in a process-wide singleton; one scan at a time.
_DETECT_SECRETS_LOCK = threading.Lock()

# Plugins whose matches are specific token formats: high confidence. ("Basic Auth Credentials",
# a password in a URL, is medium: documentation and local set-ups are full of them.)
_HIGH_CONFIDENCE_TYPES = frozenset(
    {
        "AWS Access Key",
        "Azure Storage Account access key",
        "Artifactory Credentials",
        "Cloudant Credentials",
        "Discord Bot Token",
        "GitHub Token",
        "GitLab Token",
        "IBM Cloud IAM Key",
        "IBM COS HMAC Credentials",
        "JSON Web Token",
        "Mailchimp Access Key",
        "NPM tokens",
        "OpenAI Token",
        "Private Key",
        "PyPI Token",
        "SendGrid API Key",
        "Slack Token",
        "SoftLayer Credentials",
        "Square OAuth Secret",
        "Stripe Access Key",
        "Telegram Bot Token",
        "Twilio API Key",
    }
)
_ENTROPY_TYPES = frozenset({"Base64 High Entropy String", "Hex High Entropy String"})

# Identifier words that name a secret. A high-entropy string counts only when the text
# before it on its line names one of these (the approach of gitleaks' generic-api-key rule).
_SECRET_WORDS = frozenset(
    {
        "secret",
        "secrets",
        "password",
        "passwd",
        "pwd",
        "pass",
        "passphrase",
        "token",
        "tokens",
        "key",
        "keys",
        "apikey",
        "credential",
        "credentials",
        "creds",
        "auth",
        "private",
        "signature",
        "signing",
        "salt",
        "session",
        "cookie",
        "bearer",
        "jwt",
        "hmac",
        "webhook",
        "dsn",
    }
)
# Names whose value is not secret even though they contain a secret word.
_NON_SECRET_LAST_WORDS = frozenset(
    {
        "id",
        "ids",
        "url",
        "uri",
        "path",
        "file",
        "dir",
        "name",
        "host",
        "port",
        "region",
        "version",
        "ttl",
        "expiry",
        "expires",
        "length",
        "len",
        "algorithm",
        "alg",
        "type",
        "header",
        "field",
        "prefix",
        "env",
        "enabled",
        "timeout",
        "user",
        "username",
        # settings about a cookie or session, not its secret (JWT_AUTH_COOKIE = "jwt",
        # SESSION_COOKIE_SAMESITE = "Lax")
        "cookie",
        "samesite",
        "secure",
        "httponly",
        "domain",
        "age",
        "lifetime",
        "mode",
        "backend",
        "engine",
        "serializer",
        "format",
        "location",
    }
)
_NON_SECRET_WORDS = frozenset({"public", "publishable", "anon"})

_PLACEHOLDER_MARKERS = (
    "your",
    "example",
    "changeme",
    "change-me",
    "change_me",
    "changethis",
    "change-this",
    "change_this",
    "placeholder",
    "replace",
    "dummy",
    "redacted",
    "insert",
    "todo",
    "fixme",
    "xxxx",
    "1234567890",
    "abcdefghij",
    "****",
    "....",
    "<",
    ">",
    "${",
    "{{",
    "%(",
    "process.env",
    "os.environ",
    "getenv",
)
# Whole values that are stock examples, not credentials (``postgres://user:password@...``).
_PLACEHOLDER_VALUES = frozenset(
    {
        "password",
        "passwd",
        "secret",
        "pass",
        "admin",
        "root",
        "postgres",
        "user",
        "username",
        "test",
        "testing",
        "example",
        "default",
        "none",
        "null",
        "string",
        "token",
        "apikey",
        "api_key",
        "api-key",
        "mypassword",
        "yourpassword",
        "mysecret",
        "yoursecret",
    }
)
_WORD_SPLIT = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")


def identifier_words(text: str) -> list[str]:
    """Lower-case words of identifiers in ``text``: ``STRIPE_SECRET_KEY`` and
    ``stripeSecretKey`` both give ``["stripe", "secret", "key"]``."""
    return [w.lower() for w in _WORD_SPLIT.split(text) if w]


# The Supabase CLI's reference to an environment variable in supabase/config.toml:
# ``secret = "env(SUPABASE_AUTH_EXTERNAL_GITHUB_SECRET)"`` (https://supabase.com/docs/guides/local-development/cli/config).
_ENV_REFERENCE = re.compile(r"env\([a-z_][a-z0-9_]*\)")


def is_placeholder(value: str) -> bool:
    """True when ``value`` is a template placeholder rather than a credential:
    ``your-api-key-here``, ``xxxx``, ``changeme``, ``<token>``, ``${VAR}``, Supabase's
    ``env(VAR)``, one repeated character, and the like."""
    lowered = value.strip().strip("'\"").lower()
    if _ENV_REFERENCE.fullmatch(lowered):
        return True
    if lowered in _PLACEHOLDER_VALUES or len(set(lowered)) <= 2:
        return True
    if len(lowered) < 6:
        return True
    return any(marker in lowered for marker in _PLACEHOLDER_MARKERS)


def names_secret(prefix: str) -> bool:
    """True when the identifier before a value (``prefix``) names a secret, e.g.
    ``API_KEY =`` or ``"clientSecret":``, but not ``KEY_ID`` or ``PUBLISHABLE_KEY``."""
    words = identifier_words(prefix)
    if not words:
        return False
    # the assigned name is the last identifier before the value
    last_name = _last_identifier(prefix)
    name_words = identifier_words(last_name) if last_name else words[-3:]
    if not name_words or name_words[-1] in _NON_SECRET_LAST_WORDS:
        return False
    if _NON_SECRET_WORDS & set(name_words):
        return False
    return bool(_SECRET_WORDS & set(name_words))


_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$.-]*")


def _last_identifier(prefix: str) -> str | None:
    names = _IDENTIFIER.findall(prefix)
    return names[-1] if names else None


@dataclass(frozen=True, kw_only=True)
class SecretHit:
    """One candidate secret: where, what kind, how sure, and the value (kept in memory only,
    never written anywhere)."""

    line: int
    kind: str
    confidence: Confidence
    value: str
    reported: str = ""  # the value as detect-secrets reported it (may be a part of ``value``)


class HardcodedSecret(Check):
    """
    ## What it does

    Finds credentials written into the files of the repository: API keys (Stripe, AWS,
    OpenAI, GitHub, Slack and others), passwords in connection strings, private keys,
    signed tokens such as a Supabase `service_role` key, and secret-named values in
    `.env` files and source code.

    Placeholders (`your-api-key-here`, `changeme`, `xxxx`), public-by-design keys (the
    Supabase `anon` key) and random-looking strings that are not assigned to a
    secret-like name (commit ids, migration revisions) are not reported. A secret-named
    literal in a test, fixture or example file is reported at low severity and confidence
    unless it has a recognised key format.

    ## Why is this bad?

    Anyone who can read the repository (a contractor, a leaked laptop, a public fork, the
    browser bundle) can use the key: spend your OpenAI credit, charge cards through your
    Stripe account, or read and delete every row of your database. Deleting the line later
    does not help: the key stays in git history and must be revoked.

    ## Example

    ```python
    STRIPE_SECRET_KEY = "sk_live_..."  # the real key, committed
    engine = create_engine("postgresql://admin:hunter2@db.example.com/app")
    ```

    ## Use instead

    Read secrets from the environment (or a secret manager) and keep real values out of
    git; commit only a `.env.example` with placeholders. Then rotate the exposed key at the
    provider.

    ```python
    import os

    STRIPE_SECRET_KEY = os.environ["STRIPE_SECRET_KEY"]
    engine = create_engine(os.environ["DATABASE_URL"])
    ```

    ## References

    - [OWASP A07:2021 Identification and Authentication Failures](https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/)
    - [OWASP A02:2021 Cryptographic Failures](https://owasp.org/Top10/A02_2021-Cryptographic_Failures/)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    - [detect-secrets](https://github.com/Yelp/detect-secrets)
    """

    id = "RC101"
    name = "hardcoded-secret"
    category = Category.SECRETS
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    summary = "A credential (API key, password, private key, token) is committed to the repository."
    owasp = ("A07:2021", "A02:2021")
    cwe = ("CWE-798",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """Scan every readable non-lockfile text file; yields one finding per distinct
        secret per line."""
        files = list(ctx.repo.code_files())
        hits_by_file, problems = tree_secrets(ctx)
        for path, reason in problems:
            ctx.skip_file(path, reason)
        # A literal fallback of a secret-named environment read is RC104's finding, with its
        # own advice (require the variable); reporting it here too would say it twice.
        fallbacks = {
            (read.path, read.line): read.default
            for read in ctx.models.env_reads
            if read.default and names_secret(read.name)
        }
        baseline = audited_baseline(ctx)
        by_value: dict[str, list[Finding]] = {}
        for source in files:
            for hit in hits_by_file.get(source.path, ()):
                fallback = fallbacks.get((source.path, hit.line))
                if fallback and (hit.value in fallback or fallback in hit.value):
                    continue
                finding = self._finding(ctx, source, hit)
                if baseline is not None and baseline.is_false_positive(source.path, hit.value, hit.reported):
                    finding = replace(finding, suppressed=True, suppression_reason=AUDITED)
                by_value.setdefault(hit.value, []).append(finding)
        for group in by_value.values():
            yield group_places(group)

    def _finding(self, ctx: CheckContext, source: SourceFile, hit: SecretHit) -> Finding:
        # A secret-named literal in a test or example file is usually a fixture value (low);
        # a recognised key format there is at most medium: it may be a real key, but in test
        # data (a saved web page, a recorded response) it is rarely this app's own.
        example = is_example_path(source.path) and not ctx.policy.strict
        lowered = hit.confidence != Confidence.HIGH and example
        demoted = example and not lowered and ctx.meta.severity.rank > Severity.MEDIUM.rank
        shown = "a PEM private key block" if hit.kind == "Private Key" else redact(hit.value)
        line_text = source.line(hit.line)
        redacted_line = redact_in(line_text, [hit.value])
        public = None if is_test_path(source.path) else browser_exposure(ctx, source, line_text, hit.value)
        message = f"{hit.kind} committed to the repository ({shown})"
        if public:
            message += f", and {public}: every visitor can read it in the browser"
        elif demoted:
            message += (
                f" in test or example data (shown as medium, not {ctx.meta.severity.value}: rotate it if it is real)"
            )
        severity = Severity.CRITICAL if public else Severity.LOW if lowered else Severity.MEDIUM if demoted else None
        return ctx.finding(
            path=source.path,
            line=hit.line,
            message=message,
            confidence=Confidence.LOW if lowered else hit.confidence,
            severity=severity,
            key=f"{hit.kind}\0{normalise_line(redacted_line)}",
            snippet=redacted_line.strip(),
            context="in test or example data" if (lowered or demoted) and not public else None,
        )


def tree_secrets(ctx: CheckContext) -> tuple[dict[str, list[SecretHit]], list[tuple[str, str]]]:
    """The secret hits of every readable non-lockfile file (:func:`scan_files`), scanned once per
    scan and shared by RC101 and RC105; and the (path, reason) of files that could not be scanned."""

    def build() -> tuple[dict[str, list[SecretHit]], list[tuple[str, str]]]:
        problems: list[tuple[str, str]] = []
        hits = scan_files(list(ctx.repo.code_files()), on_error=lambda path, why: problems.append((path, why)))
        return hits, problems

    return ctx.models.shared("secret-hits", build)


AUDITED = "audited as not a secret (is_secret: false) in .secrets.baseline"


def audited_baseline(ctx: CheckContext) -> SecretsBaseline | None:
    """The repository's detect-secrets baseline, recording a problem with it as not checked."""
    baseline = load_secrets_baseline(ctx.repo)
    if baseline is not None and baseline.problem:
        ctx.skip_file(BASELINE_NAME, baseline.problem)
    return baseline


_DOC_SUFFIXES = (".md", ".mdx", ".rst", ".adoc", ".txt")
_SAMPLE_WORDS = frozenset({"example", "examples", "sample", "template", "tmpl", "dist", "test", "testing", "ci"})
_CI_FILES = (".github/workflows/", ".gitlab-ci.yml", ".circleci/", "bitbucket-pipelines.yml", "azure-pipelines.yml")


def is_example_path(path: str) -> bool:
    """Where a secret-named value is usually a sample or a dummy, so only a recognised key format
    keeps its severity: tests, fixtures and examples (:func:`readycheck.repository.is_test_path`),
    documentation (``.md``, ``.mdx``, ``.rst``, ``.adoc``, ``.txt``), templates and test
    settings named so (``.env.example``, ``terraform.tfvars.example``, ``config.sample.yml``,
    ``.env.test``), and CI pipelines (``.github/workflows/``, ``.gitlab-ci.yml``), whose
    literal values are throw-away test settings (real ones come from the CI's secrets)."""
    lowered = path.lower()
    if is_test_path(path) or lowered.endswith(_DOC_SUFFIXES) or lowered.startswith(_CI_FILES):
        return True
    name = lowered.rsplit("/", 1)[-1]
    return bool(_SAMPLE_WORDS & set(name.replace("-", ".").replace("_", ".").split(".")[1:]))


def group_places(findings: list[Finding]) -> Finding:
    """One finding for the same secret found in several places: the worst place (severity,
    then confidence, then path and line) keeps the finding and names the others in its message
    and ``also_at``."""
    ordered = sorted(findings, key=Finding.sort_key)
    first, rest = ordered[0], ordered[1:]
    if not rest:
        return first
    shown = ", ".join(f"{f.location.path}:{f.location.line}" for f in rest[:3])
    more = f" and {len(rest) - 3} more" if len(rest) > 3 else ""
    places = f"{len(rest)} other place{'s' if len(rest) > 1 else ''}"
    return replace(
        first,
        message=f"{first.message} (the same value is in {places}: {shown}{more})",
        also_at=tuple(f.location for f in rest),
    )


def browser_exposure(ctx: CheckContext, source: SourceFile, line: str, value: str) -> str | None:
    """Why a secret at ``value`` on ``line`` of ``source`` reaches the browser, or None: the file
    ships to the browser (:mod:`readycheck.analysis.browser`), lies under ``public/`` (served
    as is), or the value is assigned to a name with a bundler's public prefix (``NEXT_PUBLIC_``,
    ``VITE_``, ``REACT_APP_``, ``EXPO_PUBLIC_``, ...)."""
    why = ctx.models.browser.get(source.path)
    if why:
        return f"this file is {why}"
    if source.path.split("/")[0] in {"public", "static"} and source.language != "dotenv":
        return f"{source.path.split('/')[0]}/ is served to every visitor as is"
    position = line.find(value)
    name = _last_identifier(line[:position]) if position > 0 else None
    prefix = public_prefix(name.rsplit(".", 1)[-1]) if name else None
    if prefix:
        return f"the {prefix} prefix makes the bundler copy it into the browser bundle"
    return None


def scan_files(
    files: list[SourceFile], on_error: Callable[[str, str], None] | None = None
) -> dict[str, list[SecretHit]]:
    """Find secrets in ``files``.

    Args:
        files: readable text files.
        on_error: callable ``(path, reason)`` told about a file that could not be scanned.

    Returns:
        Hits by repo-relative path, sorted by line; noise already removed.
    """
    from detect_secrets.settings import default_settings
    from detect_secrets.transformers import get_transformed_file

    # detect-secrets logs skipped secret values at INFO; never let them reach a handler.
    logging.getLogger("detect-secrets").setLevel(logging.CRITICAL)
    result: dict[str, list[SecretHit]] = {}
    with _DETECT_SECRETS_LOCK, default_settings() as settings:
        settings.disable_plugins("IPPublicDetector")  # public IP addresses are not secrets
        for source in files:
            try:
                noisy = is_noise_file(source)
                lines = None
                if not noisy and not _has_yaml_aliases(source):
                    handle = io.StringIO(source.text)
                    handle.name = str(source.abspath)  # transformers choose by file name only
                    lines = get_transformed_file(cast("NamedIO", handle))
                lines = lines or source.text.splitlines(keepends=True)
                raw = [
                    (secret.line_number, secret.type, secret.secret_value or "")
                    for secret in _scan_candidate_lines(lines, str(source.abspath), formats_only=noisy)
                ]
            except Exception as exc:  # noqa: BLE001 - one bad file must not stop the scan
                if on_error is not None:
                    on_error(source.path, f"secret scan failed ({exc.__class__.__name__})")
                continue
            hits = _merge(list(_format_hits(source)), list(_filter_hits(source, raw)))
            if noisy:  # translation catalogue or minified bundle: recognised key formats only
                hits = [hit for hit in hits if hit.confidence == Confidence.HIGH]
            if source.language == "dotenv":
                hits = _merge(hits, list(_dotenv_hits(source)))
            hits = [h for h in hits if not _allowlisted(source, h.line)]
            if hits:
                result[source.path] = sorted(hits, key=lambda h: (h.line, h.kind, h.value))
    return result


# Everything a detect-secrets 1.5 plugin can report that readycheck keeps has one of these on its
# line: a word of a secret name (the keyword plugin's denylist, and names_secret's words, which
# high-entropy strings need), or the marker of a token format (each plugin's regex in
# detect_secrets/plugins/*.py). A line without any is not handed to detect-secrets, which costs
# about 0.7 ms per line; tests/test_secret_prefilter.py checks that nothing kept is lost.
# Literal alternations first: one alternation that mixes in the patterns is three times slower.
_CANDIDATE_WORDS = (
    "secret", "pass", "pwd", "pw", "token", "key", "auth", "cred", "private", "bearer", "jwt", "session",
    "salt", "signat", "signing", "dsn", "cookie", "webhook", "hmac", "contrase", "cloudant", "softlayer",
)  # fmt: skip
_CANDIDATE_MARKERS = (
    "AKIA", "ASIA", "gho_", "ghp_", "ghu_", "ghs_", "ghr_", "github_pat", "GR1348941", "xox", "hooks.slack",
    "k_live_", "k_test_", "sk-", "gsk_", "hf_", "whsec_", "sb_secret", "eyJ", "SG.", "pypi-", "T3BlbkFJ",
    "sq0", "AIza",
)  # fmt: skip
_CANDIDATE_WORDS_RE = re.compile("|".join(map(re.escape, _CANDIDATE_WORDS)))
_CANDIDATE_MARKERS_RE = re.compile("|".join(map(re.escape, _CANDIDATE_MARKERS)))
# Token formats whose marker is too common on its own (Artifactory, Twilio, GitLab, URLs with a
# password, Telegram and Discord bot tokens): the regex runs only when a marker is on the line.
# Measured on mealie's 210k lines: the Artifactory regex is cheaper behind its two markers, the
# others are cheaper run directly than behind a marker test.
_ARTIFACTORY = re.compile(r"(?:^|[\s=:\"'])(?:AKC|AP[\dA-F])")
_CANDIDATE_PATTERNS = (
    re.compile(r"[0-9a-z]{32}-us[0-9]"),  # Mailchimp ("-us" alone is on 1,494 of mealie's lines)
    re.compile(r"re_[A-Za-z0-9_]{8}"),  # Resend ("re_" alone: "before_", "secure_")
    re.compile(r"(?:AC|SK)[a-z0-9]{32}"),
    re.compile(r"gl[a-z]{2,7}-"),
    re.compile(r"://[^\s/:@]+:[^\s/@]+@"),
    re.compile(r"[0-9]{8,10}:[\w-]{35}"),
    re.compile(r"[MNO][\w-]{23,25}\.[\w-]{6}\."),
)
_QUOTES = ("'", '"', "`")
# A line with a secret-name word reaches a detect-secrets plugin only through one of:
# - the keyword plugin: one of its DENYLIST words (plugins/keyword.py), with a quote on the
#   line in a file type whose patterns require quoted values;
# - a high-entropy plugin: a quoted run of its charset long enough to pass its entropy limit
#   (hex 3.0 needs 9 distinct characters, base64 4.5 needs 23; plugins/high_entropy_strings.py);
# - a name-anchored token regex with an unquoted value (IBM Cloud IAM 44 characters, IBM COS
#   HMAC 40, Azure AccountKey 88, npm _authToken 36, Cloudant and SoftLayer 64): a run of 20.
_QUOTED_RUN = re.compile(r"""['"][A-Za-z0-9+/\\_=-]{9,}['"]""")
_LONG_RUN = re.compile(r"[A-Za-z0-9+/\\_=-]{20}")


@functools.cache
def _keyword_words() -> re.Pattern[str]:
    """detect-secrets' keyword DENYLIST as one pattern, compiled on first use (not at import:
    every command loads the registry)."""
    from detect_secrets.plugins.keyword import DENYLIST

    return re.compile("|".join(DENYLIST))


def is_candidate_line(line: str, *, quotes_required: bool = False) -> bool:
    """Whether ``line`` can hold a secret any detect-secrets plugin reports and readycheck
    keeps (see :data:`_CANDIDATE_WORDS` and the ways in above :data:`_QUOTED_RUN`).
    ``quotes_required``: the file is of a type whose keyword patterns need a quoted value
    (:func:`quotes_required`). Lines that fail are never handed to detect-secrets."""
    lower = line.lower()
    if _CANDIDATE_WORDS_RE.search(lower) is not None:
        if _keyword_words().search(lower) is not None and (
            not quotes_required or any(quote in line for quote in _QUOTES)
        ):
            return True
        if _QUOTED_RUN.search(line) is not None or _LONG_RUN.search(line) is not None:
            return True
    return _has_format_marker(line)


def quotes_required(filename: str) -> bool:
    """True when detect-secrets' keyword plugin reads ``filename`` with its quotes-required
    patterns: every file type but Go, C-family, PHP and configuration formats (YAML, INI,
    TOML, properties), per ``REGEX_BY_FILETYPE`` in detect-secrets 1.5 ``plugins/keyword.py``
    (asked of the library itself, so a later version's table is followed)."""
    from detect_secrets.plugins.keyword import QUOTES_REQUIRED_DENYLIST_REGEX_TO_GROUP, REGEX_BY_FILETYPE
    from detect_secrets.util.filetype import determine_file_type

    table = REGEX_BY_FILETYPE.get(determine_file_type(filename), QUOTES_REQUIRED_DENYLIST_REGEX_TO_GROUP)
    return table is QUOTES_REQUIRED_DENYLIST_REGEX_TO_GROUP


def _has_format_marker(line: str) -> bool:
    if _CANDIDATE_MARKERS_RE.search(line) or "PRIVATE KEY" in line:
        return True
    if ("AKC" in line or "AP" in line) and _ARTIFACTORY.search(line):
        return True
    return any(pattern.search(line) is not None for pattern in _CANDIDATE_PATTERNS)


def _scan_candidate_lines(lines: list[str], filename: str, *, formats_only: bool = False) -> Iterator[PotentialSecret]:
    """detect-secrets' ``_process_line_based_plugins`` (1.5.x, core/scan.py) on the candidate
    lines only: same plugins, filters and code-snippet context (built from all ``lines``).
    ``formats_only`` hands over only lines with a token-format marker (no secret-name words)."""
    from detect_secrets.core.scan import _is_filtered_out, _scan_line
    from detect_secrets.settings import get_plugins
    from detect_secrets.util.code_snippet import get_code_snippet

    plugins = list(get_plugins())
    quoted = quotes_required(filename)
    for number, text in enumerate(lines, start=1):
        if len(text) > _MINIFIED_LINE:
            continue  # generated content: recognised key formats are found by _format_hits
        if not (_has_format_marker(text) if formats_only else is_candidate_line(text, quotes_required=quoted)):
            continue
        line = text.rstrip()
        snippet = get_code_snippet(lines=lines, line_number=number)
        if _is_filtered_out(required_filter_parameters=["line"], filename=filename, line=line, context=snippet):
            continue
        for plugin in plugins:
            for secret in _scan_line(plugin=plugin, filename=filename, line=line, line_number=number, context=snippet):
                if not _is_filtered_out(
                    required_filter_parameters=["context"],
                    filename=secret.filename,
                    secret=secret.secret_value,
                    plugin=plugin,
                    line=line,
                    context=snippet,
                ):
                    yield secret


# Folders of translation catalogues (i18next, react-intl, vue-i18n, Django/gettext, Rails).
_CATALOGUE_DIRS = frozenset({"i18n", "l10n", "locale", "locales", "lang", "langs", "translations", "messages"})
_CATALOGUE_SUFFIXES = (".json", ".yml", ".yaml", ".po", ".pot", ".properties", ".xlf", ".xliff", ".arb", ".strings")
# A line this long is generated (minified bundle, inlined data), not typed.
_MINIFIED_LINE = 2000


def is_noise_file(source: SourceFile) -> bool:
    """True for files where secret-name words and random-looking strings are content, not
    credentials: translation catalogues (a catalogue folder such as ``locales/`` or ``i18n/``
    with a catalogue suffix, or a ``.po``/``.xlf`` file) and minified or generated files (a line
    longer than 2,000 characters). They are scanned for recognised key formats only."""
    parts = source.path.lower().split("/")
    name = parts[-1]
    if name.endswith((".po", ".pot", ".xlf", ".xliff", ".arb")):
        return True
    if _CATALOGUE_DIRS & set(parts[:-1]) and name.endswith(_CATALOGUE_SUFFIXES):
        return True
    return any(len(line) > _MINIFIED_LINE for line in source.lines)


def _has_yaml_aliases(source: SourceFile) -> bool:
    """A YAML file with anchors and aliases is not handed to detect-secrets' YAML transformer,
    which expands every alias (a "billion laughs" file of 9 lines takes minutes); its raw lines
    are scanned instead."""
    return source.language == "yaml" and "&" in source.text and "*" in source.text


_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+/=.")


def full_token(line: str, value: str) -> str:
    """``value`` extended to the end of the token it starts on ``line``.

    detect-secrets 1.5 reports some matches partially: only the ``ghp`` prefix of a GitHub
    token (its regex's capture group), the first 24 characters of a Stripe key, a JWT without
    its signature. The whole token is needed to redact it completely and to judge it.
    """
    start = line.find(value)
    if start < 0 or " " in value:
        return value
    end = start + len(value)
    while end < len(line) and line[end] in _TOKEN_CHARS:
        end += 1
    return line[start:end]


def _allowlisted(source: SourceFile, line: int) -> bool:
    """detect-secrets' inline allowlist: ``pragma: allowlist secret`` on the line, or
    ``pragma: allowlist nextline secret`` on the line before (detect-secrets README, "Inline
    Allowlisting"). Applied to every hit, including readycheck's own formats and dotenv layer."""
    from detect_secrets.filters.allowlist import is_line_allowlisted
    from detect_secrets.util.code_snippet import get_code_snippet

    snippet = get_code_snippet(lines=source.lines, line_number=line)
    return bool(is_line_allowlisted(source.path, source.line(line), snippet))


def _format_hits(source: SourceFile) -> Iterator[SecretHit]:
    """Tokens of :data:`readycheck.analysis.secret_formats.SECRET_FORMATS`, without
    placeholders and public-by-design keys."""
    for number, line in enumerate(source.lines, start=1):
        for kind, value in format_hits(line):
            if not is_placeholder(value) and not is_public_by_design(value, source.text, line):
                yield SecretHit(line=number, kind=kind, confidence=Confidence.HIGH, value=value)


def _filter_hits(source: SourceFile, raw: list[tuple[int, str, str]]) -> Iterator[SecretHit]:
    """Drop detect-secrets noise and merge several plugins' hits on one value."""
    best: dict[tuple[int, str], SecretHit] = {}
    for line_number, kind, reported in raw:
        line_text = source.line(line_number)
        value = full_token(line_text, reported) if kind in _HIGH_CONFIDENCE_TYPES else reported
        if not value or is_placeholder(value) or is_public_by_design(value, source.text, line_text):
            continue
        if kind == "Private Key" and not _has_key_body(source, line_number):
            continue  # "-----BEGIN PRIVATE KEY-----\n..." in documentation
        if kind == "JSON Web Token" and jwt_role(value) in {"anon", "authenticated"}:
            continue  # Supabase anon key: public by design
        if kind not in _HIGH_CONFIDENCE_TYPES and " " in value.strip():
            continue  # a phrase (a UI message such as "Enter your password"), not a credential
        if kind in _ENTROPY_TYPES:
            position = line_text.find(value)
            if position < 0 or not names_secret(line_text[:position]):
                continue
            confidence = Confidence.LOW
        elif kind in _HIGH_CONFIDENCE_TYPES:
            confidence = Confidence.HIGH
        else:
            confidence = Confidence.MEDIUM
        hit = SecretHit(line=line_number, kind=kind, confidence=confidence, value=value, reported=reported)
        key = (line_number, value)
        if key not in best or best[key].confidence.rank < confidence.rank:
            best[key] = hit
    yield from best.values()


_BASE64 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def _has_key_body(source: SourceFile, line: int) -> bool:
    """Whether the PEM block starting on ``line`` has key material: at least 64 characters in
    base64 lines (on the following lines, or after ``\\n`` escapes on the same line) before its
    END line, not ``...`` or ``<your key>``."""
    first = source.line(line)
    begin = first.find("-----BEGIN")
    key_word = first.find("KEY", begin) if begin >= 0 else -1
    header = first.find("-----", key_word + 3) if key_word >= 0 else -1
    segments = first[header + 5 :].split("\\n") if header >= 0 else []
    segments += source.lines[line : line + 60]
    material = 0
    for segment in segments:
        if "-----END" in segment:
            break
        bare = segment.strip().strip("'\"`,;+").strip()
        if not bare:
            continue
        if len(bare) < 16 or not set(bare.rstrip("=")) <= _BASE64:
            break
        material += len(bare)
    return material >= 64


def _dotenv_hits(source: SourceFile) -> Iterator[SecretHit]:
    """Unquoted ``NAME=value`` secrets in a dotenv file, found with python-dotenv's parser."""
    for binding in env_bindings(source):
        if not binding.value:
            continue
        value = binding.value.strip()
        if is_placeholder(value) or value.lower() in {"true", "false", "none", "null"}:
            continue
        if value.isdigit() or not names_secret(binding.key):
            continue
        if is_public_by_design(value, source.text, source.line(binding.line)):
            continue
        if "://" in value and "@" not in value:
            continue  # a URL without credentials
        if value.count(".") == 2 and jwt_role(value) in {"anon", "authenticated"}:
            continue
        yield SecretHit(line=binding.line, kind="Secret-named value", confidence=Confidence.MEDIUM, value=value)


def _merge(primary: list[SecretHit], extra: list[SecretHit]) -> list[SecretHit]:
    """Add ``extra`` hits whose line has no hit overlapping their value already."""
    merged = list(primary)
    for hit in extra:
        if not any(p.line == hit.line and (p.value in hit.value or hit.value in p.value) for p in primary):
            merged.append(hit)
    return merged
