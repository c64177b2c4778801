"""Logging, audit and error-handling checks (category ``logging``)."""
