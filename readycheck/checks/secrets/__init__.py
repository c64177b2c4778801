"""Secrets family (``RC1xx``): credentials committed to the repository."""
