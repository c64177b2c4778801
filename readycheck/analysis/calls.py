"""Call sites in one shape for Python and JS/TS, what they cost, and which values come from
the caller. Read by the unbounded-endpoint and rate-limit checks.

A :class:`CallSite` is a call with its callee text (``client.chat.completions.create``), its
options (Python keyword arguments; properties of JS object-literal arguments, merged) and
whether options could hide elsewhere (``**kwargs``, a spread, an options variable). The
vocabularies below name the calls that reach a paid or slow service: LLM APIs (OpenAI,
Anthropic, Google Gemini, the Vercel AI SDK, LiteLLM), email and SMS senders, payments.
"""

from __future__ import annotations

import ast
import enum
from collections.abc import Iterator
from dataclasses import dataclass, field

from ast_grep_py import SgNode

from readycheck.analysis.js import arguments, bound_names, line_of
from readycheck.analysis.js import string_value as js_string
from readycheck.analysis.python import dotted, names_in, string_value


@dataclass(frozen=True, kw_only=True)
class CallSite:
    """One call: ``callee`` (dotted text, ``?.`` read as ``.``), its last ``name``, 1-based
    ``line``, ``options`` (option name → value node: ``ast.expr`` or ``SgNode``),
    ``open_options`` (options may be set where this call does not show them), the string
    literals among its positional arguments, the number of positional arguments, and the
    call node itself."""

    callee: str
    name: str
    line: int
    options: dict[str, object] = field(default_factory=dict)
    open_options: bool = False
    strings: tuple[str, ...] = ()
    positional: int = 0
    arg_kinds: tuple[str, ...] = ()
    node: object = None

    def opaque_arg(self, index: int) -> bool:
        """True when positional argument ``index`` exists and is not a literal (a variable, a
        call, a spread): options may be set in it."""
        if index >= len(self.arg_kinds):
            return False
        return self.arg_kinds[index] not in {"object", "string", "template_string", "number", "Constant", "Dict"}


def python_calls(scope: ast.AST) -> Iterator[CallSite]:
    """Every call inside ``scope`` (an ``ast`` node), in source order."""
    calls = [n for n in ast.walk(scope) if isinstance(n, ast.Call)]
    for call in sorted(calls, key=lambda c: (c.lineno, c.col_offset)):
        yield python_call_site(call)


def python_call_site(call: ast.Call) -> CallSite:
    """One Python call as a :class:`CallSite`."""
    callee = dotted(call.func) or ""
    options: dict[str, object] = {kw.arg: kw.value for kw in call.keywords if kw.arg}
    return CallSite(
        callee=callee,
        name=callee.rsplit(".", 1)[-1].removesuffix("()"),
        line=call.lineno,
        options=options,
        open_options=any(kw.arg is None for kw in call.keywords) or any(isinstance(a, ast.Starred) for a in call.args),
        strings=tuple(s for s in (string_value(a) for a in call.args) if s is not None),
        positional=len(call.args),
        arg_kinds=tuple(type(a).__name__ for a in call.args),
        node=call,
    )


def js_calls(scope: SgNode) -> Iterator[CallSite]:
    """Every call and ``new`` expression inside ``scope`` (an ast-grep node), in source order."""
    nodes = [*scope.find_all(kind="call_expression"), *scope.find_all(kind="new_expression")]
    for call in sorted(nodes, key=lambda n: n.range().start.index):
        function = call.field("function") or call.field("constructor")
        callee = function.text().replace("?.", ".") if function is not None else ""
        if "\n" in callee or len(callee) > 160:
            callee = callee.split("(")[-1] if "(" in callee else ""
        options: dict[str, object] = {}
        open_options = False
        args = arguments(call)
        for arg in args:
            if arg.kind() == "object":
                for child in arg.named_children():
                    if child.kind() == "pair":
                        key = child.field("key")
                        value = child.field("value")
                        if key is not None and value is not None:
                            options[key.text().strip("\"'")] = value
                    elif child.kind() == "shorthand_property_identifier":
                        options[child.text()] = child
                    elif child.kind() == "spread_element":
                        open_options = True
        yield CallSite(
            callee=callee,
            name=callee.rsplit(".", 1)[-1],
            line=line_of(call),
            options=options,
            open_options=open_options,
            strings=tuple(s for s in (js_string(a) for a in args) if s is not None),
            positional=len(args),
            arg_kinds=tuple(a.kind() for a in args),
            node=call,
        )


# --- what a call costs ------------------------------------------------------------------------


class Effect(enum.StrEnum):
    """What makes a call costly when an endpoint is flooded."""

    LLM = "calls an LLM"
    MESSAGE = "sends email or SMS"
    PAYMENT = "moves money"
    UPLOAD = "processes uploaded files"


