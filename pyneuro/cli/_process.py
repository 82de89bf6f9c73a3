"""How a command behaves as a Unix process: its standard output, signals and exit status.

* Standard output that fails (the reader of a pipe is gone, ``> /dev/full``) does not stop
  the command half-way: what it prints is dropped from then on, the command finishes its work
  (its files are written), and only then exits, with 141 for a closed pipe (as a tool killed
  by SIGPIPE) or 1 with a message for any other write error.
* SIGTERM ends the command through Python (exit status 143), so that a temporary file being
  written is removed; during training it stops training as Ctrl-C does, and the files are
  written before the command exits with 143. Ctrl-C outside training exits with 130 and a
  one-line message.
* While the output files are written (:func:`held_signals`), Ctrl-C and SIGTERM wait: the
  files are finished first, then the command exits with 130 or 143. A third signal stops a
  write that cannot finish (a FIFO nobody reads); no file is left half-written.
* Once the files are written, when the command is the whole process (:func:`run_process`,
  the ``pyneuro`` executable), Ctrl-C and SIGTERM end it at once, by the signal, as they end
  a C tool: what is left is the report and Python's shutdown, and a KeyboardInterrupt there
  would print a traceback ("Exception ignored in atexit callback") or claim that no files
  were written. A signal the process was started ignoring (``cmd &`` in a script) stays
  ignored throughout.
"""

import contextlib
import errno
import io
import os
import signal
import sys

import click

# A shell's status for a process ended by a signal: 128 + the signal's number.
BROKEN_PIPE_EXIT = 128 + signal.SIGPIPE
INTERRUPT_EXIT = 128 + signal.SIGINT
TERMINATE_EXIT = 128 + signal.SIGTERM

__all__ = ["BROKEN_PIPE_EXIT", "INTERRUPT_EXIT", "TERMINATE_EXIT", "Terminated",
           "protected_stdout", "stdout_failure", "terminate_by_exception",
           "Interruptions", "held_signals", "run_process"]


class Terminated(BaseException):
    """SIGTERM arrived. A BaseException, so that ``except Exception`` blocks let it pass and
    ``except BaseException`` clean-ups (temporary files) run."""


class _ForgivingWriter(io.RawIOBase):
    """File descriptor 1 that drops everything after its first write error and keeps it."""

    def __init__(self, descriptor):
        super().__init__()
        self.descriptor = descriptor
        self.error = None

    def writable(self):
        return True

    def fileno(self):
        return self.descriptor

    def isatty(self):
        return os.isatty(self.descriptor)

    def write(self, data):
        if self.error is None:
            try:
                return os.write(self.descriptor, data)
            except OSError as exc:
                self.error = exc
        return len(data)


@contextlib.contextmanager
def protected_stdout():
    """Run the block with a ``sys.stdout`` that never raises; yield a function that returns the
    first error writing to the real one (None if there was none), after flushing it.

    Under a test runner (no real file descriptor) standard output is left as it is.
    """
    original = sys.stdout
    try:
        descriptor = original.fileno()
        original.flush()
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        yield lambda: None
        return
    raw = _ForgivingWriter(descriptor)
    # backslashreplace: a file name that is not valid UTF-8 prints, escaped, instead of
    # raising UnicodeEncodeError in the middle of a report.
    stream = io.TextIOWrapper(io.BufferedWriter(raw), encoding=original.encoding,
                              errors="backslashreplace", line_buffering=original.line_buffering)

    def first_error():
        stream.flush()
        return raw.error

    sys.stdout = stream
    try:
        yield first_error
    finally:
        stream.flush()
        sys.stdout = original
        stream.detach()  # the real descriptor stays open for the interpreter


def stdout_failure(error):
    """The exit for a failed standard output: 141 for a closed pipe, else a message and 1."""
    if error.errno == errno.EPIPE:
        _stdout_to_devnull()
        return click.exceptions.Exit(BROKEN_PIPE_EXIT)
    return click.ClickException(f"cannot write to standard output: "
                                f"{error.strerror or error}; what it shows is incomplete.")


