"""RC106 secret-in-git-history: a secret that a past commit added and that is no longer in the
files, but still in every clone's history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import pathspec

from readycheck.analysis.githistory import AddedLine, read_history
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.checks.secrets.hardcoded_secret import (
    AUDITED,
    SecretHit,
    audited_baseline,
    is_example_path,
    scan_files,
)
from readycheck.model import Category, Confidence, Finding, Severity
from readycheck.redact import redact, redact_in
from readycheck.repository import SourceFile, language_of

# Seconds the history read may take before the run is recorded as incomplete.
HISTORY_TIMEOUT = 300.0


class SecretInGitHistory(Check):
    """
    ## What it does

    Reads the patches of the commits reachable from `HEAD` (the newest 2,000 by default,
    `limits.history-commits` in the policy or `--history-commits N`; `--no-history` turns it
    off) and finds secrets that a commit added and that are **no longer in the files**:
    the key was "removed" by a later commit. It uses the same detectors and noise filters as
    `hardcoded-secret` (RC101), which reports secrets still in the files. Each secret is
    reported once, at the oldest commit that added it, with the commit id and date.
    Lockfiles, build output, vendored and minified files are left out.

    git is run with the repository's own configuration neutralised (no hooks, fsmonitor,
    pager, external diff or text conversion), so reading history executes nothing from the
    scanned repository.

    ## Why is this bad?

    Deleting a key in a new commit does not remove it: every clone, fork and CI cache has
    the old commit, and `git log -p` shows it. Bots scan public repositories' history for keys
    within minutes of a push. Until the key is revoked at the provider, whoever has the
    history can use it.

    ## Example

    ```bash
    $ git log -p -- config.py
    -STRIPE_SECRET_KEY = "sk_live_..."   # "removed" in commit 2
    +STRIPE_SECRET_KEY = os.environ["STRIPE_SECRET_KEY"]
    ```

    ## Use instead

    Revoke or rotate the key at the provider first; that is the fix. Rewriting history
    (`git filter-repo --replace-text`) only helps on top of that, and every existing clone
    keeps the old commits. If the finding is an audited false positive, accept it with a
    reason in the policy's `suppressions` or in `.secrets.baseline`.

    ## References

    - [OWASP A07:2021 Identification and Authentication Failures](https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/)
    - [OWASP A02:2021 Cryptographic Failures](https://owasp.org/Top10/A02_2021-Cryptographic_Failures/)
    - [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
    - [CWE-540: Inclusion of Sensitive Information in Source Code](https://cwe.mitre.org/data/definitions/540.html)
    - [GitHub: removing sensitive data from a repository](https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/removing-sensitive-data-from-a-repository)
    """

    id = "RC106"
    name = "secret-in-git-history"
    category = Category.SECRETS
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    summary = "A secret removed from the files is still in git history, readable in every clone."
    owasp = ("A07:2021", "A02:2021")
    cwe = ("CWE-798", "CWE-540")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per distinct secret value found in added lines of history and absent
        from the current files.

        Raises:
            NotApplicable: history scanning is off (0 commits) or the folder is not in a git
                repository.
        """
        limit = ctx.policy.history_commits
        if limit <= 0:
            raise NotApplicable("git history scan turned off (--no-history or limits.history-commits: 0)")
        exclude = pathspec.GitIgnoreSpec.from_lines(list(ctx.policy.exclude)) if ctx.policy.exclude else None
        history = read_history(ctx.repo.root, max_commits=limit, timeout=HISTORY_TIMEOUT, exclude=exclude)
        if history is None:
            raise NotApplicable("the folder is not in a git repository")
        if history.incomplete:
            ctx.mark_incomplete(f"{history.incomplete}; {history.commits} commits were read")
        elif history.truncated:
            ctx.skip_file(".git", f"history older than the newest {limit} commits was not read (--history-commits)")
        # A line still in the files holds nothing RC101 does not already report there.
        current = {line for source in ctx.repo.files for line in source.lines}
        pseudo, origin = _pseudo_files(ctx.repo.root, [a for a in history.lines if a.text not in current])
        hits = scan_files(pseudo, on_error=ctx.skip_file)
        present = "\0".join(source.text for source in ctx.repo.files)
        reported: dict[str, tuple[AddedLine, SecretHit, int]] = {}
        for source in pseudo:
            for hit in hits.get(source.path, ()):
                added = origin[source.path][hit.line - 1]
                if hit.value in present:
                    continue  # still in the files: RC101 (or RC104) reports it there
                earlier = reported.get(hit.value)
                if earlier is None:
                    reported[hit.value] = (added, hit, 1)
                else:
                    first, first_hit, count = earlier
                    oldest = added if added.age > first.age else first
                    reported[hit.value] = (oldest, first_hit if oldest is first else hit, count + 1)
        baseline = audited_baseline(ctx)
        for value, (added, hit, count) in sorted(reported.items(), key=lambda kv: (kv[1][0].path, kv[1][0].line)):
            finding = self._finding(ctx, added, hit, value, count)
            if baseline is not None and baseline.is_false_positive(added.path, value, hit.reported):
                finding = replace(finding, suppressed=True, suppression_reason=AUDITED)
            yield finding

    def _finding(self, ctx: CheckContext, added: AddedLine, hit: SecretHit, value: str, count: int) -> Finding:
        day = dt.datetime.fromtimestamp(added.time, tz=dt.UTC).date().isoformat() if added.time else "unknown date"
        shown = "a PEM private key block" if hit.kind == "Private Key" else redact(value)
        elsewhere = f" (and {count - 1} more place{'s' if count > 2 else ''} in history)" if count > 1 else ""
        message = (
            f"{hit.kind} ({shown}) added in commit {added.commit[:12]} ({day}){elsewhere} is no longer in the "
            "files but still in git history, readable in every clone: revoke or rotate it at the provider"
        )
        # A recognised key format is a key until revoked; a secret-named value (keyword or
        # random-looking string) in an old commit is more often a dummy: medium.
        format_match = hit.confidence == Confidence.HIGH
        lowered = not format_match and is_example_path(added.path)
        severity = None if format_match else Severity.LOW if lowered else Severity.MEDIUM
        return ctx.finding(
            path=added.path,
            line=added.line,
            message=message,
            severity=severity,
            confidence=Confidence.LOW if lowered else hit.confidence,
            key=f"{hit.kind}\0{added.commit}\0{redact(value)}",
            snippet=f"{added.commit[:12]}: {redact_in(added.text, [value]).strip()[:300]}",
        )


def _pseudo_files(root: Path, lines: list[AddedLine]) -> tuple[list[SourceFile], dict[str, list[AddedLine]]]:
    """One in-memory file per path holding its distinct added lines, so the secret scanners
    (which work per file and line) can read history; and, per path, the added line behind each
    pseudo line (index = line - 1)."""
    by_path: dict[str, list[AddedLine]] = {}
    for added in lines:
        by_path.setdefault(added.path, []).append(added)
    files = []
    for path, added_lines in sorted(by_path.items()):
        text = "\n".join(a.text for a in added_lines) + "\n"
        name = path.rsplit("/", 1)[-1]
        files.append(
            SourceFile(
                path=path,
                abspath=root / path,  # never opened: detect-secrets only looks at the name
                language=language_of(name),
                size=len(text),
                text=text,
                lockfile=False,
            )
        )
    return files, by_path
