"""Where uploaded files live: one store per installation, chosen by ``PORTAL_STORAGE_URL``.

Every upload area (case documents, training materials, content files, audit archives) keeps
its bytes here under a key ``<area>/<name>``, and nowhere else, so several app hosts can share
one store:

- unset, or ``file:///path``: a local folder (default ``PORTAL_UPLOAD_DIR``, else
  ``instance/uploads``); fine for one host, or several sharing a network folder;
- ``s3://bucket[/prefix][?endpoint=https://host:port&region=…]``: S3-compatible object storage
  (MinIO, Ceph, a cloud's S3) through boto3. Credentials come from the URL
  (``s3://KEY:SECRET@bucket``) or boto3's usual environment variables.

A store raises :class:`FileMissing` for a key it does not hold and :class:`StorageUnavailable`
when it cannot be reached; callers turn both into a clear message and leave the database as it
was. Reading a stored file is :func:`read`.
"""
from urllib.parse import urlsplit

from flask import current_app


class StorageError(Exception):
    """Something went wrong with the file store."""


class FileMissing(StorageError):
    """The store holds no file under this key."""


class StorageUnavailable(StorageError):
    """The store cannot be reached or refused to work (network, credentials, full disk…)."""


def valid_key(key):
    """Keys are ``area/name`` made by the portal: plain segments, never a path that climbs out."""
    parts = key.split("/") if isinstance(key, str) else []
    return bool(parts) and all(p and not p.startswith(".") and "\\" not in p and "\x00" not in p for p in parts)


def key(area, name):
    joined = f"{area}/{name}"
    if not valid_key(joined):
        raise ValueError(f"not a storage key: {joined!r}")
    return joined


def open_store(url, *, default_folder):
    """The store ``url`` names (see the module's text); ``default_folder`` when no URL is given."""
    if not url:
        from portal.storage.local import LocalStore

        return LocalStore(default_folder)
    scheme = urlsplit(url).scheme
    if scheme == "file":
        from portal.storage.local import LocalStore

        return LocalStore(urlsplit(url).path or default_folder)
    if scheme == "s3":
        from portal.storage.s3 import S3Store

        return S3Store.from_url(url)
    raise ValueError(f"PORTAL_STORAGE_URL must start with file:// or s3://, not {scheme or url!r}")


def default_folder(app):
    import os

    return app.config.get("PORTAL_UPLOAD_DIR") or os.path.join(app.instance_path, "uploads")


def get_store(app=None):
    """The app's store, made once per app and setting (a boto3 client is costly to make)."""
    app = app or current_app
    wanted = (app.config.get("PORTAL_STORAGE_URL") or "", default_folder(app))
    cached = app.extensions.get("portal_storage")
    if cached is None or cached[0] != wanted:
        cached = (wanted, open_store(wanted[0], default_folder=wanted[1]))
        app.extensions["portal_storage"] = cached
    return cached[1]


def put(key, data):
    """Keep ``data`` (bytes) under ``key``; the key holds the whole file or nothing."""
    get_store().put(key, data)


def read(key):
    """The bytes stored under ``key``. Raises FileMissing or StorageUnavailable."""
    return get_store().read(key)


def delete(key):
    """Remove ``key`` if it is there."""
    get_store().delete(key)
