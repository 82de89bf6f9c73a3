"""The derivation view (issue 11): ``pyneuro.trace`` and ``pyneuro trace``.

Oracles: the textbook example derived by hand below; one traingd step of ``train`` on the same
net and data; central finite differences of E = ½·sse; the net's own training step for a net
saved by ``pyneuro train``.
"""

import json
import math
import pathlib
import re

import numpy as np
import pytest
from click.testing import CliRunner

import pyneuro as nn
from pyneuro.cli import main
from pyneuro.errors import ParameterError, ShapeError
from pyneuro.io.netfile import load_net
from pyneuro.trace import SUMMARY_THRESHOLD, Trace, example, trace
from pyneuro.workflow import MinMaxScaling

TEST = str(pathlib.Path(__file__).resolve().parent.parent / "sample_data" / "Test.txt")

# -- the textbook example, derived by hand ---------------------------------------------------
#
# Network 2-2-2, logsig everywhere (σ(x) = 1/(1 + e^-x), σ' = σ(1 − σ)); i1 = 0.05, i2 = 0.10;
# t1 = 0.01, t2 = 0.99; w1..w4 = 0.15, 0.20, 0.25, 0.30 (w1 = w(h1←i1), w2 = w(h1←i2),
# w3 = w(h2←i1), w4 = w(h2←i2)); w5..w8 = 0.40, 0.45, 0.50, 0.55 (w5 = w(o1←h1),
# w6 = w(o1←h2), w7 = w(o2←h1), w8 = w(o2←h2)); biases 0.35 (hidden), 0.60 (output), fixed;
# E = ½Σ(t − out)²; η = 0.5.
#
# Forward pass
#   net_h1 = 0.15·0.05 + 0.20·0.10 + 0.35 = 0.0075 + 0.02 + 0.35     = 0.3775
#   out_h1 = 1/(1 + e^-0.3775)                                        = 0.593269992
#   net_h2 = 0.25·0.05 + 0.30·0.10 + 0.35 = 0.0125 + 0.03 + 0.35     = 0.3925
#   out_h2 = 1/(1 + e^-0.3925)                                        = 0.596884378
#   net_o1 = 0.40·0.593269992 + 0.45·0.596884378 + 0.60
#          = 0.237307997 + 0.268597970 + 0.60                         = 1.105905967
#   out_o1 = 1/(1 + e^-1.105905967)                                   = 0.751365070
#   net_o2 = 0.50·0.593269992 + 0.55·0.596884378 + 0.60
#          = 0.296634996 + 0.328286408 + 0.60                         = 1.224921404
#   out_o2 = 1/(1 + e^-1.224921404)                                   = 0.772928465
# Total error
#   E_o1 = ½(0.01 − 0.751365070)² = ½·0.741365070²                    = 0.274811083
#   E_o2 = ½(0.99 − 0.772928465)² = ½·0.217071535²                    = 0.023560026
#   E_total                                                           = 0.298371109
# Backward pass
#   δo1 = (out_o1 − t1)·out_o1(1 − out_o1) = 0.741365070·0.186815602  = 0.138498562
#   δo2 = (out_o2 − t2)·out_o2(1 − out_o2) = −0.217071535·0.175510053 = −0.038098237
#   δh1 = (δo1·w5 + δo2·w7)·out_h1(1 − out_h1)
#       = (0.055399425 − 0.019049118)·0.241300709 = 0.036350306·0.241300709 = 0.008771355
#   δh2 = (δo1·w6 + δo2·w8)·out_h2(1 − out_h2)
#       = (0.062324353 − 0.020954030)·0.240613417 = 0.041370323·0.240613417 = 0.009954255
# Gradients (∂E/∂w(a←b) = δa·out_b) and updates (w+ = w − 0.5·∂E/∂w)
#   w5: 0.138498562·0.593269992 = 0.082167041   w5+ = 0.40 − 0.041083520 = 0.358916480
#   w6: 0.138498562·0.596884378 = 0.082667628   w6+ = 0.45 − 0.041333814 = 0.408666186
#   w7: −0.038098237·0.593269992 = −0.022602540 w7+ = 0.50 + 0.011301270 = 0.511301270
#   w8: −0.038098237·0.596884378 = −0.022740242 w8+ = 0.55 + 0.011370121 = 0.561370121
#   w1: 0.008771355·0.05 = 0.000438568          w1+ = 0.15 − 0.000219284 = 0.149780716
#   w2: 0.008771355·0.10 = 0.000877135          w2+ = 0.20 − 0.000438568 = 0.199561432
#   w3: 0.009954255·0.05 = 0.000497713          w3+ = 0.25 − 0.000248856 = 0.249751144
#   w4: 0.009954255·0.10 = 0.000995425          w4+ = 0.30 − 0.000497713 = 0.299502287
#   Biases: ∂E/∂b(h1) = δh1, ..., ∂E/∂b(o2) = δo2; frozen, so b+ = b.
# After the step: the forward pass again with w1+..w8+ gives E_total = 0.291027774. (The
# much-copied blog post that popularised this example prints 0.291027924; its own rounded
# updated weights, put through the forward pass above, give 0.291027774 too.)

