"""HTTP routes of the mailings app (they arrive with its own issue)."""

ROUTES: list = []
