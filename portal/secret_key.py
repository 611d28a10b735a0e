"""A secret key that is never in the repository.

Without a configured key, one is generated once into ``instance/secret_key`` and reused, so
sessions survive restarts of ``make run`` and nothing secret is committed.
"""
import os
import secrets

KEY_FILE = "secret_key"


def load_or_create(instance_path):
    path = os.path.join(instance_path, KEY_FILE)
    try:
        with open(path, encoding="ascii") as fh:
            key = fh.read().strip()
        if key:
            return key
    except FileNotFoundError:
        pass
    os.makedirs(instance_path, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    return key