HAND = {
    "net": {"h1": 0.3775, "h2": 0.3925, "o1": 1.105905967, "o2": 1.224921404},
    "out": {"h1": 0.593269992, "h2": 0.596884378, "o1": 0.751365070, "o2": 0.772928465},
    "delta": {"o1": 0.138498562, "o2": -0.038098237, "h1": 0.008771355, "h2": 0.009954255},
    "E": {"o1": 0.274811083, "o2": 0.023560026},
    "E_total": 0.298371109,
    "E_after": 0.291027774,
    # number: (name, w, ∂E/∂w, w+)
    "weights": {
        "w1": ("w(h1←i1)", 0.15, 0.000438568, 0.149780716),
        "w2": ("w(h1←i2)", 0.20, 0.000877135, 0.199561432),
        "w3": ("w(h2←i1)", 0.25, 0.000497713, 0.249751144),
        "w4": ("w(h2←i2)", 0.30, 0.000995425, 0.299502287),
        "w5": ("w(o1←h1)", 0.40, 0.082167041, 0.358916480),
        "w6": ("w(o1←h2)", 0.45, 0.082667628, 0.408666186),
        "w7": ("w(o2←h1)", 0.50, -0.022602540, 0.511301270),
        "w8": ("w(o2←h2)", 0.55, -0.022740242, 0.561370121),
    },
    "biases": {"b(h1)": (0.35, 0.008771355), "b(h2)": (0.35, 0.009954255),
               "b(o1)": (0.60, 0.138498562), "b(o2)": (0.60, -0.038098237)},
}
TOL = 1.5e-9  # hand values are rounded to 9 decimals


def textbook_errors(steps):
    """E after 0..steps plain-Python steps of the textbook 2-2-2 net (an independent oracle:
    scalar arithmetic exactly as derived above, biases fixed)."""
    sig = lambda x: 1.0 / (1.0 + math.exp(-x))  # noqa: E731
    w = [0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55]
    i1, i2, t1, t2, eta = 0.05, 0.10, 0.01, 0.99, 0.5
    errors = []
    for _ in range(steps + 1):
        h1, h2 = sig(w[0] * i1 + w[1] * i2 + 0.35), sig(w[2] * i1 + w[3] * i2 + 0.35)
        o1, o2 = sig(w[4] * h1 + w[5] * h2 + 0.60), sig(w[6] * h1 + w[7] * h2 + 0.60)
        errors.append(0.5 * (t1 - o1) ** 2 + 0.5 * (t2 - o2) ** 2)
        d1, d2 = (o1 - t1) * o1 * (1 - o1), (o2 - t2) * o2 * (1 - o2)
        e1 = (d1 * w[4] + d2 * w[6]) * h1 * (1 - h1)
        e2 = (d1 * w[5] + d2 * w[7]) * h2 * (1 - h2)
        grads = [e1 * i1, e1 * i2, e2 * i1, e2 * i2, d1 * h1, d1 * h2, d2 * h1, d2 * h2]
        w = [wk - eta * g for wk, g in zip(w, grads)]
    return errors


