"""Commit 3 (HEAD): no key in the files any more."""
import os

STRIPE_SECRET_KEY = os.environ["STRIPE_SECRET_KEY"]
STRIPE_PUBLISHABLE_KEY = "pk_live_51DemoHistoryRc106000000000FAKE"
GITHUB_TOKEN = os.environ["GITHUB_TOKEN"]
