"""Reading and writing whole files: the one place that turns OS errors into FileAccessError.

Every reader (text data, net files) gets its bytes from :func:`read_bytes`, and every writer
(text, net files, figures) goes through :func:`write_atomically`, which knows what an output
path may be:

* a regular file (or a new name): written to a temporary file beside it, flushed to disk and
  renamed over it, keeping the replaced file's permissions;
* a symbolic link: followed, and its target replaced as above (the link stays a link);
* a character device (``/dev/null``, a terminal) or a FIFO: written into directly, never
  replaced by a regular file;
* ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N`` (or a symlink to one): written through that
  open descriptor, wherever it leads (a pipe, a terminal, a redirected file, which is appended
  to, not replaced);
* an open stream (``sys.stdout``): written into and left open.
"""

import os
import re
import secrets
import select
import stat
import sys

from ..errors import FileAccessError, PyneuroError

__all__ = ["read_bytes", "write_atomically", "check_writable", "READ_LIMIT"]

# The most a reader takes from one file: a stream that never ends (/dev/zero, a FIFO fed by
# 'yes') fails with a message instead of filling memory.
READ_LIMIT = 2**30
_CHUNK = 2**20
_STANDARD_NAMES = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
_DESCRIPTOR_PATH = re.compile(r"/(?:dev/fd|proc/self/fd)/([0-9]+)")
_MAX_SYMLINKS = 40
_CHECK_BYTES = 2**16
# A file name may take 255 bytes; the temporary name adds '.' before and '.<8 hex>.tmp' after.
_NAME_MAX = 255
_TEMPORARY_EXTRA = len(".") + len(".00000000.tmp")


