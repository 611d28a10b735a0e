"""Files in a folder: the default store (``instance/uploads`` or ``PORTAL_UPLOAD_DIR``)."""
import os
import secrets
import tempfile
from contextlib import suppress

from portal.storage import FileMissing, StorageUnavailable, valid_key


class LocalStore:
    def __init__(self, root):
        self.root = os.path.abspath(root)

    def describe(self):
        return f"folder {self.root}"

    def _path(self, key):
        if not valid_key(key):
            raise FileMissing(key)
        return os.path.join(self.root, *key.split("/"))

    def put(self, key, data):
        # Written to a temporary name in the same folder, then renamed: the key never holds
        # half a file, whatever happens while writing.
        path = self._path(key)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            handle, partial = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".upload-", suffix=".part")
        except OSError as error:
            raise StorageUnavailable(str(error)) from error
        try:
            with os.fdopen(handle, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(partial, path)
        except BaseException as error:
            with suppress(OSError):
                os.remove(partial)
            if isinstance(error, OSError):
                raise StorageUnavailable(str(error)) from error
            raise

    def read(self, key):
        try:
            with open(self._path(key), "rb") as fh:
                return fh.read()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise FileMissing(key) from None
        except OSError as error:
            raise StorageUnavailable(str(error)) from error

    def exists(self, key):
        return os.path.isfile(self._path(key))

    def delete(self, key):
        with suppress(FileNotFoundError, FileMissing):
            os.remove(self._path(key))

    def keys(self, prefix=""):
        """Every stored key (starting with ``prefix``), in no particular order."""
        start = os.path.join(self.root, *prefix.rstrip("/").split("/")) if prefix else self.root
        for folder, dirs, names in os.walk(start):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in names:
                if name.startswith("."):
                    continue  # partial writes and probes
                relative = os.path.relpath(os.path.join(folder, name), self.root)
                yield relative.replace(os.sep, "/")

    def probe(self):
        """Write, read back and remove a small file; raises StorageUnavailable if any step fails."""
        token = secrets.token_bytes(16)
        try:
            os.makedirs(self.root, exist_ok=True)
            handle, path = tempfile.mkstemp(dir=self.root, prefix=".probe-")
            try:
                with os.fdopen(handle, "wb") as fh:
                    fh.write(token)
                with open(path, "rb") as fh:
                    if fh.read() != token:
                        raise StorageUnavailable("read back differs")
            finally:
                with suppress(OSError):
                    os.remove(path)
        except OSError as error:
            raise StorageUnavailable(str(error)) from error
