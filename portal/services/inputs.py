"""Free text typed into public search boxes and filters, made safe to compare in either database.

PostgreSQL refuses text with NUL characters outright (an error, not a miss), so they are removed
before any value reaches a query.
"""


def clean_text(value):
    """``value`` without NUL characters (None stays None)."""
    return value.replace("\x00", "") if isinstance(value, str) else value


def clean_term(value, limit=50):
    """A search term or filter value: no NULs, trimmed, at most ``limit`` characters; None if empty."""
    text = (clean_text(value) or "").strip()[:limit]
    return text or None
