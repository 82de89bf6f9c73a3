"""Issue 9: nothing lost, nothing clobbered. Output targets that are not plain files, write
order, interruptions and write errors, seen from the command line (each test in tmp_path)."""

import contextlib
import os
import pathlib
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time

import numpy as np
import pytest
from click.testing import CliRunner

from pyneuro.cli import main
from pyneuro.io.netfile import load_net

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEST = str(ROOT / "sample_data" / "Test.txt")
CHECK = str(ROOT / "sample_data" / "Check.txt")
PYNEURO = ([shutil.which("pyneuro")] if shutil.which("pyneuro") else
           [sys.executable, "-c", "from pyneuro.cli import run; run()"])
# The classic run (traingdm on every sample): epochs counts are exact, no validation stop.
TRAIN = ["train", TEST, "--classic"]
POSIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="POSIX FIFOs and signals")
HAS_DEV_FULL = os.path.exists("/dev/full") and stat.S_ISCHR(os.stat("/dev/full").st_mode)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def prediction_lines(path):
    return [l for l in pathlib.Path(path).read_text().splitlines() if not l.startswith("%")]


def no_temporary_files(folder):
    return [p.name for p in pathlib.Path(folder).iterdir() if p.name.endswith(".tmp")] == []


class FifoReader(threading.Thread):
    """Opens a FIFO for reading (when told to) and collects everything written to it."""

    def __init__(self, path, start_now=True):
        super().__init__(daemon=True)
        self.path, self.data = path, b""
        self.go = threading.Event()
        if start_now:
            self.go.set()
        self.start()

    def run(self):
        self.go.wait()
        with open(self.path, "rb") as stream:
            self.data = stream.read()


# ---------------------------------------------------------------- finding 1: rows dropped


def test_lone_cr_file_trains_on_every_row(tmp_path):
    path = tmp_path / "cr.txt"
    path.write_bytes(b"1 2 % c\r3 4\r5 6\r")
    result = run("train", path, "--classic", "--epochs", 2)
    assert result.exit_code == 0, result.output
    assert "3 samples, 1 input, 1 target" in result.output


# ---------------------------------------------------------------- finding 2: odd targets


