"""Migration checks (category ``migrations``): reverses, destructive changes and locks."""