def read_bytes(path, kind="data file", limit=None, check_start=None):
    """The whole file at `path` as bytes, at most `limit` of them.

    Parameters
    ----------
    path : str, os.PathLike or binary stream
        A stream (``sys.stdin.buffer``) is read to its end and left open.
    kind : str
        What the file should be, for messages.
    limit : int, optional
        The most bytes to read (default :data:`READ_LIMIT`).
    check_start : callable, optional
        Called with the first 64 KiB (once read) before reading on; raises to stop
        early (a text reader refuses ``/dev/zero`` on its first NUL byte).

    Raises
    ------
    FileAccessError
        Missing file, a directory, no permission, another OS error, or more than `limit`
        bytes (a file too large, or a stream that does not end).
    """
    limit = READ_LIMIT if limit is None else limit
    if hasattr(path, "read"):
        return _read_stream(path, "standard input", kind, limit, check_start)
    name = os.fsdecode(os.fspath(path))
    try:
        with open(name, "rb") as stream:
            info = os.fstat(stream.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise FileAccessError(
                    f"{name!r} is {info.st_size:,} bytes; a {kind} may be at most {limit:,} "
                    "bytes. Is it the right file?")
            if stat.S_ISREG(info.st_mode):
                # The whole file in one read: one allocation, no copy (a 61 MB text file
                # read in 1 MiB pieces cost ~0.1 s and twice its size in memory).
                whole = stream.read(info.st_size + 1)
                if len(whole) <= info.st_size:
                    if check_start is not None and len(whole) >= _CHECK_BYTES:
                        check_start(whole[:_CHECK_BYTES])
                    return whole
                stream.seek(0)  # it grew while being read: read it as a stream
            return _read_stream(stream, name, kind, limit, check_start)
    except FileNotFoundError as exc:
        raise FileAccessError(f"No such file: {name!r}.") from exc
    except IsADirectoryError as exc:
        raise FileAccessError(f"{name!r} is a directory, not a {kind}.") from exc
    except PermissionError as exc:
        raise FileAccessError(f"Permission denied: cannot read {name!r}.") from exc
    except PyneuroError:
        raise  # check_start's verdict (NetFileError is an OSError too)
    except OSError as exc:
        raise FileAccessError(f"Cannot read {name!r}: {exc.strerror or exc}.") from exc


def _wait_readable(stream):
    """Wait for `stream` to have data (or its end) in slices of a quarter second.

    A signal may be delivered to any thread that does not block it, a BLAS worker thread
    among them: Python then runs its handler (SIGTERM's, Ctrl-C's) only when the main
    thread next executes Python code, and a main thread blocked in read() on a pipe or FIFO
    that stays silent never would. Waiting in slices lets the handler run.
    """
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (BytesIO): never blocks
        return
    if os.name != "posix":  # select() takes only sockets on Windows
        return
    while not select.select([fd], [], [], 0.25)[0]:
        pass


def _read_stream(stream, name, kind, limit, check_start):
    data = bytearray()
    # read1: what is there, not a full chunk (a buffered read(n) would block in the kernel
    # again until n bytes arrived).
    read = getattr(stream, "read1", stream.read)
    while True:
        _wait_readable(stream)
        chunk = read(min(_CHUNK, limit + 1 - len(data)))
        if not chunk:
            return bytes(data)
        # A pipe may deliver a few bytes at a time: check once there is enough to judge.
        checked = len(data) >= _CHECK_BYTES
        data += chunk
        if check_start is not None and not checked and len(data) >= _CHECK_BYTES:
            check_start(bytes(data[:_CHECK_BYTES]))
        if len(data) > limit:
            raise FileAccessError(
                f"{name!r} did not end after {limit:,} bytes, the most a {kind} may hold. Is "
                "it a device or a stream that never ends (such as /dev/zero)?")


def write_atomically(path, write, binary=False):
    """Call ``write(stream)`` to write the output `path`, never leaving it half-written.

    A regular file (or a new name) is written to a temporary file in the same folder, flushed
    to disk and renamed over `path`, with the permissions of the file it replaces; a symbolic
    link is followed and its target replaced that way. A character device or a FIFO is
    written into directly. An open stream is written into and flushed, not closed.

    Parameters
    ----------
    path : str, os.PathLike or stream
    write : callable
        Receives the open stream (text, UTF-8 with ``\\n`` line ends, or binary).
    binary : bool, default False

    Raises
    ------
    FileAccessError
        The folder is missing, the path is a directory or a block device, or the OS refuses
        the write (no permission, a full disk, ...). The message says whether the file was
        left unchanged.
    """
    if hasattr(path, "write"):
        write(path)
        path.flush()
        return
    name = os.fsdecode(os.fspath(path))
    descriptor = _standard_descriptor(name)
    if descriptor is not None:
        _write_into(name, descriptor, write, binary)
        return
    target = os.path.realpath(name)
    existing = _existing(name, target)
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        _write_into(name, target, write, binary)
        return
    descriptor, temporary = _create_temporary(name, target)
    try:
        if existing is not None:
            _copy_permissions(descriptor, existing)
        stream = open(descriptor, "wb" if binary else "w",
                      **({} if binary else {"encoding": "utf-8", "newline": "\n"}))
        with stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException as exc:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(exc, OSError) and not isinstance(exc, FileAccessError):
            unchanged = "it was left as it was" if existing is not None else "nothing was written"
            raise FileAccessError(f"Cannot write {name!r}: {exc.strerror or exc}; "
                                  f"{unchanged}.") from exc
        raise


def _existing(name, target):
    """``os.stat`` of the output's target, None if there is none; refuses what no output can be.
    """
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise FileAccessError(f"Cannot write {name!r}: {exc.strerror or exc}.") from exc
    if stat.S_ISDIR(info.st_mode):
        raise FileAccessError(f"Cannot write {name!r}: it is a directory.")
    if stat.S_ISBLK(info.st_mode):
        raise FileAccessError(f"Cannot write {name!r}: it is a block device (a disk); give a "
                              "file name.")
    if stat.S_ISSOCK(info.st_mode):
        raise FileAccessError(f"Cannot write {name!r}: it is a socket; give a file name.")
    return info


def _standard_descriptor(name):
    """The descriptor that `name` stands for (``/dev/stdout`` → 1, ``/dev/fd/3`` → 3, or a
    symlink to one of those), None for any other name.

    Such a name must be written through the open descriptor: opening the path again would
    start at offset 0 of a redirected file, and its real path (``/proc/.../pipe:[...]``) is no
    file that could be replaced.
    """
    path = os.path.abspath(name)
    for _ in range(_MAX_SYMLINKS):
        if path in _STANDARD_NAMES:
            return _STANDARD_NAMES[path]
        match = _DESCRIPTOR_PATH.fullmatch(path)
        if match:
            return int(match.group(1))
        if not os.path.islink(path):
            return None
        path = os.path.abspath(os.path.join(os.path.dirname(path), os.readlink(path)))
    return None


def _write_into(name, target, write, binary):
    """Write into a character device, FIFO or open descriptor (an int `target`) as it is: no
    temporary file, no rename."""
    try:
        if isinstance(target, int):
            for stream in (sys.stdout, sys.stderr):  # what was printed comes first
                if _descriptor_of(stream) == target:
                    stream.flush()
            descriptor = os.dup(target)
        else:
            descriptor = os.open(target, os.O_WRONLY)
    except OSError as exc:
        raise FileAccessError(f"Cannot write {name!r}: {exc.strerror or exc}.") from exc
    try:
        stream = open(descriptor, "wb" if binary else "w",
                      **({} if binary else {"encoding": "utf-8", "newline": "\n"}))
        with stream:
            write(stream)
            stream.flush()
    except OSError as exc:
        if isinstance(exc, FileAccessError):
            raise
        raise FileAccessError(f"Cannot write {name!r}: {exc.strerror or exc}; what it "
                              "received may be incomplete.") from exc


def _descriptor_of(stream):
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None


def _copy_permissions(descriptor, existing):
    """Give the new file the replaced file's mode (and, where allowed, owner)."""
    os.fchmod(descriptor, stat.S_IMODE(existing.st_mode))
    try:
        os.fchown(descriptor, existing.st_uid, existing.st_gid)
    except OSError:
        pass  # only root may give a file away; the mode is what protects it


def _create_temporary(name, target):
    """Create an empty temporary file beside `target`; return ``(descriptor, its path)``."""
    folder, base = os.path.split(target)
    # Shorten the name, not the file: a legal 250-byte name must not fail for its temporary.
    prefix = os.fsdecode(os.fsencode(base)[:_NAME_MAX - _TEMPORARY_EXTRA])
    temporary = os.path.join(folder, f".{prefix}.{secrets.token_hex(4)}.tmp")
    try:
        # Mode 0o666 lets the umask decide the permissions, as for any new file (tempfile would
        # make it private, 0o600).
        return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temporary
    except FileNotFoundError as exc:
        raise FileAccessError(f"Cannot write {name!r}: folder {folder!r} does not "
                              "exist.") from exc
    except OSError as exc:
        raise FileAccessError(f"Cannot write {name!r}: {exc.strerror or exc}.") from exc


def check_writable(path):
    """Check that `path` can be written, as :func:`write_atomically` would write it.

    For callers about to do long work (training) before writing: they fail at once instead.
    A device or FIFO is checked for write permission; a regular file or new name by creating
    and removing a file beside it.

    Raises
    ------
    FileAccessError
        As :func:`write_atomically` would.
    """
    name = os.fsdecode(os.fspath(path))
    descriptor = _standard_descriptor(name)
    if descriptor is not None:
        try:
            os.fstat(descriptor)
        except OSError as exc:
            raise FileAccessError(f"Cannot write {name!r}: descriptor {descriptor} is not "
                                  f"open ({exc.strerror or exc}).") from exc
        return
    target = os.path.realpath(name)
    existing = _existing(name, target)
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        if not os.access(target, os.W_OK):
            raise FileAccessError(f"Permission denied: cannot write {name!r}.")
        return
    descriptor, temporary = _create_temporary(name, target)
    os.close(descriptor)
    os.unlink(temporary)
