"""Tests for pyneuro.io.netfile: save_net / load_net round trips, atomic writes, bad files."""

import io
import json
import math
import os
import pathlib
import zipfile

import numpy as np
import pytest

import pyneuro as nn
from pyneuro.errors import FileAccessError, NetFileError, ParameterError
from pyneuro.io import _archive, netfile
from pyneuro.io.netfile import (FORMAT_VERSION, load_net, read_net_header, save_net,
                                training_summary)
from pyneuro.preprocessing import fixunknowns, removeconstantrows
from pyneuro.training import TRAINING_FUNCTIONS


def make_net(train_fcn="traingdm"):
    return nn.newff([[0, 10], [-5, 5], [1, 2]], [4, 3, 2], ["tansig", "logsig", "purelin"],
                    train_fcn, rng=7)


def trained():
    P = np.array([[0, 2, 4, 6, 8, 10], [-5, -3, 0, 1, 3, 5], [1, 1.2, 1.4, 1.6, 1.8, 2]])
    T = np.vstack([np.sin(P[0]), np.cos(P[1])])
    net = make_net()
    net.trainParam.epochs = 20
    net.trainParam.show = None
    net, tr = nn.train(net, P, T)
    return net, tr, P


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "net.npz"
    net = make_net()
    save_net(path, net)
    return path, net


# ---------------------------------------------------------------- round trips


def test_round_trip_keeps_weights_architecture_and_functions(tmp_path):
    net, tr, P = trained()
    net.trainParam.time = math.inf
    net.trainParam.lr = 0.123
    net.biases[1].learn = False
    net.layerWeights[2, 1].learn = False
    net.name = "my net"
    path = tmp_path / "net.npz"
    save_net(path, net)
    loaded, settings = load_net(path)
    assert settings == {}
    assert np.array_equal(nn.getwb(loaded), nn.getwb(net))  # bit for bit
    assert [l.size for l in loaded.layers] == [4, 3, 2]
    assert [l.transferFcn for l in loaded.layers] == ["tansig", "logsig", "purelin"]
    assert np.array_equal(loaded.inputs[0].range, net.inputs[0].range)
    assert loaded.trainFcn == "traingdm" and loaded.performFcn == "mse"
    assert loaded.trainParam == net.trainParam
    assert loaded.trainParam.time == math.inf and loaded.trainParam.show is None
    assert [b.learn for b in loaded.biases] == [True, False, True]
    assert loaded.layerWeights[2, 1].learn is False and loaded.layerWeights[1, 0].learn
    assert loaded.name == "my net"
    assert np.array_equal(nn.sim(loaded, P), nn.sim(net, P))


@pytest.mark.parametrize("name", sorted(TRAINING_FUNCTIONS))
def test_every_training_functions_parameters_round_trip(tmp_path, name):
    net = make_net(name)
    path = tmp_path / "net.npz"
    save_net(path, net)
    loaded = load_net(path).net
    assert loaded.trainFcn == name
    assert loaded.trainParam == net.trainParam


def test_performance_parameters_round_trip(tmp_path):
    net = nn.newff([[0, 1]], [2, 1], ["tansig", "purelin"], "traingd", "learngdm", "msereg",
                   rng=0)
    net.performParam.ratio = 0.75
    save_net(tmp_path / "n.npz", net)
    loaded = load_net(tmp_path / "n.npz").net
    assert loaded.performFcn == "msereg" and loaded.performParam.ratio == 0.75


