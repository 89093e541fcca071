"""Writing files so that a crash never leaves half a file behind, and hamcoach's own data
folder and every file it writes private to their owner (they hold health data)."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path) -> Path:
    """Create ``path`` for hamcoach's own data: each folder it creates (missing parents
    too) is 0700; one that exists is left as its owner set it. Raises OSError."""
    missing = []
    folder = path
    while not folder.is_dir() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process made it meanwhile
            folder.mkdir(mode=PRIVATE_DIR)
    if not path.is_dir():
        raise NotADirectoryError(20, "it is a file, not a folder", str(path))
    return path


def write_atomic(path: Path, data: bytes | str, *, private: bool = False) -> None:
    """Write to a new temporary file beside ``path``, then rename it over ``path``: a reader
    sees the old file or the new one, never half. Raises OSError.

    The temporary file is created with O_EXCL under a random name in the target's folder,
    so nothing planted there (a file, a symlink to somewhere else) is followed or written
    through; it is removed on any failure, Ctrl-C included. The file keeps the mode of the
    one it replaces (its owner may have shared it on purpose); a new one is 0600, whatever
    the umask: everything hamcoach writes (an export, a calendar, a plot, its own data)
    holds a person's health data. ``private``: hamcoach's own data folder, whose missing
    folders are made 0700 (other folders are made as the umask says).
    """
    import tempfile

    payload = data.encode("utf-8") if isinstance(data, str) else data  # fails before any file
    if private:
        private_dir(path.parent)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), mode)
            f.write(payload)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return PRIVATE_FILE
