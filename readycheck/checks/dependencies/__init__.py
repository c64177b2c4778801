"""Dependency hygiene checks (family 9): unpinned dependencies and suspicious package names."""