# LLM API calls by callee suffix → the option names that cap the tokens of the answer.
# Sources: OpenAI API reference (max_tokens / max_completion_tokens, Responses
# max_output_tokens), Anthropic Messages API (max_tokens), Google Gemini generationConfig
# maxOutputTokens, Vercel AI SDK (maxTokens, maxOutputTokens in v5), LiteLLM completion().
LLM_CALLS: dict[str, frozenset[str]] = {
    "chat.completions.create": frozenset({"max_tokens", "max_completion_tokens"}),
    "chat.completions.stream": frozenset({"max_tokens", "max_completion_tokens"}),
    "beta.chat.completions.parse": frozenset({"max_tokens", "max_completion_tokens"}),
    "completions.create": frozenset({"max_tokens"}),
    "ChatCompletion.create": frozenset({"max_tokens"}),
    "Completion.create": frozenset({"max_tokens"}),
    "responses.create": frozenset({"max_output_tokens"}),
    "messages.create": frozenset({"max_tokens"}),
    "messages.stream": frozenset({"max_tokens"}),
    "generate_content": frozenset({"generation_config", "config", "max_output_tokens"}),
    "generateContent": frozenset({"generationConfig", "maxOutputTokens"}),
    "generateContentStream": frozenset({"generationConfig", "maxOutputTokens"}),
    "generateText": frozenset({"maxTokens", "maxOutputTokens"}),
    "streamText": frozenset({"maxTokens", "maxOutputTokens"}),
    "generateObject": frozenset({"maxTokens", "maxOutputTokens"}),
    "streamObject": frozenset({"maxTokens", "maxOutputTokens"}),
    "litellm.completion": frozenset({"max_tokens", "max_completion_tokens"}),
    "litellm.acompletion": frozenset({"max_tokens", "max_completion_tokens"}),
}
# Calls that send email or SMS (Django, Flask-Mail, smtplib, Resend, SendGrid, Postmark,
# Mailgun SDKs, nodemailer, AWS SES, Twilio). Django's EmailMessage / EmailMultiAlternatives
# are built to be sent (``.send()`` on the object follows).
MESSAGE_CALLS = frozenset(
    {
        "send_mail",
        "EmailMessage",
        "EmailMultiAlternatives",
        "send_mass_mail",
        "mail_admins",
        "send_message",
        "sendmail",
        "sendMail",
        "send_email",
        "sendEmail",
        "send_templated_mail",
        "emails.send",
        "Emails.send",
        "sgMail.send",
        "sendEmailWithTemplate",
        "messages.create",
        "send_sms",
        "sendSms",
        "sendSMS",
    }
)
# Hosts of paid messaging and AI APIs called over plain HTTP.
MESSAGE_HOST_WORDS = ("mail", "resend.com", "sendgrid", "postmark", "twilio", "sms")
LLM_HOSTS = (
    "api.openai.com",
    "api.anthropic.com",
    "generativelanguage.googleapis.com",
    "openrouter.ai",
    "api.groq.com",
)
PAYMENT_PREFIXES = ("stripe.", "Stripe.", "paypal", "braintree.", "razorpay")
PAYMENT_WORDS = (
    "Charge.create",
    "PaymentIntent.create",
    "paymentIntents.create",
    "Refund.create",
    "refunds.create",
    "Payout.create",
    "payouts.create",
    "Transfer.create",
    "transfers.create",
    "checkout.sessions.create",
    "checkout.Session.create",
    "charges.create",
    "invoices.pay",
    "Invoice.pay",
)


def llm_caps(call: CallSite) -> frozenset[str] | None:
    """The token-cap option names of an LLM API call, or None when ``call`` is not one. An
    Anthropic/Twilio ``messages.create`` counts as an LLM call only with a ``model`` option."""
    for suffix, caps in LLM_CALLS.items():
        if call.callee == suffix or call.callee.endswith("." + suffix):
            if suffix == "messages.create" and "model" not in call.options:
                return None
            return caps
        if call.callee == suffix.rsplit(".", 1)[-1] and suffix in {
            "generateText",
            "streamText",
            "generateObject",
            "streamObject",
        }:
            return caps
    if call.name in {"completion", "acompletion"} and "model" in call.options and "messages" in call.options:
        return LLM_CALLS["litellm.completion"]
    return None


def is_http_call(call: CallSite) -> bool:
    """Outgoing HTTP calls whose URL argument :func:`effect` reads."""
    return (
        call.name in {"fetch", "get", "post", "put", "patch", "request", "urlopen"}
        and bool(call.strings)
        and call.strings[0].startswith(("http://", "https://"))
    )


