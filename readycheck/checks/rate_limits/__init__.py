"""Rate-limit checks (category ``rate-limits``; OWASP API4:2023, CWE-307, CWE-770, CWE-799):
endpoints with no limiter and no declaration, limiters that do not stop anything."""
