"""readycheck: a production-readiness auditor for AI-built repositories.

``readycheck scan PATH`` finds leaked secrets, missing ownership checks, unbounded endpoints,
irreversible migrations, missing rate limits and logging gaps, maps every finding to OWASP
and CWE, and writes a scored report (terminal, JSON, HTML) with a verdict that can gate a
deploy. The import package and command are ``readycheck``; the distribution on the package
index is ``readycheck-audit``.
"""

from __future__ import annotations

__version__ = "0.1.0"