def test_example_matches_the_hand_derivation():
    net, p, t, lr = example()
    tr = trace(net, p, t, lr)
    for layer in tr.layers:
        for k, name in enumerate(layer.names):
            assert layer.net[k, 0] == pytest.approx(HAND["net"][name], abs=TOL)
            assert layer.out[k, 0] == pytest.approx(HAND["out"][name], abs=TOL)
            assert layer.delta[k, 0] == pytest.approx(HAND["delta"][name], abs=TOL)
    assert tr.error_terms[:, 0] == pytest.approx([HAND["E"]["o1"], HAND["E"]["o2"]], abs=TOL)
    assert tr.error == pytest.approx(HAND["E_total"], abs=TOL)
    assert tr.error_after == pytest.approx(HAND["E_after"], abs=TOL)
    numbered = {w.number: w for w in tr.weights if w.number}
    assert list(numbered) == [f"w{k}" for k in range(1, 9)]  # textbook order
    for number, (name, value, grad, new) in HAND["weights"].items():
        w = numbered[number]
        assert (w.name, w.learn) == (name, True)
        assert (w.value, w.gradient, w.updated) == pytest.approx((value, grad, new), abs=TOL)
    biases = {w.name: w for w in tr.weights if not w.number}
    for name, (value, grad) in HAND["biases"].items():
        b = biases[name]
        assert not b.learn and b.updated == b.value == value
        assert b.gradient == pytest.approx(grad, abs=TOL)


def test_example_steps_match_an_independent_loop():
    net, p, t, lr = example()
    tr = trace(net, p, t, lr, steps=10000)
    reference = textbook_errors(10000)
    assert tr.errors == pytest.approx(reference, rel=1e-9, abs=1e-15)
    # The blog quotes 0.0000351085 after 10000 steps; this descent gives 0.0000351020 (its
    # program's details are not published), the same to 1e-8.
    assert abs(tr.errors[-1] - 0.0000351085) < 1e-8


def _rows(text, title):
    """The lines of a text section."""
    block = text.split(f"\n{title}\n", 1)[1]
    return block.split("\n\n", 1)[0].splitlines()


def test_cli_example_prints_every_figure():
    result = CliRunner().invoke(main, ["trace", "--example"])
    assert result.exit_code == 0, result.output
    out = result.output
    forward = _rows(out, "Forward pass")
    for name in ("h1", "h2", "o1", "o2"):
        line = next(row for row in forward if row.split()[0] == name)
        assert line.split()[1:] == [f"{HAND['net'][name]:.9f}", f"{HAND['out'][name]:.9f}"]
    assert any("net_h1 = w1·i1 + w2·i2 + b(h1)" in row for row in forward)
    error = _rows(out, "Total error")
    assert error[-1].split() == ["E_total", "0.298371109"]
    assert any("E_o1 = ½(t1 − out_o1)²" in row for row in error)
    backward = _rows(out, "Backward pass")
    assert any("δo1 = ∂E/∂net_o1 = (out_o1 − t1)·out_o1·(1 − out_o1)" in r for r in backward)
    assert any("δh1 = ∂E/∂net_h1 = (δo1·w5 + δo2·w7)·out_h1·(1 − out_h1)" in r for r in backward)
    for name, delta in HAND["delta"].items():
        assert f"{delta:.9f}" in next(r for r in backward if r.split()[0] == name)
    updates = _rows(out, "Gradients and updated weights")
    for number, (name, value, grad, new) in HAND["weights"].items():
        row = next(r.split() for r in updates if r.split()[0] == number)
        assert row[1] == name
        assert row[3:6] == [f"{value:.9f}", f"{grad:.9f}", f"{new:.9f}"]
    for name, (value, grad) in HAND["biases"].items():
        row = next(r.split() for r in updates if r.split()[0] == name)
        assert row[2:] == [f"{value:.9f}", f"{grad:.9f}", f"{value:.9f}", "frozen"]
    after = _rows(out, "After the step")
    assert after[-1].split()[-1] == "0.291027774"


