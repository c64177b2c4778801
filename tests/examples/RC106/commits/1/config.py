"""Commit 1: the agent pasted the keys in (fake values for readycheck's examples)."""
# ruleid: RC106
STRIPE_SECRET_KEY = "sk_live_51DemoHistoryRc106000000000FAKE"
# ok: RC106
STRIPE_PUBLISHABLE_KEY = "pk_live_51DemoHistoryRc106000000000FAKE"
# ok: RC106
OPENAI_API_KEY = "sk-your-openai-key-here"
