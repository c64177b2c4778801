"""What the rate-limit checks share: which endpoints are sensitive (authentication flows and
costly work) and where a finding about an endpoint goes."""

from __future__ import annotations

import ast

from readycheck.analysis.calls import Effect, effect, js_calls, python_calls
from readycheck.analysis.names import sign_in_words
from readycheck.checks.base import CheckContext
from readycheck.model import Endpoint

# Route words of flows an attacker repeats: password guessing, account creation, reset and
# one-time-code requests (CWE-307).
AUTH_WORDS = frozenset(
    {
        "login",
        "signin",
        "sign-in",
        "signup",
        "sign-up",
        "register",
        "token",
        "password",
        "reset",
        "forgot",
        "otp",
        "magic-link",
        "magiclink",
        "verify",
        "2fa",
        "mfa",
        "passwordless",
        "session",
        "sessions",
    }
)


def auth_flow(endpoint: Endpoint) -> bool:
    """True for login, signup, password-reset, token and one-time-code routes that take a POST
    (or any method)."""
    if endpoint.method not in {"POST", "PUT", "PATCH", "ANY"}:
        return False
    return bool(sign_in_words(endpoint.route, parameter_names=True) & AUTH_WORDS)


def costly_effects(ctx: CheckContext, endpoint: Endpoint) -> list[Effect]:
    """What the endpoint's handler does that costs money or sends messages when repeated
    (LLM calls, email/SMS, payments), or takes uploaded files."""
    handler = ctx.models.handlers.of(endpoint)
    if handler is None or isinstance(handler.python, ast.ClassDef):
        return []  # an action a view class inherits (DRF list/create) does none of these itself
    if handler.python is not None:
        calls = list(python_calls(handler.python))
        fn = handler.python
        args = fn.args.args if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef) else []
        uploads = any(a.annotation is not None and "UploadFile" in ast.unparse(a.annotation) for a in args)
    else:
        assert handler.js is not None
        calls = list(js_calls(handler.js))
        uploads = False
    found = [e for e in (effect(c) for c in calls) if e is not None]
    ordered = list(dict.fromkeys(found))
    return ordered + ([Effect.UPLOAD] if uploads else [])


def finding_line(ctx: CheckContext, endpoint: Endpoint) -> tuple[str, int]:
    """Where a finding about an endpoint goes: its route declaration, except for Django and DRF,
    whose fix (a decorator, ``throttle_classes``) goes on the view in views.py."""
    if endpoint.framework in {"django", "drf"}:
        handler = ctx.models.handlers.of(endpoint)
        if handler is not None:
            return handler.path, handler.start
    return endpoint.path, endpoint.line
