"""What the commands share: grouped help, parameter types, output checks, error handling.

Exit codes (SPEC §6): 0 success; 2 bad usage or bad input, reported as one paragraph without a
traceback; 1 anything else. Every :class:`~pyneuro.errors.PyneuroError` is about the input
(a data or net file, a function name, a parameter), so it exits 2; ``--debug`` adds the
traceback to either. When the reader of stdout goes away (``pyneuro info net.npz | head -1``)
a command stops quietly with status 141, as Unix tools killed by SIGPIPE do (128 + 13), once
its files are written; see :mod:`._process` for signals.
"""

import contextlib
import math
import os
import sys
import traceback
import warnings

import click
from click.shell_completion import CompletionItem

from ..errors import (ConstantRowWarning, DataFormatError, FileAccessError, ParameterError,
                      PyneuroError, PyneuroWarning)
from ..io._files import check_writable
from ._process import (INTERRUPT_EXIT, TERMINATE_EXIT, Terminated, protected_stdout,
                       stdout_failure, terminate_by_exception)

# A data argument or output option "-" is standard input or output.
STDIO = "-"

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# -- help with option groups ---------------------------------------------------------------------


class GroupedOption(click.Option):
    """A click option with a ``group`` heading for the help page."""

    def __init__(self, *args, group="Other options", **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group

    def get_help_extra(self, ctx):
        extra = super().get_help_extra(ctx)
        # A descriptive default reads "[default: traingdm: 1000]", not "[default: (...)]";
        # ranges ("x>=0") are left to the error messages.
        if isinstance(self.show_default, str):
            extra["default"] = self.show_default
        extra.pop("range", None)
        return extra


class GroupedCommand(click.Command):
    """A command whose ``--help`` lists its options under their groups' headings."""

    def format_options(self, ctx, formatter):
        sections = {}
        for param in self.get_params(ctx):
            # Arguments are shown in the usage line (click 8.5+ would also list them here).
            record = None if isinstance(param, click.Argument) else param.get_help_record(ctx)
            if record is not None:
                sections.setdefault(getattr(param, "group", "Other options"), []).append(record)
        # --help (added by click, in no group) comes last whatever order click lists it in.
        sections["Other options"] = sections.pop("Other options", [])
        for heading, records in sections.items():
            with formatter.section(heading):
                formatter.write_dl(records)


def option(*args, **kwargs):
    """``click.option`` making a :class:`GroupedOption`."""
    return click.option(*args, cls=GroupedOption, **kwargs)


def debug_option(group="Other options"):
    return option("--debug", is_flag=True, group=group,
                  help="On an error, also print the Python traceback.")


def skip_rows_option(group, what="each data file"):
    return option("--skip-rows", type=click.IntRange(min=0), default=0, show_default=True,
                  metavar="N", group=group,
                  help=f"Lines to skip unread at the top of {what} (e.g. a header line).")


# -- parameter types -----------------------------------------------------------------------------


class LayerSizes(click.ParamType):
    """``10`` or ``10,5``: hidden layer sizes (the option may also be repeated)."""

    name = "N[,N...]"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        sizes = []
        for part in str(value).split(","):
            part = part.strip()
            # isascii: '²' and other Unicode digits pass isdigit() but not int().
            if not (part.isascii() and part.isdigit()) or int(part) < 1:
                self.fail(f"{value!r}: layer sizes must be whole numbers >= 1, "
                          "e.g. --hidden 10 or --hidden 10,5", param, ctx)
            sizes.append(int(part))
        return tuple(sizes)


class NameList(click.ParamType):
    """``tansig,purelin``: a comma-separated list of function names.

    With `choices`, the shell completes each name of the list (``--transfer tansig,pur<TAB>``);
    the names are checked by the command, which knows how many it needs.
    """

    name = "NAME[,NAME...]"

    def __init__(self, choices=()):
        self.choices = tuple(sorted(choices))

    def shell_complete(self, ctx, param, incomplete):
        done, comma, last = incomplete.rpartition(",")
        return [CompletionItem(done + comma + name) for name in self.choices
                if name.startswith(last.lower())]

    def convert(self, value, param, ctx):
        if isinstance(value, list):  # click's contract: accept an already-converted value
            return value
        names = [part.strip() for part in str(value).split(",")]
        if not all(names):
            self.fail(f"{value!r}: give the names separated by commas, e.g. tansig,purelin",
                      param, ctx)
        return names


def parse_value(text):
    """A ``--param`` value: a number, inf/nan, true/false, none, or else the text itself."""
    lowered = text.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in ("none", "null"):
        return None
    try:
        number = float(text)
    except ValueError:
        return text.strip()
    if math.isfinite(number) and number.is_integer() and "." not in text and "e" not in lowered:
        return int(number)
    return number


class Assignment(click.ParamType):
    """``name=value`` (a trainParam field and its value)."""

    name = "NAME=VALUE"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        key, sep, text = str(value).partition("=")
        key = key.strip()
        if not sep or not key or not text.strip():
            self.fail(f"{value!r} is not NAME=VALUE; write e.g. --param time=60 or "
                      "--param min_grad=1e-6", param, ctx)
        return key, parse_value(text)


# -- errors --------------------------------------------------------------------------------------


class InputError(click.ClickException):
    """Bad input (a file, a name, a value): ``Error: <one paragraph>`` and exit status 2."""

    exit_code = 2


class Failure(click.ClickException):
    """Anything that is not the user's input: exit status 1."""

    exit_code = 1


def option_error(opt, message):
    """A bad value of option `opt`: ``Invalid value for '--lr': <message>``, exit status 2.

    The option is quoted as click quotes it in its own messages (``'--epochs'``).
    """
    return click.BadParameter(message, param_hint=[opt])


def describe(exc, context=""):
    """One paragraph for a PyneuroError: the library's message (what, where and how to fix it),
    after `context` (which file) when given."""
    return (f"{context}: " if context else "") + str(exc).strip()


@contextlib.contextmanager
def guard(debug):
    """Turn library errors into exit codes: PyneuroError → 2, anything else → 1.

    Standard output that fails does not stop the command (see :mod:`._process`): the command
    finishes, then exits 141 (closed pipe) or 1. Ctrl-C outside training exits 130, SIGTERM
    143, each with a one-line message and after temporary files are removed.
    pyneuro's warnings are printed to stderr as ``Warning: ...`` lines, each text once;
    other packages' warnings (a dependency's DeprecationWarning, say) are for their
    developers, not for the command's user, and are not shown.
    premnmx/tramnmx/postmnmx's constant-row warnings are left out: they speak of rows of
    ``p``, and the commands name the data-file columns themselves (constant_columns_note).
    """
    try:
        with _warnings_to_stderr(), terminate_by_exception(), \
                protected_stdout() as stdout_error:
            yield
            error = stdout_error()
        if error is not None:
            raise stdout_failure(error)
    except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
        if debug:
            traceback.print_exc()
        raise
    except KeyboardInterrupt as exc:
        if debug:
            traceback.print_exc()
        click.echo(str(exc) or "Interrupted (Ctrl-C); no files were written.", err=True)
        raise click.exceptions.Exit(INTERRUPT_EXIT) from None
    except Terminated:
        if debug:
            traceback.print_exc()
        click.echo("Terminated (SIGTERM); no files were written.", err=True)
        raise click.exceptions.Exit(TERMINATE_EXIT) from None
    except BrokenPipeError as exc:
        # The reader of our output is gone (| head): stop quietly, as Unix tools do.
        raise stdout_failure(exc) from None
    except PyneuroError as exc:
        if debug:
            traceback.print_exc()
        raise InputError(describe(exc)) from exc
    except Exception as exc:
        if debug:
            traceback.print_exc()
            raise Failure(f"{type(exc).__name__}: {exc}") from exc
        raise Failure(f"unexpected {type(exc).__name__}: {exc}. This is probably a bug in "
                      "pyneuro; run the command again with --debug to see the traceback, and "
                      "report it.") from exc


@contextlib.contextmanager
def _warnings_to_stderr():
    with warnings.catch_warnings():
        # The filter added last is tried first.
        warnings.simplefilter("ignore")
        warnings.simplefilter("once", PyneuroWarning)
        warnings.simplefilter("ignore", ConstantRowWarning)

        def show(message, category, filename, lineno, file=None, line=None):
            click.echo(f"Warning: {message}", err=True)

        warnings.showwarning = show
        yield


# -- output files --------------------------------------------------------------------------------


def data_source(path):
    """A data file argument: ``-`` is standard input (read as bytes, to its end)."""
    return sys.stdin.buffer if path == STDIO else path


def check_stdin_once(**arguments):
    """At most one data argument may be ``-``: standard input can be read only once."""
    dashes = [name for name, path in arguments.items() if path == STDIO]
    if len(dashes) > 1:
        raise InputError(f"{' and '.join(dashes)} are both '-' (standard input), which can be "
                         "read only once; give one of them as a file.")


@contextlib.contextmanager
def stdout_for_data(outputs, as_json=False):
    """With an output option ``-`` (or ``--json``), standard output carries that file (or the
    JSON document) and the report moves to standard error; yields the stream for the data
    (None if no option is ``-`` and no ``--json``). Both cannot have standard output."""
    dashes = [name for name, path in outputs.items() if path == STDIO]
    if as_json and dashes:
        raise click.UsageError(f"--json and {dashes[0]} - both write to standard output; give "
                               f"{dashes[0]} a file name, or leave out --json.")
    if not dashes and not as_json:
        yield None
        return
    data = sys.stdout
    sys.stdout = sys.stderr
    try:
        yield data
    finally:
        sys.stdout = data


def output_target(path, data, binary=False):
    """What a writer gets for an output option: the path, or for ``-`` the stream (its binary
    buffer for binary files, after the text already written is flushed)."""
    if path != STDIO:
        return path
    if binary:
        data.flush()
        return data.buffer
    return data


def check_outputs(outputs, inputs=()):
    """Check, before any long work, that every output file can be written.

    Parameters
    ----------
    outputs : dict
        ``{option name: path or None}``.
    inputs : sequence of str
        Input files that no output may overwrite.

    Raises
    ------
    InputError
        Two outputs are the same file, an output would overwrite an input, or an output's
        folder is missing or not writable (probed by creating and removing a file in it).
    """
    seen = {}
    input_paths = {os.path.realpath(p): p for p in inputs if p not in (None, STDIO)}
    dashes = [opt for opt, path in outputs.items() if path == STDIO]
    if len(dashes) > 1:
        raise InputError(f"{' and '.join(dashes)} are both '-' (standard output); only one "
                         "output can go there.")
    for opt, path in outputs.items():
        if path is None or path == STDIO:
            continue
        real = os.path.realpath(path)
        if real in seen:
            raise InputError(f"{opt} and {seen[real]} name the same file ({path}); give each "
                             "output its own file.")
        if real in input_paths:
            raise InputError(f"{opt} {path} would overwrite the input file "
                             f"{input_paths[real]}; choose another output file.")
        seen[real] = opt
        if os.path.isdir(path):
            raise InputError(f"{opt} {path}: that is a folder; give a file name.")
        try:
            check_writable(path)
        except FileAccessError as exc:
            folder = os.path.dirname(real)
            fix = ("Create the folder or choose another path." if not os.path.isdir(folder)
                   else "Choose another path.")
            raise InputError(f"{opt}: {exc} {fix}") from None


def write_outputs(outputs):
    """Write the output files in the order given; one that fails does not stop the others.

    Parameters
    ----------
    outputs : list of (str, str, callable)
        ``(option, path, write)``; ``write()`` writes the file (raising FileAccessError).

    Returns
    -------
    written : list of str
        ``'--save net.npz'`` for each file written.
    failure : Failure or None
        Exit status 1 and a message saying what was not written and why, and what was.
    """
    written, errors, missing = [], [], []
    for opt, path, write in outputs:
        try:
            write()
        except FileAccessError as exc:
            errors.append(f"{opt}: {exc}")
            missing.append(f"{opt} {path}")
        else:
            written.append(f"{opt} {path}")
    if not errors:
        return written, None
    message = " ".join(errors) + f" Not written: {', '.join(missing)}."
    message += f" Written: {', '.join(written)}." if written else " No file was written."
    return written, Failure(message)


def finished_first(written):
    """The message for a Ctrl-C or SIGTERM held while the files were written."""
    return ("Interrupted while writing; the files were finished first"
            f"{' (' + ', '.join(written) + ')' if written else ''}.")


@contextlib.contextmanager
def wrap_read_error(role):
    """Say which file (training, check, data) a read error is about."""
    try:
        yield
    except (DataFormatError, FileAccessError, ParameterError) as exc:
        raise InputError(describe(exc, f"cannot read the {role}")) from exc