def _stdout_to_devnull():
    """Send later writes to fd 1, and the flush at exit, to /dev/null instead of the closed
    pipe."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return  # not a real file (e.g. under CliRunner)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, descriptor)
    finally:
        os.close(devnull)


def _raise_terminated(signum, frame):
    raise Terminated()


@contextlib.contextmanager
def terminate_by_exception():
    """Turn SIGTERM into :class:`Terminated` inside the block (main thread only), unless it
    is ignored."""
    try:
        previous = signal.getsignal(signal.SIGTERM)
        turned = previous not in (signal.SIG_IGN, None)  # None: a handler set outside Python
        if turned:
            signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:  # not the main thread
        turned = False
    try:
        yield
    finally:
        if turned:
            signal.signal(signal.SIGTERM, previous)


# Signals held while writing before the command gives up waiting for the write.
_ABANDON_AFTER = 3


class Interruptions:
    """What Ctrl-C and SIGTERM do while installed (:func:`held_signals`).

    While ``armed`` (training runs) the first one stops training: it raises KeyboardInterrupt,
    which ``train(..., interrupt="stop")`` turns into "User stop.", and disarms. Otherwise it
    is held: recorded, and the command goes on writing its files. The third held one gives up
    a write that cannot finish (a FIFO nobody reads); no file is left half-written.
    """

    def __init__(self):
        self.armed = False
        self.stopped_by = None  # the signal that stopped training
        self.held = []

    def __call__(self, signum, frame):
        if self.armed:
            self.armed = False
            self.stopped_by = signum
            raise KeyboardInterrupt
        self.held.append(signum)
        if len(self.held) >= _ABANDON_AFTER:
            raise KeyboardInterrupt(f"Interrupted {_ABANDON_AFTER} times while writing: "
                                    "stopped. Files written before are complete; the one "
                                    "being written was left as it was.")

    def watch(self, info):
        """Per-epoch callback: once the loop has decided to stop, a signal no longer stops it
        (it is past the point where "User stop." can be recorded) but waits."""
        if info.stop is not None:
            self.armed = False

    @property
    def exit_code(self):
        """128 + the first held signal's number, or SIGTERM's if it stopped training; None
        for none (or for the Ctrl-C that stopped training, which is a normal end)."""
        if self.held:
            return 128 + self.held[0]
        return 128 + self.stopped_by if self.stopped_by == signal.SIGTERM else None


_HELD = (signal.SIGINT, signal.SIGTERM)
# True while run_process runs a command: the process ends with it.
_whole_process = False


def _after_the_files(handler):
    """The handler for a held signal once the files are written: the one before, except that
    in a whole process Python's own (a KeyboardInterrupt, a Terminated) becomes the
    system's (the process ends by the signal)."""
    if _whole_process and handler != signal.SIG_IGN:
        return signal.SIG_DFL
    return handler


@contextlib.contextmanager
def held_signals():
    """Install :class:`Interruptions` for Ctrl-C and SIGTERM (disarmed: they wait until the
    block ends) and yield it. A signal being ignored is left ignored.
    """
    interruptions = Interruptions()
    previous = {}
    try:
        for signum in _HELD:
            if signal.getsignal(signum) not in (signal.SIG_IGN, None):
                previous[signum] = signal.signal(signum, interruptions)
    except ValueError:  # not the main thread: nothing can be held
        pass
    try:
        yield interruptions
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, _after_the_files(handler))


def run_process(command, **kwargs):
    """Run the click `command` as the whole process (standalone: it ends by ``SystemExit``).

    From the moment its files are written (the end of :func:`held_signals`) to the
    interpreter's exit, Ctrl-C and SIGTERM end the process by the signal, with no traceback.
    Only for an executable: in a host that goes on (a notebook), call the command itself.
    """
    global _whole_process
    _whole_process = True
    try:
        command(**kwargs)
    finally:
        try:
            for signum in _HELD:
                handler = signal.getsignal(signum)
                if handler is not None:  # None: a handler set outside Python
                    signal.signal(signum, _after_the_files(handler))
        except ValueError:  # not the main thread
            pass
        _whole_process = False
