"""Test fixtures: a keyword-only secret here is reported at low severity."""

# ruleid: RC101
LOGIN = {"username": "alice@example.com", "password": "Tr0ub4dor-fixture-9"}
# ruleid: RC101
STRIPE_FIXTURE = "sk_live_DEMOreadycheck44444444FAKE"
