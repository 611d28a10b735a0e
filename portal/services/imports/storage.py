"""Where an import's files live: the upload and the checked rows, in the file store (area
``imports``), so a preview made on one app host can be saved through another. Each host keeps a
working copy in its instance folder (``imports-cache``), fetched from the store when missing:
openpyxl reads a workbook from a seekable file.

The checked rows are gzipped JSON lines, one per row, read back page by page for the preview.
"""
import gzip
import json
import os
import secrets
import tempfile
from contextlib import suppress

from flask import current_app

from portal import storage
from portal.services import files

FOLDER = "imports"


def folder():
    """This host's working copies (a cache of the file store's ``imports`` area)."""
    path = os.path.join(current_app.instance_path, "imports-cache")
    os.makedirs(path, exist_ok=True)
    return path


def _local(name):
    """The working copy of stored file ``name``, fetched from the store if this host lacks it.
    Raises storage.FileMissing when the store does not have it either."""
    path = os.path.join(folder(), name)
    if not os.path.exists(path):
        data = storage.read(storage.key(FOLDER, name))
        handle, partial = tempfile.mkstemp(dir=folder(), prefix=".fetch-", suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(partial, path)
    return path


def _share(name):
    """Put this host's working copy of ``name`` into the file store for the other hosts."""
    with open(os.path.join(folder(), name), "rb") as fh:
        storage.put(storage.key(FOLDER, name), fh.read())


def upload_path(batch):
    return upload_path_of(batch.stored_name)


def upload_path_of(stored_name):
    return _local(stored_name)


def discard(stored_name):
    with suppress(FileNotFoundError):
        os.remove(os.path.join(folder(), stored_name))
    files.discard(FOLDER, [stored_name])


def rows_name(batch):
    return batch.stored_name + ".rows.gz"


def rows_path(batch):
    return os.path.join(folder(), rows_name(batch))


def save_upload(stream, limit, extension="bin"):
    """Copy an upload to a new stored file, reading at most ``limit`` + 1 bytes; returns
    (stored name, size). The caller refuses a file that came out one byte too long."""
    handle, partial = tempfile.mkstemp(dir=folder(), prefix=".upload-", suffix=".part")
    size = 0
    try:
        with os.fdopen(handle, "wb") as out:
            while size <= limit:
                chunk = stream.read(min(1 << 16, limit + 1 - size))
                if not chunk:
                    break
                out.write(chunk)
                size += len(chunk)
        name = f"{secrets.token_hex(16)}.{extension}"
        os.replace(partial, os.path.join(folder(), name))
    except BaseException:
        with suppress(FileNotFoundError):
            os.remove(partial)
        raise
    if size <= limit:  # a file one byte too long is refused by the caller, never shared
        _share(name)
    return name, size


class RowsWriter:
    """Checked rows into a temporary file, moved into place by ``commit`` (never half a file)."""

    def __init__(self, batch):
        self.name = rows_name(batch)
        self.target = rows_path(batch)
        handle, self.partial = tempfile.mkstemp(dir=folder(), prefix=".rows-", suffix=".part")
        os.close(handle)
        self.file = gzip.open(self.partial, "wt", encoding="utf-8", compresslevel=3)

    def write(self, item):
        self.file.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")))
        self.file.write("\n")

    def commit(self):
        self.file.close()
        os.replace(self.partial, self.target)
        _share(self.name)

    def discard(self):
        self.file.close()
        with suppress(FileNotFoundError):
            os.remove(self.partial)


def read_rows(batch):
    """The checked rows of ``batch``, one dict at a time (nothing if it has none)."""
    try:
        path = _local(rows_name(batch))
    except storage.FileMissing:
        return
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def remove(batch):
    for name in (batch.stored_name, rows_name(batch)):
        discard(name)
