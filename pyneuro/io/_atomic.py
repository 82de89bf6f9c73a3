"""Atomic file writes: the one helper every writer (text, net files, figures) goes through."""

import os
import secrets

from ..errors import FileAccessError

__all__ = ["write_atomically"]


def write_atomically(path, write, binary=False):
    """Call ``write(stream)`` on a temporary file in the same folder, then rename it to `path`.

    An interrupted or failed write leaves the old file (or none), never a partial one.

    Parameters
    ----------
    path : str or os.PathLike
    write : callable
        Receives the open stream (text, UTF-8 with ``\\n`` line ends, or binary).
    binary : bool, default False

    Raises
    ------
    FileAccessError
        The folder is missing, the path is a directory, or the OS refuses the write.
    """
    name = os.fsdecode(os.fspath(path))
    if os.path.isdir(name):
        raise FileAccessError(f"Cannot write {name!r}: it is a directory.")
    folder = os.path.dirname(os.path.abspath(name))
    temporary = os.path.join(folder, f".{os.path.basename(name)}.{secrets.token_hex(4)}.tmp")
    try:
        # Mode 0o666 lets the umask decide the permissions, as for any new file (tempfile would
        # make it private, 0o600).
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileNotFoundError as exc:
        raise FileAccessError(f"Cannot write {name!r}: folder {folder!r} does not exist.") from exc
    except OSError as exc:
        raise FileAccessError(f"Cannot write {name!r}: {exc.strerror or exc}.") from exc
    try:
        if binary:
            stream = open(descriptor, "wb")
        else:
            stream = open(descriptor, "w", encoding="utf-8", newline="\n")
        with stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, name)
    except BaseException as exc:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, FileAccessError):
            raise FileAccessError(f"Cannot write {name!r}: {exc.strerror or exc}.") from exc
        raise