def test_cli_example_steps():
    result = CliRunner().invoke(main, ["trace", "--example", "--steps", "100"])
    assert result.exit_code == 0, result.output
    assert f"after 100 steps  {textbook_errors(100)[-1]:.9f}" in result.output


# -- the trace is one traingd step of train --------------------------------------------------

SMOOTH = ["tansig", "logsig", "purelin", "radbas", "elliotsig"]
TRANSFERS = SMOOTH + ["poslin", "satlins"]


def random_case(seed, transfers=TRANSFERS):
    """A random small net (1-2 hidden layers), transfer functions, learn flags and data."""
    gen = np.random.default_rng(seed)
    R, S, Q = int(gen.integers(1, 4)), int(gen.integers(1, 3)), int(gen.integers(1, 4))
    hidden = [int(h) for h in gen.integers(1, 5, size=int(gen.integers(1, 3)))]
    tfs = [str(gen.choice(transfers)) for _ in hidden]
    tfs.append(str(gen.choice(transfers + ["softmax"] * (S > 1))))
    net = nn.newff([[-1.0, 1.0]] * R, hidden + [S], tfs, "traingd", rng=seed)
    for i in range(net.numLayers):
        net.biases[i].learn = bool(gen.random() < 0.7)
        if i:
            net.layerWeights[i, i - 1].learn = bool(gen.random() < 0.8)
    net.inputWeights[0, 0].learn = bool(gen.random() < 0.8)
    P = gen.uniform(-1, 1, (R, Q))
    T = gen.uniform(-1, 1, (S, Q))
    return net, P, T, float(gen.uniform(0.05, 1.0))


def one_train_step(net, P, T, performance, lr):
    """The full weight vector after epoch 1 of traingd in train, and the record."""
    run = net.copy()
    run.trainFcn = "traingd"
    run.performFcn = performance
    run.trainParam = {"lr": lr, "epochs": 1, "goal": 0.0, "min_grad": 0.0, "show": None}
    seen = {}

    def keep(info):
        seen[info.epoch] = info.x.copy()

    out, tr = nn.train(run, P, T, callback=keep)
    wb = nn.getwb(net)
    if tr.num_epochs == 0:  # the gradient is exactly zero (dead poslin units): no step to take
        assert tr.gradient[0] == 0
        return wb, out, tr
    wb[nn.network.learn_mask(net)] = seen[1]
    return wb, out, tr


def own_first_step(net, P, T):
    """The learnable weights after epoch 1 of the net's own training (its trainFcn, lr and
    performFcn), as train's callback sees them."""
    run = net.copy()
    run.trainParam = {"epochs": 1, "goal": 0.0, "min_grad": 0.0, "show": None}
    seen = {}

    def keep(info):
        seen[info.epoch] = info.x.copy()

    nn.train(run, P, T, callback=keep)
    return seen[1]


@pytest.mark.parametrize("seed", range(16))
def test_trace_is_one_traingd_step_of_train(seed):
    net, P, T, eta = random_case(seed)
    S, Q = T.shape
    before = nn.getwb(net)
    tr = trace(net, P, T, eta)
    assert np.array_equal(nn.getwb(net), before)  # the net is not modified

    # sse = 2E, so traingd on sse with lr = η/2 takes exactly the trace's step.
    expected, out, record = one_train_step(net, P, T, "sse", eta / 2)
    assert np.array_equal(tr.updated, expected)
    assert tr.error == record.perf[0] / 2
    assert tr.error_after == record.perf[-1] / 2
    if record.best_epoch == 1:  # train returns the step when it lowered the error
        assert np.array_equal(nn.getwb(out), tr.updated)
    # mse = 2E/(S·Q): lr = η·S·Q/2 is the same step (up to rounding).
    expected_mse, _, _ = one_train_step(net, P, T, "mse", eta * S * Q / 2)
    np.testing.assert_allclose(tr.updated, expected_mse, rtol=1e-12, atol=1e-15)

    frozen = [w for w in tr.weights if not w.learn]
    assert all(w.updated == w.value for w in frozen)
    assert frozen == [w for w in tr.weights if w.index in
                      np.flatnonzero(~nn.network.learn_mask(net))]
    assert sorted(w.index for w in tr.weights) == list(range(before.size))


