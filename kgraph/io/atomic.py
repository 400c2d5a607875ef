"""Writing files and folders atomically, with the mode the umask gives (as ``open`` would), never 0600.

Readers see the old file or the new one, never half of one; on any error the
temporary file is removed and the target is left as it was.
"""

from __future__ import annotations

import os
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

_UMASK_LOCK = threading.Lock()


def umask() -> int:
    """The process's umask (reading it means setting it: done under a lock and restored at once)."""
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode a new file gets from ``open``: 0666 minus the umask."""
    return 0o666 & ~umask()


def folder_mode() -> int:
    """The mode a new folder gets from ``mkdir``: 0777 minus the umask."""
    return 0o777 & ~umask()


@contextmanager
def atomic_file(path: Path):
    """A binary file to write that replaces ``path`` only once it is complete and synced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, file_mode())  # mkstemp makes the file 0600
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_file`)."""
    with atomic_file(path) as fh:
        fh.write(data)


def temporary_folder(beside: Path, label: str) -> Path:
    """A new empty folder next to ``beside`` (same file system, so it can be renamed over it), with the umask's mode."""
    beside.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=beside.parent, prefix=f".{beside.name}.{label}."))
    os.chmod(folder, folder_mode())  # mkdtemp makes the folder 0700
    return folder


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Swap ``a`` and ``b`` in one step (``renameat2(RENAME_EXCHANGE)``): no moment sees either missing.

    False when the system or the file system cannot (not Linux, an old kernel or C library, a file system
    without it); then nothing was changed and the caller falls back to two renames.
    """
    import ctypes
    import errno

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))