def effect(call: CallSite) -> Effect | None:
    """What a call costs when repeated: an LLM call, a message sent, money moved, or None."""
    if llm_caps(call) is not None:
        return Effect.LLM
    if any(call.callee == w or call.callee.endswith("." + w) for w in PAYMENT_WORDS):
        return Effect.PAYMENT
    if call.callee.startswith(PAYMENT_PREFIXES) and call.name in {"create", "capture", "refund", "pay"}:
        return Effect.PAYMENT
    if call.name in MESSAGE_CALLS or any(call.callee.endswith("." + m) for m in MESSAGE_CALLS if "." in m):
        if call.name == "create" and "model" in call.options:
            return Effect.LLM
        return Effect.MESSAGE
    if is_http_call(call):
        url = call.strings[0].lower()
        if any(host in url for host in LLM_HOSTS):
            return Effect.LLM
        host = url.split("//", 1)[-1].split("/", 1)[0]
        if any(word in host for word in MESSAGE_HOST_WORDS):
            return Effect.MESSAGE
        if "api.stripe.com" in host:
            return Effect.PAYMENT
    return None


# --- values the caller controls ---------------------------------------------------------------

_PY_REQUEST_SOURCES = (
    "request.args",
    "request.form",
    "request.json",
    "request.get_json",
    "request.values",
    "request.GET",
    "request.POST",
    "request.data",
    "request.query_params",
    "request.body",
)


def python_caller_values(fn: ast.FunctionDef | ast.AsyncFunctionDef, inputs: set[str]) -> set[str]:
    """Names in ``fn`` that hold caller input: the endpoint's query/body parameters
    (``inputs``) and names assigned from them or from ``request.args``/``request.GET``/
    ``request.json``-style reads, followed through plain assignments in source order."""
    tainted = set(inputs)
    for node in sorted((n for n in ast.walk(fn) if isinstance(n, ast.Assign | ast.AnnAssign)), key=lambda n: n.lineno):
        value = node.value
        if value is None:
            continue
        read = names_in(value)
        if read & tainted or any(name.startswith(_PY_REQUEST_SOURCES) for name in read) or _reads_request(value):
            if clamped(value):
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                tainted.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return tainted


def _reads_request(value: ast.expr) -> bool:
    for node in ast.walk(value):
        if isinstance(node, ast.Call):
            name = dotted(node.func) or ""
            if name.startswith(_PY_REQUEST_SOURCES):
                return True
    return False


def clamped(value: ast.expr) -> bool:
    """``min(x, MAX)`` (or a ``clamp(...)`` helper) bounds a caller value."""
    return any(isinstance(n, ast.Call) and (dotted(n.func) or "") in {"min", "clamp"} for n in ast.walk(value))


def js_clamped(text: str) -> bool:
    """``Math.min(x, MAX)`` (or a ``clamp(...)`` helper) bounds a caller value (JS source text)."""
    return "Math.min" in text or "clamp" in text


def python_value_from_caller(value: object, tainted: set[str]) -> bool:
    """True when a Python option value reads a caller-controlled name and is not clamped."""
    return isinstance(value, ast.expr) and bool(names_in(value) & tainted) and not clamped(value)


_JS_REQUEST_MARKERS = (
    "req.body",
    "req.query",
    "req.params",
    "request.json",
    "req.json",
    "searchParams",
    "request.body",
    "ctx.request",
    "formData",
)


def js_caller_values(fn: SgNode) -> set[str]:
    """Names in a JS/TS handler that hold caller input: bound from ``await req.json()``,
    ``req.body``, ``req.query``, ``searchParams.get(...)``, ``formData()``, followed through
    plain declarations in source order; clamped values (``Math.min(...)``) are not."""
    tainted: set[str] = set()
    for declarator in fn.find_all(kind="variable_declarator"):
        pattern, value = declarator.field("name"), declarator.field("value")
        if pattern is None or value is None:
            continue
        text = value.text()
        if js_clamped(text):
            continue
        reads = {i.text() for i in value.find_all(kind="identifier")} | (
            {value.text()} if value.kind() == "identifier" else set()
        )
        if any(marker in text for marker in _JS_REQUEST_MARKERS) or reads & tainted:
            tainted.update(bound_names(pattern))
    return tainted


def js_value_from_caller(value: object, tainted: set[str]) -> bool:
    """True when a JS option value reads a caller-controlled name and is not clamped."""
    if not isinstance(value, SgNode):
        return False
    text = value.text()
    if js_clamped(text):
        return False
    if value.kind() in {"identifier", "shorthand_property_identifier"}:
        return text in tainted
    if any(marker in text for marker in _JS_REQUEST_MARKERS):
        return True
    return any(i.text() in tainted for i in value.find_all(kind="identifier"))
