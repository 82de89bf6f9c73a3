"""Reading and writing whole files: the one place that turns OS errors into FileAccessError.

Every reader (text data, net files) gets its bytes from :func:`read_bytes`, and every writer
(text, net files, figures) goes through :func:`write_atomically`.
"""

import os
import secrets

from ..errors import FileAccessError

__all__ = ["read_bytes", "write_atomically", "check_writable"]


def read_bytes(path, kind="data file"):
    """The whole file at `path` as bytes.

    Parameters
    ----------
    path : str or os.PathLike
    kind : str
        What the file should be, for the message when `path` is a directory.

    Raises
    ------
    FileAccessError
        Missing file, a directory, no permission, or another OS error.
    """
    name = os.fsdecode(os.fspath(path))
    try:
        with open(name, "rb") as stream:
            return stream.read()
    except FileNotFoundError as exc:
        raise FileAccessError(f"No such file: {name!r}.") from exc
    except IsADirectoryError as exc:
        raise FileAccessError(f"{name!r} is a directory, not a {kind}.") from exc
    except PermissionError as exc:
        raise FileAccessError(f"Permission denied: cannot read {name!r}.") from exc
    except OSError as exc:
        raise FileAccessError(f"Cannot read {name!r}: {exc.strerror or exc}.") from exc


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
    descriptor, temporary = _create_temporary(name)
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


def _create_temporary(name):
    """Create an empty temporary file beside `name`; return ``(descriptor, its path)``."""
    if os.path.isdir(name):
        raise FileAccessError(f"Cannot write {name!r}: it is a directory.")
    folder = os.path.dirname(os.path.abspath(name))
    temporary = os.path.join(folder, f".{os.path.basename(name)}.{secrets.token_hex(4)}.tmp")
    try:
        # Mode 0o666 lets the umask decide the permissions, as for any new file (tempfile would
        # make it private, 0o600).
        return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temporary
    except FileNotFoundError as exc:
        raise FileAccessError(f"Cannot write {name!r}: folder {folder!r} does not exist.") from exc
    except OSError as exc:
        raise FileAccessError(f"Cannot write {name!r}: {exc.strerror or exc}.") from exc


def check_writable(path):
    """Check that `path` can be written, by creating and removing a file beside it.

    For callers about to do long work (training) before writing: they fail at once instead.

    Raises
    ------
    FileAccessError
        As :func:`write_atomically` would.
    """
    descriptor, temporary = _create_temporary(os.fsdecode(os.fspath(path)))
    os.close(descriptor)
    os.unlink(temporary)
