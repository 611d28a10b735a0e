"""Where an import's files live: the upload and the checked rows, under PORTAL_UPLOAD_DIR/imports.

The checked rows are gzipped JSON lines, one per row, read back page by page for the preview.
"""
import gzip
import json
import os
import secrets
import tempfile
from contextlib import suppress

from flask import current_app

from portal.services import files

FOLDER = "imports"


def folder():
    return files.upload_folder(current_app, FOLDER)


def upload_path(batch):
    return upload_path_of(batch.stored_name)


def upload_path_of(stored_name):
    return os.path.join(folder(), stored_name)


def discard(stored_name):
    files.discard(folder(), [stored_name])


def rows_path(batch):
    return os.path.join(folder(), batch.stored_name + ".rows.gz")


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
    return name, size


class RowsWriter:
    """Checked rows into a temporary file, moved into place by ``commit`` (never half a file)."""

    def __init__(self, batch):
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

    def discard(self):
        self.file.close()
        with suppress(FileNotFoundError):
            os.remove(self.partial)


def read_rows(batch):
    """The checked rows of ``batch``, one dict at a time (nothing if it has none)."""
    path = rows_path(batch)
    if not os.path.exists(path):
        return
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def remove(batch):
    for path in (upload_path(batch), rows_path(batch)):
        with suppress(FileNotFoundError):
            os.remove(path)
