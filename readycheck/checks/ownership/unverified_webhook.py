"""RC207 unverified-webhook: a webhook endpoint that acts on the payload without verifying its
signature."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.analysis.handlers import handler_calls
from readycheck.analysis.names import words
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.checks.ownership._common import endpoints
from readycheck.model import AuthStatus, Category, Confidence, Endpoint, Finding, Severity

# Calls that verify a webhook signature. Sources: Stripe "Check the webhook signatures"
# (stripe.Webhook.construct_event, stripe.webhooks.constructEvent[Async]); GitHub "Validating
# webhook deliveries" (HMAC-SHA256 + a constant-time compare); Slack "Verifying requests from
# Slack"; Svix/Standard Webhooks (Webhook.verify); Twilio (validateRequest); Shopify, Paddle,
# Lemon Squeezy and Clerk document HMAC or Svix verification.
VERIFY_CALLS = frozenset(
    {
        "construct_event",
        "constructEvent",
        "constructEventAsync",
        "verify_header",
        "compare_digest",
        "timingSafeEqual",
        "createHmac",
        "hmac.new",
        "verify",
        "verifyAsync",
        "validateRequest",
        "validate_request",
        "validateRequestWithBody",
        "verifyKey",
        "unwrap",
        "verifyWebhook",
        "verify_webhook",
        "verifySignature",
        "verify_signature",
        "verifyRequestSignature",
        "validate_signature",
        "validateSignature",
        "isValidSignature",
        "is_valid_signature",
        "verifyWebhookSignature",
        "verify_webhook_signature",
    }
)
VERIFY_WORDS = frozenset({"verify", "verified", "validate", "valid", "check", "authenticate"})
SIGNATURE_WORDS = frozenset({"signature", "sig", "hmac", "webhook", "webhooks", "svix", "secret"})
DISPLAY = {"github": "GitHub", "lemonsqueezy": "Lemon Squeezy"}
PROVIDERS = ("stripe", "github", "slack", "svix", "clerk", "shopify", "paddle", "lemonsqueezy", "twilio", "razorpay")


def is_webhook(endpoint: Endpoint) -> bool:
    """True when the route or the handler name says webhook (``/api/stripe/webhook``,
    ``/hooks/github``, ``handle_webhook``)."""
    text = f"{endpoint.route} {endpoint.handler}".lower()
    segments = {s for s in text.replace("-", "/").replace("_", "/").replace(" ", "/").split("/") if s}
    return "webhook" in text or bool(segments & {"hook", "hooks"})


def verifies(calls: frozenset[str]) -> bool:
    """True when one of ``calls`` verifies a signature (a known call, or a name that says
    verify/validate/check and signature/HMAC/webhook)."""
    for name in calls:
        last = name.rsplit(".", 1)[-1]
        if name in VERIFY_CALLS or last in VERIFY_CALLS:
            return True
        parts = words(last)
        if parts & VERIFY_WORDS and parts & SIGNATURE_WORDS:
            return True
    return False


class UnverifiedWebhook(Check):
    """
    ## What it does

    Finds webhook endpoints (a route or handler named webhook or hooks) whose handler, and the
    functions it calls, never verify the sender's signature: no
    `stripe.Webhook.construct_event` / `stripe.webhooks.constructEvent`, no Svix or Standard
    Webhooks `verify`, no Twilio `validateRequest`, no HMAC of the raw body
    (`hmac.new`/`createHmac`) checked with `hmac.compare_digest`/`crypto.timingSafeEqual`,
    and no helper named like `verify_signature`. Middleware that verifies (named so) counts.

    ## Why is this bad?

    A webhook URL is public. Without the signature check anyone who finds it can post a fake
    `checkout.session.completed` or `invoice.paid` event and get a paid plan, credits or a
    refund for free, or replay old events. Stripe, GitHub and Slack all sign their webhooks for
    exactly this reason; parsing the JSON body (`stripe.Event.construct_from`,
    `JSON.parse(body)`) checks nothing.

    ## Example

    ```python
    @router.post("/webhooks/stripe")
    async def stripe_webhook(request: Request):
        event = await request.json()  # anyone can send this
        if event["type"] == "checkout.session.completed":
            await upgrade_plan(event["data"]["object"]["client_reference_id"])
    ```

    ## Use instead

    Verify the signature over the raw body with the signing secret before acting:

    ```python
    @router.post("/webhooks/stripe")
    async def stripe_webhook(request: Request):
        payload = await request.body()
        event = stripe.Webhook.construct_event(
            payload, request.headers["stripe-signature"], settings.STRIPE_WEBHOOK_SECRET
        )
    ```

    ## References

    - [Stripe: Verify webhook signatures](https://docs.stripe.com/webhooks#verify-events)
    - [GitHub: Validating webhook deliveries](https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries)
    - [OWASP A08:2021 Software and Data Integrity Failures](https://owasp.org/Top10/A08_2021-Software_and_Data_Integrity_Failures/)
    - [CWE-345: Insufficient Verification of Data Authenticity](https://cwe.mitre.org/data/definitions/345.html)
    - [CWE-347: Improper Verification of Cryptographic Signature](https://cwe.mitre.org/data/definitions/347.html)
    """

    id = "RC207"
    name = "unverified-webhook"
    category = Category.OWNERSHIP
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    summary = "A webhook endpoint acts on the payload without verifying the sender's signature."
    owasp = ("A08:2021", "A08:2025", "API10:2023")
    cwe = ("CWE-345", "CWE-347")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per webhook endpoint whose handler never verifies a signature."""
        hooks = [e for e in endpoints(ctx) if is_webhook(e)]
        if not hooks:
            raise NotApplicable("no webhook endpoints found")
        for endpoint in hooks:
            if endpoint.auth and verifies(frozenset(part.strip("@ ") for part in endpoint.auth.split(","))):
                continue
            if endpoint.auth_status is AuthStatus.AUTHENTICATED or endpoint.method in {"GET", "HEAD", "OPTIONS"}:
                # a provider cannot sign in as a user: a signed-in route configures webhooks, it
                # does not receive them (and providers deliver with POST)
                continue
            calls = handler_calls(ctx.models.python, ctx.models.js, endpoint)
            if calls is None:
                ctx.skip_file(endpoint.body_path, f"handler of {endpoint.method} {endpoint.route} could not be located")
                continue
            if verifies(calls):
                continue
            text = f"{endpoint.route} {endpoint.handler} {' '.join(sorted(calls))}".lower()
            provider = next((p for p in PROVIDERS if p in text), None)
            who = f"{DISPLAY.get(provider, provider.capitalize())} " if provider else ""
            yield ctx.finding(
                path=endpoint.path,
                line=endpoint.line,
                message=(
                    f"{endpoint.method} {endpoint.route} is a {who}webhook that never verifies the sender's signature: "
                    "anyone who finds the URL can send fake events (a payment that never happened, a replayed "
                    "event) and the app will act on them."
                ),
                confidence=Confidence.HIGH if provider else Confidence.MEDIUM,
                severity=Severity.CRITICAL if provider in {"stripe", "paddle", "lemonsqueezy", "razorpay"} else None,
                endpoint=endpoint.ref,
                key=f"{endpoint.method} {endpoint.route}",
            )