def test_settings_round_trip(tmp_path):
    settings = {
        "minp": np.array([[0.0], [-5.0]]),
        "counts": np.arange(4, dtype=np.int32),
        "flags": np.array([True, False]),
        "names": np.array(["a", "bc"]),
        "nested": {"x": 1.5, "y": [1, "two", None, math.inf, -math.inf], "z": {"deep": True},
                   "arr": np.eye(2)},
        "nan": math.nan,
        "text": "hello",
        "nothing": None,
        "np_scalar": np.float64(2.5),
        "np_int": np.int64(3),
    }
    save_net(tmp_path / "n.npz", make_net(), **settings)
    got = load_net(tmp_path / "n.npz").settings
    assert set(got) == set(settings)
    for key in ("minp", "counts", "flags", "names"):
        assert got[key].dtype == settings[key].dtype
        assert np.array_equal(got[key], settings[key])
    assert got["nested"]["x"] == 1.5
    assert got["nested"]["y"] == [1, "two", None, math.inf, -math.inf]
    assert got["nested"]["z"] == {"deep": True}
    assert np.array_equal(got["nested"]["arr"], np.eye(2))
    assert math.isnan(got["nan"])
    assert (got["text"], got["nothing"], got["np_scalar"], got["np_int"]) == ("hello", None,
                                                                               2.5, 3)


def test_training_summary_round_trips(tmp_path):
    net, tr, _ = trained()
    save_net(tmp_path / "n.npz", net, training=training_summary(tr))
    summary = load_net(tmp_path / "n.npz").settings["training"]
    assert summary["stop"] == tr.stop == "Maximum epoch reached."
    assert (summary["num_epochs"], summary["best_epoch"]) == (tr.num_epochs, tr.best_epoch)
    assert summary["best_perf"] == tr.best_perf
    assert np.array_equal(summary["perf"], tr.perf)
    assert np.array_equal(summary["gradient"], tr.gradient)
    assert "vperf" not in summary  # no validation data: nothing to store


def test_path_is_used_exactly_as_given(tmp_path):
    path = tmp_path / "mynet.bin"
    save_net(path, make_net())
    assert sorted(os.listdir(tmp_path)) == ["mynet.bin"]  # no '.npz' appended, no temp left
    save_net(str(tmp_path / "again"), make_net())
    assert (tmp_path / "again").exists()
    assert load_net(path).net.numLayers == 3


def test_loading_does_not_touch_the_global_random_stream(saved):
    path, _ = saved
    nn.rng(0)
    expected = nn.rand(1, 3)
    nn.rng(0)
    load_net(path)
    assert np.array_equal(nn.rand(1, 3), expected)


def test_the_file_is_a_plain_npz_without_pickles(saved):
    path, net = saved
    with np.load(path, allow_pickle=False) as archive:
        assert {"header", "wb", "input_range"} <= set(archive.files)
        assert all(archive[k].dtype != object for k in archive.files)
        header = json.loads(archive["header"].tobytes().decode("utf-8"))
        assert np.array_equal(archive["wb"], nn.getwb(net))
    assert header["format"] == "pyneuro-net" and header["format_version"] == FORMAT_VERSION
    assert header["pyneuro_version"] == nn.__version__
    assert header["network"]["layer_sizes"] == [4, 3, 2]
    assert header["network"]["trainParam"]["time"] == {"$float": "inf"}


def test_read_net_header(saved):
    path, _ = saved
    header = read_net_header(path)
    assert header["network"]["transfer_fcns"] == ["tansig", "logsig", "purelin"]
    assert header["network"]["trainParam"]["time"] == math.inf
    assert header["created"].endswith("Z")


# ---------------------------------------------------------------- atomic writes


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "net.npz"
    save_net(path, make_net(), version=1)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(netfile.os, "replace", broken_replace)
    with pytest.raises(FileAccessError, match="No space left"):
        save_net(path, make_net(), version=2)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["net.npz"]


