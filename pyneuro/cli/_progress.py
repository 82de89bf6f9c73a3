"""The training progress line on stderr (``pyneuro train`` on a terminal).

One line, rewritten in place with ``\\r``, redrawn at most every ``interval`` seconds:
``traingdm  [########............]  412/1000  mse 0.0413  grad 0.0466  0:02``. It is
drawn only on a terminal and erased when training ends, so a log or a pipe never sees it.
MATLAB's classic lines (``--show N``) go to stdout through :meth:`Progress.echo`, which
erases the bar first so the two never mix on one line.
"""

import math
import shutil
import sys
import time

import click

_BAR = 20


class Progress:
    """Callback for :func:`pyneuro.train` that draws a progress line.

    Parameters
    ----------
    label : str
        Shown first (the training function's name).
    perf_name : str
        Name of the performance (``'mse'``).
    enabled : bool
        Draw at all (the caller decides: a terminal and not ``--quiet``).
    stream : file, optional
        Where to draw; stderr by default.
    interval : float, optional
        Minimum seconds between redraws.
    clock : callable, optional
        Monotonic clock (for tests).
    """

    def __init__(self, label, perf_name, enabled, stream=None, interval=0.2,
                 clock=time.monotonic):
        self.label = label
        self.perf_name = perf_name
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval
        self.clock = clock
        self._start = clock()
        self._last_draw = -math.inf
        self._shown = 0  # width of the line on screen, 0 when none
        self._info = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.clear()
        return False

    def __call__(self, info):
        """Record one epoch (an EpochInfo); redraw when the interval has passed."""
        self._info = info
        if self.enabled:
            now = self.clock()
            if now - self._last_draw >= self.interval or info.stop is not None:
                self._last_draw = now
                self._draw(now)
        return False  # never asks training to stop

    def text(self, now=None):
        """The progress line for the last recorded epoch."""
        info = self._info
        if info is None:
            return ""
        elapsed = (self.clock() if now is None else now) - self._start
        minutes, seconds = divmod(int(elapsed), 60)
        parts = [self.label]
        if math.isfinite(info.epochs) and info.epochs > 0:
            done = min(info.epoch / info.epochs, 1.0)
            filled = int(round(done * _BAR))
            width = len(str(int(info.epochs)))
            parts.append("[" + "#" * filled + "." * (_BAR - filled) + "]")
            parts.append(f"{info.epoch:>{width}d}/{int(info.epochs)}")
        else:
            parts.append(f"epoch {info.epoch}")
        parts.append(f"{self.perf_name} {info.perf:.4g}")
        parts.append(f"grad {info.gradient:.3g}")
        parts.append(f"{minutes}:{seconds:02d}")
        return "  ".join(parts)

    def _draw(self, now):
        columns = shutil.get_terminal_size((80, 24)).columns
        line = self.text(now)[:max(columns - 1, 10)]
        # Pad with spaces over a longer previous line; no ANSI codes needed.
        self.stream.write("\r" + line.ljust(self._shown))
        self.stream.flush()
        self._shown = len(line)

    def clear(self):
        """Erase the progress line (if one is shown)."""
        if self._shown:
            self.stream.write("\r" + " " * self._shown + "\r")
            self.stream.flush()
            self._shown = 0

    def echo(self, line):
        """Print a line to stdout (MATLAB's classic progress line) without garbling the bar."""
        self.clear()
        click.echo(line)
        if self.enabled and self._info is not None:
            self._draw(self.clock())