@pytest.mark.parametrize("seed", range(8))
def test_gradients_are_those_of_half_sse(seed):
    net, P, T, eta = random_case(seed, SMOOTH)  # finite differences need smooth functions
    tr = trace(net, P, T, eta)
    wb = nn.getwb(net)

    def E(x):
        return 0.5 * float(np.sum((T - nn.sim(nn.setwb(net, x), P)) ** 2))

    h = 1e-6
    for w in tr.weights:  # frozen ones too: ∂E/∂w is defined for every weight
        step = np.zeros_like(wb)
        step[w.index] = h
        numeric = (E(wb + step) - E(wb - step)) / (2 * h)
        assert w.gradient == pytest.approx(numeric, rel=1e-5, abs=1e-8)
    assert tr.layers[-1].out == pytest.approx(nn.sim(net, P), rel=1e-15)


def test_default_lr_is_the_nets_own_first_step():
    # pyneuro train's net: traingdm on mse with lr 0.05; traingdm's first step is traingd's.
    gen = np.random.default_rng(7)
    net = nn.newff([[-1, 1]] * 3, [4, 2], ["tansig", "purelin"], "traingdm", rng=3)
    net.trainParam.lr = 0.05
    P, T = gen.uniform(-1, 1, (3, 2)), gen.uniform(-1, 1, (2, 2))
    tr = trace(net, P, T)
    assert tr.lr == pytest.approx(2 * 0.05 / (2 * 2))
    np.testing.assert_allclose(tr.updated, own_first_step(net, P, T), rtol=1e-12, atol=1e-15)
    assert "net.trainParam.lr = 0.05 on mse" in tr.lr_note


# -- the views -------------------------------------------------------------------------------

NUMBER = re.compile(r"-?\d+\.\d{9}\b")


def json_floats(value):
    if isinstance(value, float):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from json_floats(v)
    elif isinstance(value, list):
        for v in value:
            yield from json_floats(v)


