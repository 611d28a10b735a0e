"""Values typed or sent by anyone, made safe before they reach a query.

PostgreSQL refuses text with NUL characters outright (an error, not a miss), so they are removed
before any value reaches a query; ids and counts beyond what the database's integers hold are
not ids at all (SQLite cannot even bind them).
"""

# The largest value of the databases' INTEGER columns (ids, versions, counts).
DB_INT_MAX = 2**31 - 1


def clean_text(value):
    """``value`` without NUL characters (None stays None)."""
    return value.replace("\x00", "") if isinstance(value, str) else value


def clean_term(value, limit=50):
    """A search term or filter value: no NULs, trimmed, at most ``limit`` characters; None if empty."""
    text = (clean_text(value) or "").strip()[:limit]
    return text or None


def parse_int(value, *, low=-DB_INT_MAX, high=DB_INT_MAX):
    """``value`` (text or a number) as an integer within ``low``..``high``, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip() if value is not None else ""
        if not text or len(text) > 12 or not text.lstrip("+-").isdigit():
            return None
        number = int(text)
    return number if low <= number <= high else None


def parse_id(value):
    """A record id (1 or more, within the database's integers) from ``value``, else None."""
    return parse_int(value, low=1)
