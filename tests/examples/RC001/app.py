API_KEY_NAME = "x-api-key"

# ok: RC001
# readycheck: ignore[RC201] reason="public catalogue, readable by anyone" until=2999-01-01
catalogue = {}

# ruleid: RC001
# readycheck: ignore[RC201]
drafts = {}

# ruleid: RC001
# readycheck: ignore[RC302] reason="accepted for the beta" until=2020-01-31
beta = {}

# ruleid: RC001
# readycheck: ignore[RC303] reason="vendor is internal" until=next-week
vendor = {}
