"""RC208 open-firebase-rules: Firebase security rules that let anyone, or any signed-in user,
read or write data that belongs to someone."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.analysis.firebase import (
    Allow,
    RulesFile,
    RulesSyntaxError,
    Token,
    parse_database_rules,
    parse_rules,
)
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.model import Category, Confidence, Finding, Severity
from readycheck.repository import SourceFile, is_test_path

WRITE_METHODS = frozenset({"write", "create", "update", "delete"})
# A caller identity tied to the data: the uid, or a custom claim / token field.
IDENTITY_NAMES = ("request.auth.uid", "request.auth.token", "auth.uid", "auth.token")


def _is_rules_file(source: SourceFile) -> str | None:
    name = source.path.rsplit("/", 1)[-1]
    if name == "database.rules.json" or (name.endswith(".rules.json") and "database" in name):
        return "database"
    if name.endswith(".rules") or name in {"firestore.rules", "storage.rules"}:
        return "rules"
    return None


def _expand(condition: tuple[Token, ...], functions: dict[str, tuple[Token, ...]], depth: int = 0) -> list[Token]:
    """The condition with the bodies of the rule functions it calls appended (three levels)."""
    tokens = list(condition)
    if depth >= 3:
        return tokens
    for index, token in enumerate(condition):
        nxt = condition[index + 1] if index + 1 < len(condition) else None
        if token.kind == "name" and nxt is not None and nxt.text == "(" and token.text in functions:
            tokens.extend(_expand(functions[token.text], functions, depth + 1))
    return tokens


def _ties_identity(tokens: list[Token]) -> bool:
    """True when the caller's uid or a token claim is used other than in a null check."""
    for index, token in enumerate(tokens):
        if not token.text.startswith(IDENTITY_NAMES):
            continue
        before = tokens[index - 1].text if index else ""
        after = tokens[index + 1].text if index + 1 < len(tokens) else ""
        after2 = tokens[index + 2].text if index + 2 < len(tokens) else ""
        before2 = tokens[index - 2].text if index >= 2 else ""
        if (after in {"!=", "=="} and after2 == "null") or (before in {"!=", "=="} and before2 == "null"):
            continue
        return True
    return False


def classify(allow: Allow, rules: RulesFile) -> str | None:
    """``open`` (anyone), ``test-mode`` (anyone until a date), ``signed-in`` (any signed-in
    user, nothing ties the data to them) or None (the rule checks who the caller is)."""
    if allow.condition is None:
        return "open"
    texts = [t.text for t in allow.condition if t.text not in {"(", ")"}]
    if texts == ["true"]:
        return "open"
    if texts == ["false"]:
        return None
    expanded = _expand(allow.condition, rules.functions)
    names = [t.text for t in expanded]
    mentions_auth = any(n.startswith(("request.auth", "auth")) for n in names)
    if not mentions_auth:
        if any(n == "request.time" for n in names):
            return "test-mode"
        return None  # a data-only condition (public catalogue flags, validation); not judged
    if _ties_identity(expanded):
        return None
    return "signed-in"


def _declared_public(ctx: CheckContext, paths: tuple[str, ...], methods: tuple[str, ...]) -> bool:
    """A read-only rule on a collection the policy lists under ``public.tables``."""
    if set(methods) & WRITE_METHODS or not paths:
        return False
    segments = [s for s in paths[-1].split("/") if s and not s.startswith(("{", "$"))]
    return bool(segments) and ctx.policy.is_public_table(segments[-1])