def test_an_interrupted_write_leaves_no_partial_file(tmp_path, monkeypatch):
    path = tmp_path / "net.npz"

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(netfile.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_net(path, make_net())
    assert os.listdir(tmp_path) == []


def test_unwritable_paths(tmp_path):
    with pytest.raises(FileAccessError, match="does not exist"):
        save_net(tmp_path / "missing" / "net.npz", make_net())
    with pytest.raises(FileAccessError, match="directory"):
        save_net(tmp_path, make_net())


def test_bad_arguments_to_save_net(tmp_path):
    path = tmp_path / "n.npz"
    with pytest.raises(ParameterError, match="Network"):
        save_net(path, "not a net")
    with pytest.raises(ParameterError, match="setting thing has type object"):
        save_net(path, make_net(), thing=object())
    with pytest.raises(ParameterError, match="dtype object"):
        save_net(path, make_net(), arr=np.array([{}, 1], dtype=object))
    with pytest.raises(ParameterError, match="reserved"):
        save_net(path, make_net(), d={"$array": "x"})
    with pytest.raises(ParameterError, match="keys must be strings"):
        save_net(path, make_net(), d={1: 2})
    assert not path.exists()


# ---------------------------------------------------------------- bad files


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(FileAccessError, match="No such file"):
        load_net(tmp_path / "nope.npz")
    with pytest.raises(FileAccessError, match="directory"):
        load_net(tmp_path)


@pytest.mark.parametrize("content, message", [
    (b"", "it is empty"),
    (bytes(range(256)) * 4, "not an .npz archive"),
    (b"8 307 130 3504 12 70 1 18\n", "text file"),
    (b"MATLAB 5.0 MAT-file, Platform: GLNXA64", "MAT-file"),
])
def test_files_that_are_not_archives(tmp_path, content, message):
    path = tmp_path / "net.npz"
    path.write_bytes(content)
    with pytest.raises(NetFileError, match=message) as info:
        load_net(path)
    assert "not a pyneuro net file" in str(info.value)


def test_a_single_npy_array(tmp_path):
    path = tmp_path / "net.npz"
    with open(path, "wb") as f:
        np.save(f, np.zeros(3))
    with pytest.raises(NetFileError, match="single .npy array"):
        load_net(path)


def test_a_plain_npz_without_header(tmp_path):
    path = tmp_path / "plain.npz"
    np.savez(path, a=np.zeros(2), b=np.ones(3))
    with pytest.raises(NetFileError, match=r"no 'header' entry \(it holds: a, b\)"):
        load_net(path)


def _rewrite(path, change_header=None, drop=(), replace=None):
    """Rewrite a saved net file with its header or arrays altered."""
    with np.load(path) as archive:
        arrays = {k: archive[k] for k in archive.files if k not in drop}
    header = json.loads(arrays["header"].tobytes())
    if change_header:
        change_header(header)
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    arrays.update(replace or {})
    with open(path, "wb") as f:
        np.savez(f, **arrays)


def test_a_newer_format_version(saved):
    path, _ = saved

    def newer(h):
        h["format_version"] = FORMAT_VERSION + 1
        h["pyneuro_version"] = "9.0.0"

    _rewrite(path, newer)
    with pytest.raises(NetFileError, match=rf"newer pyneuro \(9.0.0, net file format "
                                           rf"{FORMAT_VERSION + 1}\).*reads format "
                                           rf"{FORMAT_VERSION}.*pip install --upgrade"):
        load_net(path)


@pytest.mark.parametrize("change, message", [
    (lambda h: h.update(format="something-else"), "format 'something-else'"),
    (lambda h: h.update(format_version="1"), "bad format_version"),
    (lambda h: h["network"].update(transfer_fcns=["tansig", "nosuchfcn", "purelin"]),
     "cannot rebuild.*nosuchfcn"),
    (lambda h: h["network"].pop("layer_sizes"), "cannot rebuild.*layer_sizes"),
    (lambda h: h["network"]["trainParam"].update(lr=-1), "cannot rebuild.*lr"),
    (lambda h: h["network"]["trainParam"].update(bogus=1), "cannot rebuild.*bogus"),
    (lambda h: h.update(settings={"x": {"$array": "settings.gone"}}), "settings.gone"),
    (lambda h: h.update(settings=[1, 2]), "settings are not a JSON object"),
])
def test_damaged_headers(saved, change, message):
    path, _ = saved
    _rewrite(path, change)
    with pytest.raises(NetFileError, match=message):
        load_net(path)


def test_missing_or_wrong_weights(saved):
    path, _ = saved
    _rewrite(path, drop=("wb",))
    with pytest.raises(NetFileError, match="wb .*missing"):
        load_net(path)
    save_net(path, make_net())
    _rewrite(path, replace={"wb": np.zeros(5)})
    with pytest.raises(NetFileError, match="holds 5 weights.*3-4-3-2.*needs 39"):
        load_net(path)


def test_header_that_is_not_json(saved):
    path, _ = saved
    with np.load(path) as archive:
        arrays = {k: archive[k] for k in archive.files}
    arrays["header"] = np.frombuffer(b"{not json", dtype=np.uint8)
    with open(path, "wb") as f:
        np.savez(f, **arrays)
    with pytest.raises(NetFileError, match="header is damaged"):
        load_net(path)


def test_pickled_arrays_are_refused(saved):
    path, _ = saved
    with np.load(path) as archive:
        arrays = {k: archive[k] for k in archive.files}
    arrays["wb"] = np.array([1.0, None], dtype=object)  # np.savez pickles object arrays
    with open(path, "wb") as f:
        np.savez(f, **arrays)
    with pytest.raises(NetFileError, match="damaged"):
        load_net(path)


def test_every_truncation_is_reported(saved):
    path, _ = saved
    data = path.read_bytes()
    for length in range(0, len(data), 3):
        path.write_bytes(data[:length])
        with pytest.raises(NetFileError):
            load_net(path)


def test_every_flipped_byte_is_reported_or_harmless(saved):
    # Each byte of the file in turn is inverted: the file must either load the same
    # network (a byte no reader uses, such as a timestamp) or raise NetFileError; never
    # another exception, never a different network.
    path, net = saved
    data = path.read_bytes()
    reference = nn.getwb(net)
    harmless = 0
    for position in range(len(data)):
        damaged = bytearray(data)
        damaged[position] ^= 0xFF
        path.write_bytes(bytes(damaged))
        try:
            loaded = load_net(path).net
        except NetFileError:
            continue
        assert np.array_equal(nn.getwb(loaded), reference), position
        harmless += 1
    assert harmless < len(data) // 4


def test_zip_with_a_damaged_member(saved):
    path, _ = saved
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, content[:len(content) // 2] if info.filename == "wb.npy"
                            else content)
    pathlib.Path(path).write_bytes(buffer.getvalue())
    with pytest.raises(NetFileError, match="damaged"):
        load_net(path)


# ---------------------------------------------------------------- hostile files


def _with_entries(path, change_header=None, entries=()):
    """Rewrite a net file with its header altered and extra entries written deflated.

    ``entries`` holds ``(key, dtype, shape)``: a zero-filled array streamed into the archive,
    so a test never holds the unpacked array in memory (that is what a zip bomb is).
    """
    with zipfile.ZipFile(path) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    header = json.loads(np.lib.format.read_array(io.BytesIO(members["header.npy"])).tobytes())
    if change_header:
        change_header(header)
    encoded = io.BytesIO()
    np.lib.format.write_array(encoded, np.frombuffer(json.dumps(header).encode(), np.uint8))
    members["header.npy"] = encoded.getvalue()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for filename, content in members.items():
            target.writestr(filename, content)
        for key, dtype, shape in entries:
            with target.open(key + ".npy", "w", force_zip64=True) as stream:
                np.lib.format.write_array_header_1_0(
                    stream, {"descr": np.dtype(dtype).str, "fortran_order": False, "shape": shape})
                left = math.prod(shape) * np.dtype(dtype).itemsize
                while left:
                    stream.write(bytes(min(left, 2**20)))
                    left -= min(left, 2**20)


def _refer_to_junk(header):
    header["settings"] = {"junk": {"$array": "settings.junk"}}


def test_a_zip_bomb_in_a_referenced_setting_is_refused_unread(saved, monkeypatch):
    # Regression: every entry used to be unpacked. The budget is lowered so that the
    # test stays small; a real file may unpack to max(256 MiB, its own size).
    path, _ = saved
    monkeypatch.setattr(_archive, "MIN_ARRAY_BUDGET", 2**20)
    _with_entries(path, _refer_to_junk, [("settings.junk", "f8", (2**19,))])
    assert path.stat().st_size < 2**16  # 4 MiB of zeros, packed small
    for reader in (load_net, read_net_header):
        with pytest.raises(NetFileError, match=r"'settings.junk' entry would unpack to "
                                               r"4,194,\d+ bytes.*at most 1,048,576 bytes"):
            reader(path)


def test_an_entry_the_header_does_not_refer_to_is_never_unpacked(saved, monkeypatch):
    path, net = saved
    monkeypatch.setattr(_archive, "MIN_ARRAY_BUDGET", 2**20)
    _with_entries(path, entries=[("settings.junk", "f8", (2**19,)), ("other", "f8", (2**19,))])
    loaded, settings = load_net(path)
    assert settings == {} and np.array_equal(nn.getwb(loaded), nn.getwb(net))
    assert "settings" in read_net_header(path)


def test_a_weight_vector_larger_than_the_architecture_is_refused_unread(saved):
    path, _ = saved
    with zipfile.ZipFile(path) as source:
        members = {i.filename: source.read(i) for i in source.infolist() if i.filename != "wb.npy"}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for filename, content in members.items():
            target.writestr(filename, content)
    _with_entries(path, entries=[("wb", "f8", (2**20,))])
    with pytest.raises(NetFileError, match=r"'wb' entry would unpack to 8,388,\d+ bytes, but "
                                           r"its architecture \(3-4-3-2\) has 39 weights"):
        load_net(path)


def test_an_npy_header_claiming_more_data_than_its_entry_holds(saved):
    path, _ = saved
    with zipfile.ZipFile(path) as source:
        members = {i.filename: source.read(i) for i in source.infolist()}
    lying = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        lying, {"descr": "<f8", "fortran_order": False, "shape": (10**12,)})
    members["wb.npy"] = lying.getvalue() + bytes(8 * 39)
    with zipfile.ZipFile(path, "w") as target:
        for filename, content in members.items():
            target.writestr(filename, content)
    with pytest.raises(NetFileError, match="damaged.*claims an array of"):
        load_net(path)