def test_json_parses_and_holds_every_figure():
    runner = CliRunner()
    text = runner.invoke(main, ["trace", "--example", "--steps", "3"]).output
    result = runner.invoke(main, ["trace", "--example", "--steps", "3", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    values = sorted(json_floats(data))
    shown = NUMBER.findall(text)
    assert len(shown) > 60
    for figure in shown:
        assert any(abs(v - float(figure)) <= 5.000001e-10 for v in values), figure
    weights = {w["number"]: w for w in data["weights"] if w["number"]}
    assert weights["w5"]["name"] == "w(o1←h1)"
    assert weights["w5"]["updated"] == pytest.approx(0.358916480, abs=TOL)
    assert data["error"] == pytest.approx(HAND["E_total"], abs=TOL)
    assert len(data["errors"]) == 4 and data["lr"] == 0.5
    assert {n["neuron"] for n in data["neurons"]} == {"h1", "h2", "o1", "o2"}
    assert "Backward pass" in data["formulas"]


def markdown_tables(text):
    """Every pipe table of a Markdown text, checked for GFM syntax: header, delimiter row,
    and rows with the header's number of cells."""
    lines = text.splitlines()
    tables, k = [], 0
    while k < len(lines):
        if not lines[k].startswith("|"):
            k += 1
            continue
        assert k == 0 or lines[k - 1] == "", "a table must follow a blank line"
        block = []
        while k < len(lines) and lines[k].startswith("|"):
            block.append(lines[k])
            k += 1
        cells = [re.split(r"(?<!\\)\|", row)[1:-1] for row in block]
        assert all(row.endswith("|") for row in block)
        assert len(block) >= 3
        assert all(re.fullmatch(r" -{3,}:? ", c) for c in cells[1])
        assert all(len(row) == len(cells[0]) for row in cells)
        assert all(c.strip() for c in cells[0])  # every column has a heading
        tables.append(cells)
    return tables


def test_markdown_renders_as_tables():
    net, p, t, lr = example()
    text = trace(net, p, t, lr).to_markdown()
    tables = markdown_tables(text)
    assert len(tables) == 6
    headers = [[c.strip() for c in table[0]] for table in tables]
    assert ["neuron", "net", "out"] in headers and ["neuron", "δ"] in headers
    updates = next(t for t in tables if "w+" in [c.strip() for c in t[0]])
    assert len(updates) == 2 + 12
    assert "### Forward pass" in text and "- `δo1 = ∂E/∂net_o1" in text
    # A transfer function whose formula holds a pipe, and several samples, still make tables.
    gen = np.random.default_rng(1)
    net = nn.newff([[-1, 1]] * 2, [3, 2], ["elliotsig", "purelin"], "traingd", rng=1)
    tr = trace(net, gen.uniform(-1, 1, (2, 3)), gen.uniform(-1, 1, (2, 3)), 0.1)
    tables = markdown_tables(tr.to_markdown())
    assert ["neuron", "sample", "net", "out"] in [[c.strip() for c in t[0]] for t in tables]


def test_views_of_several_samples_and_names_of_deeper_nets():
    gen = np.random.default_rng(2)
    net = nn.newff([[-1, 1]] * 2, [3, 2, 1], ["tansig", "logsig", "purelin"], "traingd", rng=2)
    tr = trace(net, gen.uniform(-1, 1, (2, 4)), gen.uniform(-1, 1, (1, 4)), 0.1)
    assert [layer.names for layer in tr.layers] == [("h1", "h2", "h3"), ("h1_2", "h2_2"),
                                                    ("o1",)]
    names = [w.name for w in tr.weights if w.number]
    assert names[:2] == ["w(h1←i1)", "w(h1←i2)"] and names[6] == "w(h1_2←h1)"
    assert names[-2:] == ["w(o1←h1_2)", "w(o1←h2_2)"]
    text = tr.to_text()
    assert "∂E/∂w1 = ∂E/∂w(h1←i1) = Σ δh1·i1" in text
    assert re.search(r"\n  h1_2\s+3\s+-?\d\.\d{9}\s+-?\d\.\d{9}\n", text)  # sample 3
    assert repr(tr).startswith("Trace(2-3-2-1, 4 samples, lr=0.1, E=")
    assert isinstance(tr, Trace) and str(tr) == text


def test_large_nets_are_summarised_unless_full():
    gen = np.random.default_rng(3)
    net = nn.newff([[-1, 1]] * 5, [20, 3], ["tansig", "purelin"], "traingd", rng=3)
    assert nn.getwb(net).size > SUMMARY_THRESHOLD
    tr = trace(net, gen.uniform(-1, 1, 5), gen.uniform(-1, 1, 3), 0.1)
    short = tr.to_text()
    assert "summarised per layer" in short and "w(h1←i1)" not in short
    block = _rows(short, "Gradients and updates, per weight matrix")
    assert [row.split()[0] for row in block[2:]] == ["w(h←i)", "b(h)", "w(o←h)", "b(o)"]
    assert [row.split()[1] for row in block[2:]] == ["100", "20", "60", "3"]
    full = tr.to_text(full=True)
    assert "w160" in full and "w161" not in full and "w(o3←h20)" in full
    markdown_tables(tr.to_markdown())
    markdown_tables(tr.to_markdown(full=True))
    result = CliRunner().invoke(main, ["trace", "--example", "--full"])
    assert result.exit_code == 0


# -- a net saved by pyneuro train ------------------------------------------------------------


def test_cli_trace_of_a_net_saved_by_train(tmp_path):
    saved = str(tmp_path / "net.npz")
    runner = CliRunner()
    # --classic: the traingdm run this test derives by hand (the default is trainbr).
    result = runner.invoke(main, ["train", TEST, "--epochs", "5", "--save", saved, "--classic"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["trace", saved, TEST, "--sample", "3"])
    assert result.exit_code == 0, result.output
    assert "normalised with the premnmx settings stored in" in result.output
    assert "sample 3 of 300" in result.output
    assert "Forward pass" in result.output and "w(o1←h10)" in result.output

    result = runner.invoke(main, ["trace", saved, TEST, "--sample", "3", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    # Independently: the third sample, tramnmx'd with the stored settings, and one step of
    # the net's own training (traingdm, lr 0.05 on mse; its first step is traingd's).
    net, settings = load_net(saved)
    P, T = nn.read_data(TEST)
    p = nn.tramnmx(P[:, 2:3], settings["minp"], settings["maxp"])
    t = nn.tramnmx(T[:, 2:3], settings["mint"], settings["maxt"])
    assert [v[0] for v in data["data"]["inputs"].values()] == pytest.approx(p.ravel(), rel=1e-15)
    assert data["data"]["targets"]["t1"] == pytest.approx(t.ravel(), rel=1e-15)
    assert data["data"]["inputs_given"]["i1"] == [P[0, 2]]
    updated = np.empty(len(data["weights"]))
    for w in data["weights"]:
        updated[w["index"]] = w["updated"]
    np.testing.assert_allclose(updated, own_first_step(net, p, t), rtol=1e-12, atol=1e-15)

    markdown = runner.invoke(main, ["trace", saved, TEST, "--format", "markdown"])
    assert markdown.exit_code == 0
    markdown_tables(markdown.output)


@pytest.mark.parametrize("args, message", [
    (["--example", "net.npz"], "give no NET.npz"),
    ([], "or --example"),
    (["--example", "--lr", "0"], "--lr"),
    (["--example", "--steps", "0"], "--steps"),
    (["--example", "--format", "html"], "--format"),
])
def test_cli_usage_errors(args, message):
    result = CliRunner().invoke(main, ["trace"] + args)
    assert result.exit_code == 2
    assert message in result.output


def test_cli_bad_files(tmp_path):
    saved = str(tmp_path / "net.npz")
    net, p, t, lr = example()
    nn.save_net(saved, net)
    data = tmp_path / "data.txt"
    data.write_text("0.05 0.10 0.01 0.99\n0.5 0.5 0.5 0.5\n")
    runner = CliRunner()
    ok = runner.invoke(main, ["trace", saved, str(data), "--sample", "1"])
    assert ok.exit_code == 0, ok.output
    assert "stores no premnmx settings" in ok.output
    # The saved example's own lr (0.25 on sse) gives the textbook's η = 0.5.
    assert "η = 0.5 = 2·lr from net.trainParam.lr = 0.25 on sse" in ok.output
    assert "0.358916480" in ok.output
    result = runner.invoke(main, ["trace", saved, str(data), "--sample", "3"])
    assert result.exit_code == 2 and "has 2 samples" in result.output
    data.write_text("1 2 3\n")
    result = runner.invoke(main, ["trace", saved, str(data)])
    assert result.exit_code == 2 and "needs 4" in result.output


def test_library_errors():
    net, p, t, lr = example()
    with pytest.raises(ParameterError, match="lr must be a positive"):
        trace(net, p, t, -1.0)
    for steps in (0, 2**20 + 1, 2.0):
        with pytest.raises(ParameterError, match="steps"):
            trace(net, p, t, lr, steps=steps)
    with pytest.raises(ShapeError):
        trace(net, [1.0, 2.0, 3.0], t)
    with pytest.raises(ShapeError, match="same number"):
        trace(net, np.ones((2, 2)), t)
    # Settings in original units: p and t are normalised as training saw them.
    scaling = MinMaxScaling(np.zeros((2, 1)), np.full((2, 1), 0.2), np.zeros((2, 1)),
                            np.full((2, 1), 2.0))
    scaled = trace(net, [0.125, 0.15], [1.01, 1.99], lr, scaling=scaling)
    # tramnmx: 2(x − min)/(max − min) − 1, so 0.125 → 0.25, 0.15 → 0.5, 1.01 → 0.01, 1.99 → 0.99
    np.testing.assert_allclose(scaled.p.ravel(), [0.25, 0.5], rtol=1e-15)
    np.testing.assert_allclose(scaled.t.ravel(), [0.01, 0.99], rtol=1e-14)
    assert scaled.p_original.ravel().tolist() == [0.125, 0.15]
    assert "inputs and targets normalised" in scaled.to_text()
    with pytest.raises(nn.DataFormatError):
        trace(net, [np.nan, 1.0], t)