class OpenFirebaseRules(Check):
    """
    ## What it does

    Reads Firebase security rules (`firestore.rules`, `storage.rules`, other `*.rules` files
    and `database.rules.json`) and finds rules that let callers at data they do not own:

    - `allow read, write: if true;` or an `allow` with no condition (anyone, even without an
      account);
    - the console's "test mode" rule `if request.time < timestamp.date(...)` (anyone until a
      date, then the app breaks);
    - `if request.auth != null` (or `request.auth.uid != null`) with nothing tying the
      document to the caller: any signed-in user, and anyone can sign up, reads or changes
      everyone's documents;
    - Realtime Database `".read": true` / `".write": "auth != null"` with the same meaning.

    Rules that compare `request.auth.uid` with the document path or its owner field, or use
    token claims (roles), are not reported. Rule functions are followed. A read-only rule on
    a collection listed under `public.tables` in the policy (a public catalogue) is not
    reported; other open reads are reported with medium confidence.

    ## Why is this bad?

    With Firebase the browser talks to the database directly, so the rules are the only
    access control. An open rule lets anyone with the web config (which ships in the page)
    dump or wipe the database; an auth-only rule lets any user who signs up do the same.

    ## Example

    ```
    match /users/{userId} {
      allow read, write: if request.auth != null;
    }
    ```

    ## Use instead

    ```
    match /users/{userId} {
      allow read, write: if request.auth != null && request.auth.uid == userId;
    }
    ```

    ## References

    - [Firebase: Avoid insecure rules](https://firebase.google.com/docs/rules/insecure-rules)
    - [Firebase: Security rules and Firebase Authentication](https://firebase.google.com/docs/rules/rules-and-auth)
    - [OWASP API1:2023 Broken Object Level Authorization](https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/)
    - [CWE-284: Improper Access Control](https://cwe.mitre.org/data/definitions/284.html)
    """

    id = "RC208"
    name = "open-firebase-rules"
    category = Category.OWNERSHIP
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    summary = "Firebase security rules let anyone, or any signed-in user, read or write others' data."
    owasp = ("A01:2021", "A01:2025", "API1:2023")
    cwe = ("CWE-284", "CWE-862")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per permissive ``allow`` statement or Realtime Database rule."""
        files = [(s, kind) for s in ctx.repo.files if (kind := _is_rules_file(s)) and not is_test_path(s.path)]
        if not files:
            raise NotApplicable("no Firebase security rules files")
        for source, kind in files:
            try:
                if kind == "database":
                    yield from self._database(ctx, source)
                    continue
                rules = parse_rules(source)
            except RulesSyntaxError as exc:
                ctx.skip_file(source.path, f"line {exc.line}: rules could not be parsed ({exc}); not checked")
                continue
            if not rules.service:
                continue  # a *.rules file of some other tool
            product = "Storage" if "storage" in rules.service else "Firestore"
            for allow in rules.allows:
                verdict = classify(allow, rules)
                if verdict is None or _declared_public(ctx, allow.paths, allow.methods):
                    continue
                yield self._finding(ctx, source.path, allow.line, product, verdict, allow.methods, allow.paths)

    def _database(self, ctx: CheckContext, source: SourceFile) -> Iterable[Finding]:
        for rule in parse_database_rules(source):
            expression = rule.expression.replace(" ", "")
            if expression == "true":
                verdict = "open"
            elif "auth!=null" in expression or "auth!==null" in expression:
                if "auth.uid" in expression.replace("auth.uid!=null", "").replace("auth.uid!==null", ""):
                    continue
                if "auth.token" in expression:
                    continue
                verdict = "signed-in"
            else:
                continue
            path = "/" + "/".join(rule.path)
            if _declared_public(ctx, (path,), (rule.kind,)):
                continue
            yield self._finding(ctx, source.path, rule.line, "Realtime Database", verdict, (rule.kind,), (path,))

    def _finding(
        self,
        ctx: CheckContext,
        path: str,
        line: int,
        product: str,
        verdict: str,
        methods: tuple[str, ...],
        paths: tuple[str, ...],
    ) -> Finding:
        writes = bool(set(methods) & WRITE_METHODS)
        what = " and ".join(dict.fromkeys("write" if m in WRITE_METHODS else "read" for m in methods)) or "access"
        where = paths[-1] if paths else "/"
        catch_all = "=**" in where or where in {"/", ""}
        confidence: Confidence | None = None
        if verdict == "signed-in":
            who = "any signed-in user (and anyone can sign up)"
            severity = Severity.HIGH if writes else Severity.MEDIUM
            tail = "nothing ties the data to the caller's uid"
            if "{" not in where and "$" not in where:
                confidence = Confidence.MEDIUM
        else:
            who = "anyone, no account needed" + (" (until the test-mode date passes)" if verdict == "test-mode" else "")
            severity = Severity.CRITICAL if writes else (Severity.HIGH if catch_all else Severity.MEDIUM)
            tail = "the rule has no condition on the caller"
            if not writes and not catch_all:
                confidence = Confidence.MEDIUM  # may be a public catalogue; declare it in policy public.tables
        return ctx.finding(
            path=path,
            line=line,
            message=f"{product} rule on {where} lets {who} {what} its data: {tail}.",
            severity=severity,
            confidence=confidence,
            key=f"{product} {where} {what} {verdict}",
        )
