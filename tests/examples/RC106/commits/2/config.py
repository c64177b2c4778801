"""Commit 2: the keys moved to the environment; the old ones are still in history."""
import os

STRIPE_SECRET_KEY = os.environ["STRIPE_SECRET_KEY"]
STRIPE_PUBLISHABLE_KEY = "pk_live_51DemoHistoryRc106000000000FAKE"
# ruleid: RC106
GITHUB_TOKEN = "ghp_DemoHistoryRc106Token00000000000FAKE"
