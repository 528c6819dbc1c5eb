"""HTTP routes of the congress app (they arrive with its own issue)."""

ROUTES: list = []
