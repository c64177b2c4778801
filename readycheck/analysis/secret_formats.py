"""Token formats of the services AI-built apps use, which detect-secrets 1.5 does not know, and
keys that are public by design.

Each format is a regular expression over one token (a token format, not code structure), built
from the provider's documented key prefix (the source is named beside each).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class TokenFormat:
    """A secret token format: ``kind`` (shown in findings) and its ``pattern``."""

    kind: str
    pattern: re.Pattern[str]


def _format(kind: str, pattern: str) -> TokenFormat:
    # A token never continues into more token characters on either side.
    return TokenFormat(kind=kind, pattern=re.compile(rf"(?<![A-Za-z0-9_-]){pattern}(?![A-Za-z0-9_-])"))


SECRET_FORMATS: tuple[TokenFormat, ...] = (
    # OpenAI project, service-account and admin keys (platform.openai.com/docs/api-reference/authentication)
    _format("OpenAI API Key", r"sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}"),
    # Anthropic (docs.anthropic.com/en/api/getting-started): sk-ant-api03-..., sk-ant-admin01-...
    _format("Anthropic API Key", r"sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{40,}"),
    # OpenRouter (openrouter.ai/docs/api-keys): sk-or-v1- and 64 hex digits
    _format("OpenRouter API Key", r"sk-or-v1-[a-f0-9]{64}"),
    # Groq (console.groq.com/keys): gsk_ and 52 characters
    _format("Groq API Key", r"gsk_[A-Za-z0-9]{48,}"),
    # Hugging Face user access tokens (huggingface.co/docs/hub/security-tokens)
    _format("Hugging Face Token", r"hf_[A-Za-z0-9]{34,}"),
    # Stripe secret and restricted keys, live and test (docs.stripe.com/keys)
    _format("Stripe Secret Key", r"(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,}"),
    # Stripe webhook signing secret (docs.stripe.com/webhooks#verify-official-libraries)
    _format("Stripe Webhook Signing Secret", r"whsec_[A-Za-z0-9+/=]{24,}"),
    # Supabase secret API keys (supabase.com/docs/guides/api/api-keys)
    _format("Supabase Secret Key", r"sb_secret_[A-Za-z0-9_-]{20,}"),
    # GitHub fine-grained personal access tokens
    _format("GitHub Token", r"github_pat_[A-Za-z0-9_]{60,}"),
    # Slack incoming webhooks
    _format("Slack Webhook URL", r"https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{20,}"),
    # Resend (resend.com/docs/dashboard/api-keys/introduction)
    _format("Resend API Key", r"re_[A-Za-z0-9]{8}_[A-Za-z0-9]{16,}"),
    # Google API keys: Gemini / Google AI Studio keys and Maps keys share this format; a key in a
    # Firebase web config is public by design (see is_firebase_web_config).
    _format("Google API Key", r"AIza[0-9A-Za-z_-]{35}"),
    # Formats detect-secrets also knows, here so that lines too long to hand to it (minified
    # bundles) are still searched: AWS access key ids, GitHub classic tokens, Slack tokens.
    _format("AWS Access Key", r"(?:AKIA|ASIA)[0-9A-Z]{16}"),
    _format("GitHub Token", r"gh[pousr]_[A-Za-z0-9]{36}"),
    _format("Slack Token", r"xox[baprs]-[0-9A-Za-z-]{10,}"),
)

# Keys made to be shipped to browsers and apps (never findings): Stripe publishable keys,
# Supabase publishable keys.
_PUBLIC_PREFIXES = ("pk_live_", "pk_test_", "sb_publishable_")


_FIREBASE_CONFIG_KEYS = ("authDomain", "messagingSenderId", "storageBucket", "projectId")


def is_firebase_web_config(text: str) -> bool:
    """True when ``text`` (a whole file) holds a Firebase web app config, whose ``apiKey`` only
    identifies the project and is public by design (firebase.google.com/docs/projects/api-keys):
    at least two of ``authDomain``, ``messagingSenderId``, ``storageBucket``, ``projectId``."""
    return sum(1 for key in _FIREBASE_CONFIG_KEYS if key in text) >= 2


# Google Maps Platform keys are made to be used from browsers and apps, protected by HTTP referrer
# and API restrictions (developers.google.com/maps/api-security-best-practices).
_MAPS_WORDS = ("maps", "places", "geocod", "geolocation", "directions", "streetview")


def is_public_by_design(value: str, file_text: str, line: str = "") -> bool:
    """True for keys meant to be public: Stripe ``pk_live_``/``pk_test_`` publishable keys,
    Supabase ``sb_publishable_`` keys, a Google ``AIza`` key in a file holding a Firebase web
    config (``file_text`` is the whole file), and a Google ``AIza`` key assigned to a Maps name
    (``VITE_GOOGLE_MAPS_API_KEY``, ``placesKey``) on ``line`` before the value. A Supabase
    ``anon`` JWT is recognised by its ``role`` claim instead
    (:func:`readycheck.analysis.tokens.jwt_role`)."""
    bare = value.strip("'\"")
    if bare.startswith(_PUBLIC_PREFIXES):
        return True
    if not bare.startswith("AIza"):
        return False
    before = line[: line.find(bare)].lower() if bare in line else ""
    return is_firebase_web_config(file_text) or any(word in before for word in _MAPS_WORDS)


_PREFILTER = (
    "sk-", "gsk_", "hf_", "sk_", "rk_", "whsec_", "sb_secret_", "github_pat_", "hooks.slack", "re_", "AIza",
    "AKIA", "ASIA", "gho_", "ghp_", "ghu_", "ghs_", "ghr_", "xox",
)  # fmt: skip
# One alternation: a tenth of the time of testing each marker in turn (mealie, 210k lines).
_PREFILTER_RE = re.compile("|".join(map(re.escape, _PREFILTER)))


def format_hits(line: str) -> list[tuple[str, str]]:
    """``(kind, token)`` for every :data:`SECRET_FORMATS` token on ``line``."""
    found: list[tuple[str, str]] = []
    if _PREFILTER_RE.search(line) is None:
        return found
    for fmt in SECRET_FORMATS:
        for match in fmt.pattern.finditer(line):
            found.append((fmt.kind, match.group()))
    return found
