"""Demo data (filled in later in this change)."""
DEMO_PASSWORD = "demo-pass-2026"
DEMO_USERS = ()


def database_is_empty():
    return True


def load_demo_data():
    return {}
