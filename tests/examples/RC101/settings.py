"""Fake credentials for readycheck's RC101 examples. None of them is real."""
import os

# ruleid: RC101
AWS_ACCESS_KEY_ID = "AKIA4DEMO0READYCHK01"
# ruleid: RC101
GITHUB_TOKEN = "ghp_DEMO0readycheck0FAKE0000000000000000"
# ruleid: RC101
stripe_key = "sk_live_DEMOreadycheck00000000FAKE"
# ruleid: RC101
DATABASE_URL = "postgres://app:Xk8-demo-pass-71@db.internal/app"
# ruleid: RC101
db_password = "Tr0ub4dor-demo-3x7"
# ruleid: RC101
PRIVATE_KEY = """-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAdemoREADYCHECKfakeFAKEfake0000000000000000000000
-----END RSA PRIVATE KEY-----"""

# ok: RC101
API_KEY = os.environ["API_KEY"]
# ok: RC101
SECRET_KEY = os.getenv("SECRET_KEY")
# ok: RC101
password = "your-password-here"
# ok: RC101
token = "<token>"
# ok: RC101
db_user_password = "password"
# ok: RC101
revision = "9c4f1e2b7a3d"
# ok: RC101
content_sha256 = "4f8a1c9e2b7d3f6a0e5c8b1d4a7f2e9c6b3d0a5f8e1c4b7a2d9f6e3c0b5a8d1f"
# ok: RC101
LOCAL_URL = "postgres://localhost:5432/app"
# ok: RC101
legacy_password = "hunter-demo-value-9"  # pragma: allowlist secret
# ok: RC101
DOCS_PRIVATE_KEY = "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----"
# ok: RC101
SAMPLE_GITHUB_TOKEN = "gho_1234567890abcdefghijklmnopqrstuvwxyz"
