"""Delivery checks (category ``delivery``): how the app gets to production and back."""