@POSIX_ONLY
def test_predictions_into_a_fifo_are_written_into_it_not_over_it(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = FifoReader(fifo)
    result = run(*TRAIN, "--check", CHECK, "--epochs", 20, "--predictions", fifo)
    reader.join(30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still a FIFO
    lines = [l for l in reader.data.decode().splitlines() if not l.startswith("%")]
    assert len(lines) == 92
    assert no_temporary_files(tmp_path)


@POSIX_ONLY
def test_a_net_file_through_a_symlink_to_a_fifo(tmp_path):
    fifo, link = tmp_path / "fifo", tmp_path / "net.npz"
    os.mkfifo(fifo)
    link.symlink_to(fifo)
    reader = FifoReader(fifo)
    result = run(*TRAIN, "--epochs", 20, "--save", link)
    reader.join(30)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and stat.S_ISFIFO(os.stat(link).st_mode)
    copy = tmp_path / "copy.npz"
    copy.write_bytes(reader.data)
    assert load_net(copy).net.layers[0].size == 10


def test_a_symlink_is_followed_and_its_target_replaced(tmp_path):
    target, link = tmp_path / "real.npz", tmp_path / "link.npz"
    target.write_bytes(b"old")
    link.symlink_to(target.name)
    result = run(*TRAIN, "--epochs", 5, "--save", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == target.name
    assert load_net(target).net.layers[0].size == 10  # the target is the new net
    assert no_temporary_files(tmp_path)


def test_replacing_a_file_keeps_its_mode(tmp_path):
    pred = tmp_path / "pred.txt"
    pred.write_text("old\n")
    pred.chmod(0o600)
    result = run(*TRAIN, "--epochs", 5, "--predictions", pred)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(pred.stat().st_mode) == 0o600
    assert len(prediction_lines(pred)) == 300


def test_a_file_name_of_250_bytes_can_be_written(tmp_path):
    # The temporary file's name is longer than the file's; it is shortened, not refused.
    pred = tmp_path / ("p" * 246 + ".txt")
    result = run(*TRAIN, "--epochs", 5, "--predictions", pred)
    assert result.exit_code == 0, result.output
    assert len(prediction_lines(pred)) == 300


@pytest.mark.skipif(not HAS_DEV_FULL, reason="needs /dev/full")
def test_a_full_disk_exits_1_and_says_what_was_written(tmp_path):
    net = tmp_path / "net.npz"
    result = run(*TRAIN, "--epochs", 5, "--save", net, "--predictions", "/dev/full")
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert "Not written: --predictions /dev/full" in result.stderr
    assert f"Written: --save {net}" in result.stderr
    assert load_net(net).net.layers[0].size == 10
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)  # still the device


@pytest.mark.skipif(not HAS_DEV_FULL, reason="needs /dev/full")
def test_a_net_file_on_a_full_disk_is_reported(tmp_path):
    result = run(*TRAIN, "--epochs", 5, "--save", "/dev/full")
    assert result.exit_code == 1
    assert "Cannot write '/dev/full': No space left on device" in result.stderr
    assert "Traceback" not in result.output


@POSIX_ONLY
@pytest.mark.skipif(not HAS_DEV_FULL, reason="needs /dev/full")
def test_info_to_a_full_stdout_exits_1_with_a_message(tmp_path):
    net = tmp_path / "net.npz"
    assert run(*TRAIN, "--epochs", 5, "--save", net).exit_code == 0
    with open("/dev/full", "w") as full:
        proc = subprocess.run(PYNEURO + ["info", str(net)], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    assert proc.returncode == 1
    assert "cannot write to standard output: No space left on device" in proc.stderr
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr


# ---------------------------------------------------------------- finding 3: order, pipes


@POSIX_ONLY
def test_a_closed_stdout_does_not_lose_the_files(tmp_path):
    # pyneuro train ... --save n.npz --predictions p.txt | head -1
    net, pred = tmp_path / "n.npz", tmp_path / "p.txt"
    with subprocess.Popen(PYNEURO + TRAIN + ["--epochs", "300", "--save", str(net),
                                     "--predictions", str(pred)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        first = proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read()
        code = proc.wait(timeout=120)
    assert first.startswith(b"Training data:")
    assert code == 141 and err == b""
    assert load_net(net).settings["training"]["num_epochs"] == 300
    assert len(prediction_lines(pred)) == 300


# ---------------------------------------------------------------- acceptance 3: signals


@contextlib.contextmanager
def _running(args, until, command=PYNEURO, **popen):
    """``pyneuro *args`` under way, stdout and stderr piped: the process, once it has printed
    a line starting with `until` (the rest of its output is left to ``communicate``)."""
    with subprocess.Popen(command + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, **popen) as proc:
        for line in proc.stdout:
            if line.startswith(until):
                break
        yield proc


def _interrupt_while_blocked(tmp_path, blocked_option, signum):
    """Train with --save, --predictions and one of them a FIFO nobody reads yet, so the
    command is stopped inside its writing; send `signum` there, then let the FIFO drain."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    files = {"--save": tmp_path / "net.npz", "--predictions": tmp_path / "pred.txt"}
    files[blocked_option] = fifo
    command = TRAIN + ["--check", CHECK, "--epochs", "50"]
    for option, path in files.items():
        command += [option, str(path)]
    reader = FifoReader(fifo, start_now=False)
    with _running(command, until="Stopped:") as proc:
        time.sleep(0.5)  # now blocked opening the FIFO (the net file, if first, is written)
        proc.send_signal(signum)
        time.sleep(0.2)
        reader.go.set()
        out, err = proc.communicate(timeout=60)
    reader.join(30)
    return proc.returncode, out, err, files, reader.data


@POSIX_ONLY
@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
@pytest.mark.parametrize("blocked", ["--save", "--predictions"])
def test_a_signal_during_writing_waits_until_every_file_is_complete(tmp_path, signum, code,
                                                                     blocked):
    returncode, out, err, files, fifo_data = _interrupt_while_blocked(tmp_path, blocked, signum)
    assert returncode == code, err
    assert "Interrupted while writing; the files were finished first" in err
    assert "Traceback" not in err
    net = files["--save"] if blocked != "--save" else tmp_path / "copy.npz"
    if blocked == "--save":
        net.write_bytes(fifo_data)
        pred_lines = prediction_lines(files["--predictions"])
    else:
        pred_lines = [l for l in fifo_data.decode().splitlines() if not l.startswith("%")]
    assert load_net(net).settings["training"]["num_epochs"] == 50
    assert len(pred_lines) == 92
    assert no_temporary_files(tmp_path)


@POSIX_ONLY
@pytest.mark.parametrize("delay", [0.0, 0.05, 0.2])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_after_training_leaves_complete_files_or_none(tmp_path, delay, signum):
    # Signalled at several moments after training ends (while predicting and writing): every
    # file is complete and valid or absent, never half-written, and no temporary file stays.
    net, pred = tmp_path / "net.npz", tmp_path / "pred.txt"
    with _running(TRAIN + ["--check", CHECK, "--epochs", "50", "--save", str(net),
                           "--predictions", str(pred)], until="Stopped:") as proc:
        time.sleep(delay)
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=60)
    # -signum: the signal came after the command had finished, as Python shut down.
    assert proc.returncode in (0, 128 + signum, -signum), err
    assert "Traceback" not in err
    if net.exists():
        assert load_net(net).settings["training"]["num_epochs"] == 50
    if pred.exists():
        assert len(prediction_lines(pred)) == 92
    if not (net.exists() and pred.exists()):
        assert "no files were written" in err or "finished first" in err
    assert no_temporary_files(tmp_path)


@POSIX_ONLY
def test_sigterm_while_reading_exits_143_with_a_message(tmp_path):
    fifo = tmp_path / "data.txt"
    os.mkfifo(fifo)
    with subprocess.Popen(PYNEURO + ["train", str(fifo), "--classic",
                                     "--save", str(tmp_path / "n.npz")],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        # Opening the FIFO for writing returns once the command has opened it to read: it is
        # then reading (and waits for data that never comes).
        writer = os.open(fifo, os.O_WRONLY)
        try:
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=60)
        finally:
            os.close(writer)
    assert proc.returncode == 143
    assert "Terminated (SIGTERM); no files were written." in err
    assert "Traceback" not in err
    assert no_temporary_files(tmp_path)


_SIGNAL_TO_ANOTHER_THREAD = """
import signal, sys, threading, time
from pyneuro.io._files import read_bytes

def terminated(signum, frame):
    raise SystemExit(143)

signal.signal(signal.SIGTERM, terminated)
idle = threading.Thread(target=time.sleep, args=(60,), daemon=True)
idle.start()
# As a BLAS worker thread may: the signal is delivered to a thread other than the main one.
threading.Timer(0.5, signal.pthread_kill, (idle.ident, signal.SIGTERM)).start()
read_bytes(sys.argv[1])
"""


@POSIX_ONLY
def test_a_signal_delivered_to_another_thread_still_stops_a_read_of_a_silent_fifo(tmp_path):
    # The main thread reads a FIFO whose writer stays open and silent; the kernel gives
    # SIGTERM to another thread. The read must still end in the handler, not wait for ever
    # (seen once in CI: SIGTERM while reading, with numpy 1.24's BLAS threads running).
    fifo = tmp_path / "data.txt"
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR)  # holds the FIFO open without writing (Linux)
    try:
        proc = subprocess.run([sys.executable, "-c", _SIGNAL_TO_ANOTHER_THREAD, str(fifo)],
                              capture_output=True, text=True, timeout=60)
    finally:
        os.close(writer)
    assert proc.returncode == 143, proc.stderr


# ---------------------------------------------------------------- findings 8, 9, 10, 11


def test_a_network_too_large_for_memory_is_refused_before_allocating():
    result = run("train", TEST, "--hidden", "1000000000")
    assert result.exit_code == 2
    assert "7-1000000000-1 network has 9,000,000,001 weights and biases" in result.stderr
    assert "GiB of memory" in result.stderr


@pytest.mark.parametrize("value", ["\u00b2", "\u0663", "1,\u00b9"])
def test_unicode_digits_are_not_layer_sizes(value):
    result = run("train", TEST, "--hidden", value)
    assert result.exit_code == 2
    assert "layer sizes must be whole numbers" in result.stderr
    assert "probably a bug" not in result.stderr


def test_a_column_whose_range_overflows_is_named(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_text("1e308 1 5\n-1e308 2 6\n0 3 7\n")
    result = run("train", path)
    assert result.exit_code == 2
    assert f"{path}, column 1: its values run from -1e+308 to 1e+308" in result.stderr


@POSIX_ONLY
def test_file_names_that_are_not_utf8(tmp_path):
    data = os.fsencode(tmp_path) + b"/\xff.txt"
    net = os.fsencode(tmp_path) + b"/\xfe.npz"
    shutil.copy(TEST, data)
    proc = subprocess.run(PYNEURO + ["train", data, "--epochs", "3", "--save", net],
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert b"Saved network:" in proc.stdout and b"\\udcfe.npz" in proc.stdout
    proc = subprocess.run(PYNEURO + ["info", net], capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert b"\\udcff.txt" in proc.stdout


def _resave(path, **changes):
    with np.load(path) as archive:
        arrays = {k: archive[k] for k in archive.files}
    import json
    header = json.loads(arrays["header"].tobytes())
    for key, value in changes.items():
        header["settings"][key] = value
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    with open(path, "wb") as stream:
        np.savez(stream, **arrays)


@pytest.mark.parametrize("changes, command, expected", [
    ({"minp": "abc"}, "sim", "its minp setting is 'abc'"),
    ({"minp": "abc"}, "info", "its minp setting is 'abc'"),
    ({"maxt": [1, 2]}, "sim", "its maxt setting is [1, 2]"),
    ({"training": {"stop": 3, "time": "soon"}}, "info", "training summary is damaged"),
])
def test_crafted_settings_give_a_message_not_a_traceback(tmp_path, changes, command, expected):
    net = tmp_path / "net.npz"
    assert run(*TRAIN, "--epochs", 3, "--save", net).exit_code == 0
    _resave(net, **changes)
    result = run(command, net, CHECK) if command == "sim" else run(command, net)
    output = result.stdout + result.stderr
    assert expected in output
    assert "probably a bug" not in output and "Traceback" not in output
    assert result.exit_code == (0 if "summary" in expected else 2)


def test_an_unwritable_device_is_not_told_to_create_a_folder(tmp_path, monkeypatch):
    # Non-root writing to /dev/stdout: simulated (as root every device is writable).
    monkeypatch.setattr(os, "access", lambda path, mode: mode != os.W_OK)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    result = run("train", TEST, "--predictions", fifo)
    assert result.exit_code == 2
    assert "Permission denied: cannot write" in result.stderr
    assert "Create the folder" not in result.stderr


# ---------------------------------------------------------------- '-' (issue 12)


def test_dash_reads_data_from_stdin_and_writes_predictions_to_stdout():
    data = pathlib.Path(TEST).read_bytes()
    result = CliRunner().invoke(main, ["train", "-", "--check", CHECK, "--epochs", "20",
                                       "--predictions", "-"], input=data)
    assert result.exit_code == 0, result.output
    lines = [l for l in result.stdout.splitlines() if not l.startswith("%")]
    assert len(lines) == 92 and all(float(l) == float(l) for l in lines)  # numbers only
    assert "Training data: -: 300 samples" in result.stderr  # the report moved to stderr


def test_dash_saves_the_net_to_stdout_and_sim_reads_stdin(tmp_path):
    result = CliRunner().invoke(main, ["train", TEST, "--classic", "--epochs", "20", "--save", "-"])
    assert result.exit_code == 0, result.stderr
    net = tmp_path / "net.npz"
    net.write_bytes(result.stdout_bytes)
    assert load_net(net).net.layers[0].size == 10
    check = pathlib.Path(CHECK).read_bytes()
    piped = CliRunner().invoke(main, ["sim", str(net), "-", "-o", "-"], input=check)
    direct = run("sim", net, CHECK)
    assert piped.exit_code == 0 and piped.stdout == direct.stdout


@pytest.mark.parametrize("args, message", [
    (["train", "-", "--check", "-"], "TRAIN and --check are both '-'"),
    (["train", TEST, "--classic", "--save", "-", "--predictions", "-"],
     "--save and --predictions are both '-'"),
])
def test_dash_twice_is_refused(args, message):
    result = run(*args)
    assert result.exit_code == 2 and message in result.stderr


@POSIX_ONLY
def test_three_signals_stop_a_write_that_cannot_finish(tmp_path):
    # --predictions into a FIFO nobody reads would wait for ever: the third Ctrl-C stops it.
    fifo, net = tmp_path / "fifo", tmp_path / "net.npz"
    os.mkfifo(fifo)
    with _running(TRAIN + ["--epochs", "20", "--save", str(net), "--predictions", str(fifo)],
                  until="Stopped:") as proc:
        for _ in range(3):
            time.sleep(0.5)
            proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "Interrupted 3 times while writing: stopped." in err
    assert "Traceback" not in err
    assert load_net(net).settings["training"]["num_epochs"] == 20
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert no_temporary_files(tmp_path)


@POSIX_ONLY
def test_sigterm_during_training_stops_it_and_still_writes_every_file(tmp_path):
    net, pred = tmp_path / "net.npz", tmp_path / "pred.txt"
    with _running(TRAIN + ["--check", CHECK, "--epochs", "1000000", "--save", str(net),
                           "--predictions", str(pred), "--show", "1000000"],
                  until="TRAINGDM, Epoch 0/") as proc:  # the loop is running
        time.sleep(1.0)  # training is under way
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 143, err
    assert "Stopped:       User stop." in out
    assert "Training was stopped by SIGTERM; the files were written first." in err
    summary = load_net(net).settings["training"]
    assert summary["stop"] == "User stop." and 0 < summary["num_epochs"] < 1_000_000
    assert len(prediction_lines(pred)) == 92
    assert no_temporary_files(tmp_path)


@POSIX_ONLY
@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_while_sweep_writes_waits_until_both_files_are_complete(tmp_path, signum,
                                                                          code):
    # The best net is written first, then the table, here a FIFO nobody reads yet: the
    # signal comes while the command waits on it, and the table is still written in full.
    net, fifo = tmp_path / "best.npz", tmp_path / "table.fifo"
    os.mkfifo(fifo)
    reader = FifoReader(fifo, start_now=False)
    with _running(["sweep", TEST, "--hidden", "3", "--train-fcn", "traingdm", "--epochs", "5",
                   "--save", str(net), "--csv", str(fifo)], until="Best:") as proc:
        time.sleep(0.5)  # now blocked opening the FIFO
        proc.send_signal(signum)
        time.sleep(0.2)
        reader.go.set()
        out, err = proc.communicate(timeout=60)
    reader.join(30)
    assert proc.returncode == code, err
    assert (f"Interrupted while writing; the files were finished first (--save {net}, "
            f"--csv {fifo}).") in err
    assert "Traceback" not in err
    assert load_net(net).settings["data"]["run"] == 0
    table = reader.data.decode().splitlines()
    assert table[0].startswith("run,") and len(table) == 2  # the header and the one run
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert no_temporary_files(tmp_path)


@POSIX_ONLY
@pytest.mark.parametrize("signum, code, how", [(signal.SIGINT, 0, "with Ctrl-C"),
                                               (signal.SIGTERM, 143, "by SIGTERM")])
def test_a_signal_during_a_sweep_stops_it_and_keeps_the_runs_that_finished(tmp_path, signum,
                                                                           code, how):
    # 40 tasks (hidden sizes), 32 s in all here: the signal comes about 5 tasks in, with
    # room for a machine 4x slower (1 task) or 3x faster (not all 40).
    net, table = tmp_path / "best.npz", tmp_path / "table.csv"
    sizes = ",".join(str(s) for s in range(2, 42))
    with _running(["sweep", TEST, "--hidden", sizes, "--train-fcn", "traingdm", "--epochs",
                   "3000", "--save", str(net), "--csv", str(table)],
                  until="Sweep:") as proc:
        time.sleep(4.0)
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == code, err
    assert "Traceback" not in err
    match = re.search(rf"The sweep was stopped {how} after (\d+) runs? of 40; ", out)
    assert match, out
    finished = int(match.group(1))
    assert 1 <= finished < 40
    rows = table.read_text().splitlines()[1:]
    assert len(rows) == finished
    assert [int(r.split(",")[0]) for r in rows] == list(range(finished))  # runs in grid order
    assert load_net(net).settings["data"]["run"] < finished
    if signum == signal.SIGTERM:
        assert "The sweep was stopped by SIGTERM; the files were written first." in err
    assert no_temporary_files(tmp_path)


@POSIX_ONLY
def test_a_ctrl_c_before_any_sweep_run_finished_writes_nothing(tmp_path):
    net = tmp_path / "best.npz"
    with _running(["sweep", TEST, "--hidden", "3", "--train-fcn", "traingdm", "--epochs",
                   "1000000", "--save", str(net)], until="Sweep:") as proc:
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Interrupted (Ctrl-C); no files were written." in err
    assert not net.exists() and no_temporary_files(tmp_path)


@pytest.mark.skipif(not HAS_DEV_FULL, reason="needs /dev/full")
def test_sweep_says_which_file_a_full_disk_stopped_and_keeps_the_other(tmp_path):
    net = tmp_path / "best.npz"
    result = run("sweep", TEST, "--hidden", "3", "--train-fcn", "traingdm", "--epochs", "5",
                 "--save", net, "--csv", "/dev/full")
    assert result.exit_code == 1, result.output
    assert ("--csv: Cannot write '/dev/full': No space left on device; what it received may "
            "be incomplete.") in result.stderr
    assert f"Not written: --csv /dev/full. Written: --save {net}." in result.stderr
    assert "bug" not in result.stderr
    assert load_net(net).settings["data"]["run"] == 0


@POSIX_ONLY
@pytest.mark.parametrize("gap", [0.0, 0.02, 0.1])
def test_a_second_ctrl_c_right_after_the_first_does_not_lose_the_net(tmp_path, gap):
    net, pred = tmp_path / "net.npz", tmp_path / "pred.txt"
    with _running(TRAIN + ["--check", CHECK, "--epochs", "1000000", "--save", str(net),
                           "--predictions", str(pred), "--show", "1000000"],
                  until="TRAINGDM, Epoch 0/") as proc:  # the loop is running
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)  # stops training
        time.sleep(gap)
        proc.send_signal(signal.SIGINT)  # waits until the files are written
        out, err = proc.communicate(timeout=120)
    # 0: the two signals came together and count as one (POSIX merges pending signals);
    # -2: the second came after the command had finished, as Python shut down.
    assert proc.returncode in (130, 0, -signal.SIGINT), err
    assert "Traceback" not in err
    assert load_net(net).settings["training"]["stop"] == "User stop."
    assert len(prediction_lines(pred)) == 92
    assert no_temporary_files(tmp_path)


@POSIX_ONLY
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_as_the_process_shuts_down_ends_it_by_the_signal_without_a_traceback(
        tmp_path, signum):
    # What failed once in CI, made certain: a second Ctrl-C landing in Python code that runs
    # at exit (logging.shutdown there) printed "Exception ignored in atexit callback" and a
    # traceback. A sleeping atexit callback stands for that code here.
    net = tmp_path / "net.npz"
    script = ("import atexit, sys, time\n"
              "atexit.register(time.sleep, 30)\n"
              "atexit.register(print, 'shutting down', flush=True)\n"
              "from pyneuro.cli import run\n"
              f"sys.argv = ['pyneuro', 'train', {TEST!r}, '--classic', '--epochs', '5',"
              f" '--save', {str(net)!r}]\n"
              "run()\n")
    with _running([sys.executable, "-c", script], until="shutting down",
                  command=[]) as proc:
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == -signum, err  # not 0 after the 30 s sleep: ended at once
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert load_net(net).settings["training"]["num_epochs"] == 5
    assert no_temporary_files(tmp_path)


@POSIX_ONLY
def test_ctrl_c_ignored_when_the_command_starts_stays_ignored(tmp_path):
    # `pyneuro train ... &` in a script starts with SIGINT ignored: a Ctrl-C at the terminal
    # is not for it. Training goes on until SIGTERM stops it.
    net = tmp_path / "net.npz"
    with _running(TRAIN + ["--epochs", "1000000", "--save", str(net), "--show", "1000000"],
                  until="TRAINGDM, Epoch 0/",
                  preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) as proc:
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        time.sleep(0.5)
        assert proc.poll() is None  # still training
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 143, err
    assert "Training was stopped by SIGTERM; the files were written first." in err
    assert load_net(net).settings["training"]["stop"] == "User stop."


def test_in_process_commands_leave_the_signal_handlers_as_they_found_them(tmp_path):
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    result = run(*TRAIN, "--epochs", "3", "--save", tmp_path / "net.npz")
    assert result.exit_code == 0, result.output
    assert {s: signal.getsignal(s) for s in before} == before


@POSIX_ONLY
@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="needs /dev/stdout")
@pytest.mark.parametrize("how", ["pipe", "file", "symlink"])
def test_dev_stdout_is_written_through_the_open_descriptor(tmp_path, how):
    # Never replaced, never reopened at offset 0: a redirected file keeps the report and gets
    # the predictions after it; a pipe gets both.
    target = "/dev/stdout"
    if how == "symlink":
        target = tmp_path / "out"
        target.symlink_to("/dev/stdout")
    command = PYNEURO + TRAIN + ["--epochs", "5", "--predictions", str(target)]
    if how == "file":
        out_file = tmp_path / "out.txt"
        with open(out_file, "w") as stream:
            proc = subprocess.run(command, stdout=stream, stderr=subprocess.PIPE, text=True,
                                  timeout=120)
        out = out_file.read_text()
    else:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=120)
        out = proc.stdout
    assert proc.returncode == 0, proc.stderr
    assert out.startswith("Training data:")
    assert len([l for l in out.splitlines() if re.fullmatch(r"[-+0-9.e]+", l)]) == 300
    assert "Predictions:   " in out
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    if how == "symlink":
        assert target.is_symlink()
    assert no_temporary_files(tmp_path)
