"""Unbounded-endpoint checks (category ``unbounded-endpoints``; OWASP API4:2023 Unrestricted
Resource Consumption, LLM10:2025 Unbounded Consumption): lists without pagination, caller-set
page sizes, outgoing calls without timeouts, bodies and uploads without size limits, LLM calls
without token caps, agent loops and retries without an end."""