def test_a_huge_architecture_with_few_weights_is_refused_before_building(saved):
    # Regression: newff built (and initialised) the 6000-6000 net, some 600 MB, before the
    # weight count was compared.
    import tracemalloc

    path, _ = saved
    _rewrite(path, lambda h: h["network"].update(layer_sizes=[6000, 6000],
                                                  transfer_fcns=["tansig", "purelin"]))
    tracemalloc.start()
    try:
        with pytest.raises(NetFileError, match=r"holds 39 weights.*3-6000-6000.*needs 36030000"):
            load_net(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 2**20


@pytest.mark.parametrize("change, message", [
    (lambda h: h["network"].update(layer_sizes=[4, 0, 2]), "layer_sizes must be a list"),
    (lambda h: h["network"].update(layer_sizes=[4, -3, 2]), "layer_sizes must be a list"),
    (lambda h: h["network"].update(layer_sizes=[4, 3.0, 2]), "layer_sizes must be a list"),
    (lambda h: h["network"].update(layer_sizes=[4, True, 2]), "layer_sizes must be a list"),
    (lambda h: h["network"].update(layer_sizes="4 3 2"), "layer_sizes must be a list"),
    (lambda h: h["network"].update(layer_sizes=[]), "layer_sizes must be a list"),
    (lambda h: h["network"].update(inputs=0), "inputs must be a whole number"),
    (lambda h: h["network"].pop("inputs"), "inputs must be a whole number"),
    (lambda h: h.update(network=[1]), "network entry is"),
])
def test_bad_architectures(saved, change, message):
    path, _ = saved
    _rewrite(path, change)
    with pytest.raises(NetFileError, match="cannot rebuild.*" + message):
        load_net(path)


def test_input_count_must_match_the_input_range(saved):
    # Regression: the header's input count was ignored in favour of input_range's rows.
    path, _ = saved
    _rewrite(path, lambda h: h["network"].update(inputs=2, processed_inputs=2,
                                                 layer_sizes=[5, 3, 2]),
             replace={"wb": np.zeros(5 * 3 + 3 * 6 + 2 * 4)})
    with pytest.raises(NetFileError, match=r"input_range has shape \(3, 2\); 2 inputs need "
                                           r"\(2, 2\)"):
        load_net(path)


def test_a_deeply_nested_header_is_reported(saved):
    # Regression: json.loads raised RecursionError.
    path, _ = saved
    with np.load(path) as archive:
        arrays = {k: archive[k] for k in archive.files}
    text = arrays["header"].tobytes().decode()
    deep = text[:-1] + ', "deep": ' + "[" * 100_000 + "]" * 100_000 + "}"
    arrays["header"] = np.frombuffer(deep.encode(), dtype=np.uint8)
    with open(path, "wb") as f:
        np.savez(f, **arrays)
    for reader in (load_net, read_net_header):
        with pytest.raises(NetFileError, match="header is damaged"):
            reader(path)


def test_a_header_nested_past_the_limit_is_reported(saved):
    path, _ = saved
    nested = []
    for _ in range(200):
        nested = [nested]
    _rewrite(path, lambda h: h.update(settings={"x": nested}))
    with pytest.raises(NetFileError, match="nested more than 100 levels"):
        load_net(path)


def test_settings_nested_too_deep_or_containing_themselves_are_refused(tmp_path):
    # Regression: a list that contains itself made save_net raise RecursionError.
    loop = []
    loop.append(loop)
    with pytest.raises(ParameterError, match="setting x.0.0.*nested more than 64"):
        save_net(tmp_path / "n.npz", make_net(), x=loop)
    deep = 1.0
    for _ in range(64):
        deep = [deep]
    save_net(tmp_path / "n.npz", make_net(), x=deep)  # 64 levels is fine...
    got = load_net(tmp_path / "n.npz").settings["x"]
    for _ in range(64):
        got = got[0]
    assert got == 1.0
    with pytest.raises(ParameterError, match="nested more than 64"):
        save_net(tmp_path / "n.npz", make_net(), x=[deep])  # ...65 is not


@pytest.mark.parametrize("reference", [["a"], {"k": 1}, 3, None])
def test_an_array_reference_that_is_not_a_string(saved, reference):
    # Regression: {"$array": ["a"]} raised TypeError (unhashable list).
    path, _ = saved
    _rewrite(path, lambda h: h.update(settings={"x": {"$array": reference}}))
    for reader in (load_net, read_net_header):
        with pytest.raises(NetFileError, match="refers to an array"):
            reader(path)


# ---------------------------------------------------------------- what a net file can hold


@pytest.mark.parametrize("attribute", ["name", "learnFcn", "adaptFcn", "initFcn"])
def test_network_names_that_are_not_strings_are_refused(tmp_path, attribute):
    # Regression: a callable reached json.dumps and raised a bare TypeError.
    net = make_net()
    setattr(net, attribute, lambda *args: None)
    with pytest.raises(ParameterError, match=f"net.{attribute} is <function.*string"):
        save_net(tmp_path / "n.npz", net)
    assert not (tmp_path / "n.npz").exists()


def test_a_custom_layer_init_function_is_refused(tmp_path):
    # Regression: it was silently saved as None and reloaded as initnw.
    def my_init(net, i, *, rng=None):
        pass

    net = make_net()
    net.layers[1].initFcn = my_init
    with pytest.raises(ParameterError, match=r"net.layers\[1\].initFcn is the Python function "
                                             r"my_init.*initnw, initwb, initzero, rands"):
        save_net(tmp_path / "n.npz", net)


def test_a_registered_layer_init_function_is_saved_by_name(tmp_path):
    from pyneuro.initializers import initnw, initzero

    net = make_net()
    net.layers[0].initFcn = initzero
    net.layers[1].initFcn = initnw
    net.layers[2].initFcn = "rands"
    save_net(tmp_path / "n.npz", net)
    loaded = load_net(tmp_path / "n.npz").net
    assert [layer.initFcn for layer in loaded.layers] == ["initzero", "initnw", "rands"]


def test_an_older_file_with_a_none_init_function_keeps_initnw(saved):
    path, _ = saved
    _rewrite(path, lambda h: h["network"].update(init_fcns=[None, "initzero", None]))
    loaded = load_net(path).net
    assert [layer.initFcn for layer in loaded.layers] == ["initnw", "initzero", "initnw"]


def test_an_array_in_a_training_parameter_is_refused(tmp_path):
    # Regression: the array was dropped, leaving a reference to an entry never written.
    net = make_net("trainbfg")
    net.trainParam.searchFcn = np.array([1.0, 2.0])
    with pytest.raises(ParameterError, match="net.trainParam.searchFcn is a numpy array"):
        save_net(tmp_path / "n.npz", net)
    net.trainParam.searchFcn = print
    with pytest.raises(ParameterError, match="net.trainParam.searchFcn has type"):
        save_net(tmp_path / "n.npz", net)
    assert not (tmp_path / "n.npz").exists()


def test_processing_settings_round_trip(tmp_path):
    # Regression: save_net refused MapMinMaxSettings and the other settings records.
    X = np.array([[1.0, 2.0, 4.0], [5.0, 5.0, 5.0], [np.nan, np.nan, np.nan], [0.0, np.nan, 3.0]])
    _, ps_minmax = nn.mapminmax(X)
    _, ps_std = nn.mapstd(X)
    _, ps_remove = removeconstantrows([[1, 2, 3], [4, 4, 4]])
    _, ps_fix = fixunknowns(X)
    assert np.isinf(ps_minmax.xmin).any() and np.isnan(ps_std.xmean).any()
    save_net(tmp_path / "n.npz", make_net(), ps=ps_minmax,
             pipeline={"inputs": [ps_remove, ps_fix, ps_std], "minp": np.ones((2, 1))})
    settings = load_net(tmp_path / "n.npz").settings
    assert type(settings["ps"]) is type(ps_minmax) and settings["ps"] == ps_minmax
    assert settings["pipeline"]["inputs"] == [ps_remove, ps_fix, ps_std]
    assert np.array_equal(settings["pipeline"]["minp"], np.ones((2, 1)))
    applied = nn.mapminmax("apply", X, settings["ps"])
    np.testing.assert_array_equal(applied, nn.mapminmax("apply", X, ps_minmax))
    header = read_net_header(tmp_path / "n.npz")
    assert header["settings"]["ps"] == ps_minmax


@pytest.mark.parametrize("stored", [
    {"name": "mapminmax", "xrows": 1},
    {"name": "nosuchfcn"},
    [1, 2],
    {"name": "mapstd", "xrows": 1, "yrows": 1, "xmean": ["abc"], "xstd": [1], "ymean": 0,
     "ystd": 1, "no_change": False, "gain": [1], "xoffset": [0]},
])
def test_damaged_processing_settings(saved, stored):
    path, _ = saved
    _rewrite(path, lambda h: h.update(settings={"ps": {"$settings": stored}}))
    with pytest.raises(NetFileError, match="bad processing settings"):
        load_net(path)


def test_save_net_streams_into_the_file(tmp_path, monkeypatch):
    # The archive goes straight into the temporary file, not through a BytesIO copy.
    created = []
    real_bytes_io = io.BytesIO

    def counting_bytes_io(*args):
        created.append(args)
        return real_bytes_io(*args)

    monkeypatch.setattr(io, "BytesIO", counting_bytes_io)
    save_net(tmp_path / "n.npz", make_net())
    assert created == []
    monkeypatch.undo()
    assert load_net(tmp_path / "n.npz").net.layers[0].size == 4
