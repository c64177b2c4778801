"""An existing detect-secrets baseline (``.secrets.baseline``) of the scanned repository.

Format (detect-secrets 1.x, ``detect-secrets scan > .secrets.baseline`` then
``detect-secrets audit``): a JSON object whose ``results`` maps a file name to a list of
``{"type", "filename", "hashed_secret", "line_number", "is_verified", "is_secret"?}``;
``hashed_secret`` is the SHA-1 hex digest of the secret's UTF-8 bytes
(``detect_secrets.core.potential_secret.PotentialSecret.hash_secret``) and ``is_secret: false``
marks a hit audited as a false positive (https://github.com/Yelp/detect-secrets#auditing-a-baseline).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from readycheck.analysis.data import parse_json
from readycheck.repository import Repository

BASELINE_NAME = ".secrets.baseline"


def hash_secret(value: str) -> str:
    """detect-secrets' ``hashed_secret`` of ``value``: SHA-1 hex of its UTF-8 bytes."""
    return hashlib.sha1(value.encode("utf-8"), usedforsecurity=False).hexdigest()


@dataclass(frozen=True, kw_only=True)
class SecretsBaseline:
    """The audited false positives of a baseline: (file name, hashed secret) pairs, and
    ``problem`` when the file exists but cannot be used (one line, no content)."""

    false_positives: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    problem: str | None = None

    def is_false_positive(self, path: str, *values: str) -> bool:
        """Whether a secret at ``path`` with any of ``values`` (the value as readycheck sees it
        and as detect-secrets reported it) was audited ``is_secret: false``."""
        return any((path, hash_secret(v)) in self.false_positives for v in values if v)


def load_secrets_baseline(repo: Repository) -> SecretsBaseline | None:
    """The baseline at the scanned root, or None when there is none."""
    source = repo.get(BASELINE_NAME)
    if source is None:
        return None
    try:
        data = parse_json(source.text)
        results = data["results"]
        pairs = frozenset(
            (str(name), str(entry["hashed_secret"]))
            for name, entries in results.items()
            for entry in entries
            if entry.get("is_secret") is False
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return SecretsBaseline(problem="not a detect-secrets baseline (expected JSON with results)")
    return SecretsBaseline(false_positives=pairs)
