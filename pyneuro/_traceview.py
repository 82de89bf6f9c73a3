"""Views of a :class:`~pyneuro.trace.Trace`: plain text, Markdown and a JSON-ready dict.

Text and Markdown share one layout: a list of sections, each a title, formula lines (every
quantity's formula once, for the first neuron of a layer) and a table. Values are shown to 9
decimals; the dict keeps full precision.
"""

from typing import List, NamedTuple, Tuple

import numpy as np

__all__ = ["render_text", "render_markdown", "to_dict", "SUMMARY_THRESHOLD"]

SUMMARY_THRESHOLD = 100
"""Nets with more weights and biases than this are summarised per layer unless ``full``."""

_OUTPUT = {
    "logsig": "1/(1 + e^(−net_{x}))",
    "tansig": "2/(1 + e^(−2·net_{x})) − 1",
    "purelin": "net_{x}",
    "poslin": "max(0, net_{x})",
    "satlin": "min(max(0, net_{x}), 1)",
    "satlins": "min(max(−1, net_{x}), 1)",
    "radbas": "e^(−net_{x}²)",
    "hardlim": "[net_{x} ≥ 0]",
    "hardlims": "±1 by the sign of net_{x}",
    "elliotsig": "net_{x}/(1 + |net_{x}|)",
    "softmax": "e^(net_{x})/Σ e^(net)",
}
# f'(net) in the terms a textbook uses (out where the derivative needs only the output).
_DERIVATIVE = {
    "logsig": "out_{x}·(1 − out_{x})",
    "tansig": "(1 − out_{x}²)",
    "purelin": "1",
    "poslin": "[net_{x} > 0]",
    "satlin": "[0 < net_{x} < 1]",
    "satlins": "[−1 < net_{x} < 1]",
    "radbas": "(−2·net_{x}·out_{x})",
    "hardlim": "0",
    "hardlims": "0",
    "elliotsig": "1/(1 + |net_{x}|)²",
}

_TEXTBOOK_E = "E = ½Σ(t − out)², summed over outputs and samples (MATLAB's sse/2)"


class Section(NamedTuple):
    title: str
    lines: List[str]  # formulas (code in Markdown)
    header: Tuple[str, ...]
    rows: List[Tuple[str, ...]]
    prose: Tuple[str, ...] = ()  # sentences, shown before the formulas


def _is_number(cell):
    return cell.lstrip("-")[:1].isdigit()


def _f(value):
    return f"{value:.9f}"


def _value_name(name):
    """How a source's value is written: an input by its name, a neuron as ``out_h1``."""
    return name if name.startswith("i") else f"out_{name}"


def _samples(tr):
    return tr.p.shape[1]


def _sample_rows(tr, names, *columns):
    """Rows of ``name [sample] values...`` for per-neuron (S, Q) arrays."""
    Q = _samples(tr)
    rows = []
    for k, name in enumerate(names):
        for q in range(Q):
            rows.append((name,) + ((str(q + 1),) if Q > 1 else ())
                        + tuple(_f(c[k, q]) for c in columns))
    return rows


def _head(tr, *names):
    return ("neuron",) + (("sample",) if _samples(tr) > 1 else ()) + names


def _terms(parts, limit=4):
    if len(parts) > limit:
        parts = parts[:2] + ["…"] + parts[-1:]
    return " + ".join(parts)


def _derivative(layer, x):
    form = _DERIVATIVE.get(layer.transfer)
    return form.format(x=x) if form else f"{layer.transfer}′(net_{x})"


# -- sections --------------------------------------------------------------------------------


def _network(tr):
    Q = _samples(tr)
    prose = [f"Network {tr.architecture}: "
             + ", ".join(f"{len(layer.names)} {layer.transfer}" for layer in tr.layers)
             + f"; {tr.n_weights} weights and biases"
             + (f", {sum(not w.learn for w in tr.weights)} frozen (not updated)"
                if any(not w.learn for w in tr.weights) else ""),
             f"Error: {_TEXTBOOK_E}; update w+ = w − η·∂E/∂w with η = {tr.lr:g}",
             f"  ({tr.lr_note})",
             f"Data: {Q} sample{'s' if Q != 1 else ''}"]
    if tr.normalisation:
        prose.append(f"Note: {tr.normalisation}.")
    header = ("name",) + (("sample",) if Q > 1 else ()) + ("as the net sees it",) \
        + (("given",) if tr.normalisation else ())
    rows = []
    for names, seen, given in ((tr.input_names, tr.p, tr.p_original),
                               (tr.target_names, tr.t, tr.t_original)):
        for k, name in enumerate(names):
            for q in range(Q):
                row = (name,) + ((str(q + 1),) if Q > 1 else ()) + (_f(seen[k, q]),)
                if tr.normalisation:
                    row += (_f(given[k, q]) if given is not None else "(as given)",)
                rows.append(row)
    return Section("Network and data", [], header, rows, tuple(prose))


def _forward(tr):
    lines = []
    by_target = {}
    for w in tr.weights:
        by_target.setdefault(w.to, []).append(w)
    for layer in tr.layers:
        x = layer.names[0]
        parts = [f"{w.number}·{_value_name(w.source)}" for w in by_target.get(x, ()) if w.number]
        parts += [w.name for w in by_target.get(x, ()) if not w.number]
        out = _OUTPUT.get(layer.transfer)
        likewise = f"  (likewise {', '.join(layer.names[1:])})" if len(layer.names) > 1 else ""
        if len(layer.names) > 4:
            likewise = f"  (likewise {layer.names[1]} … {layer.names[-1]})"
        lines.append(f"net_{x} = {_terms(parts) or '0'};  out_{x} = {layer.transfer}(net_{x})"
                     + (f" = {out.format(x=x)}" if out else "") + likewise)
    rows = []
    for layer in tr.layers:
        rows += _sample_rows(tr, layer.names, layer.net, layer.out)
    return Section("Forward pass", lines, _head(tr, "net", "out"), rows)


def _error(tr):
    out = tr.layers[-1]
    x, t = out.names[0], tr.target_names[0]
    Q = _samples(tr)
    total = " + ".join(f"E_{name}" for name in out.names)
    lines = [f"E_{x} = ½({t} − out_{x})²;  E_total = "
             + (f"Σ over samples of ({total})" if Q > 1 else total)]
    rows = []
    for k, name in enumerate(out.names):
        for q in range(Q):
            rows.append((name,) + ((str(q + 1),) if Q > 1 else ())
                        + (_f(tr.t[k, q]), _f(out.out[k, q]), _f(tr.error_terms[k, q])))
    rows.append(("E_total",) + (("",) if Q > 1 else ()) + ("", "", _f(tr.error)))
    return Section("Total error", lines, _head(tr, "target", "out", "E"), rows)


def _backward(tr):
    lines = []
    for layer in reversed(tr.layers):
        x = layer.names[0]
        if layer.is_output:
            if layer.transfer == "softmax":
                rule = "Σ_k (out_ok − tk)·∂out_ok/∂net_o1 (softmax couples the outputs)"
            else:
                rule = f"(out_{x} − {tr.target_names[0]})"
                if _derivative(layer, x) != "1":
                    rule += f"·{_derivative(layer, x)}"
        else:
            fed = [w for w in tr.weights if w.source == x]
            rule = ("(" + _terms([f"δ{w.to}·{w.number}" for w in fed]) + ")"
                    + f"·{_derivative(layer, x)}")
        likewise = f"  (likewise {layer.names[1]}" + (" …" if len(layer.names) > 2 else "") \
            + ")" if len(layer.names) > 1 else ""
        lines.append(f"δ{x} = ∂E/∂net_{x} = {rule}{likewise}")
    rows = []
    for layer in reversed(tr.layers):
        rows += _sample_rows(tr, layer.names, layer.delta)
    return Section("Backward pass", lines, _head(tr, "δ"), rows)


def _weight_formula(w, Q):
    product = f"δ{w.to}" if w.source is None else f"δ{w.to}·{_value_name(w.source)}"
    return f"Σ {product}" if Q > 1 else product


def _updates(tr):
    Q = _samples(tr)
    first = next((w for w in tr.weights if w.number), None)
    lines = []
    if first is not None:
        lines.append(f"∂E/∂{first.number} = ∂E/∂{first.name} = {_weight_formula(first, Q)}"
                     + ("  (summed over the samples)" if Q > 1 else ""))
    bias = next((w for w in tr.weights if not w.number), None)
    if bias is not None:
        lines.append(f"∂E/∂{bias.name} = {_weight_formula(bias, Q)}")
    lines.append(f"w+ = w − η·∂E/∂w with η = {tr.lr:g}; frozen ones (learn = False) keep "
                 "their value")
    rows = [(w.number, w.name, _weight_formula(w, Q), _f(w.value), _f(w.gradient),
             _f(w.updated), "" if w.learn else "frozen") for w in tr.weights]
    return Section("Gradients and updated weights", lines,
                   ("#", "weight", "∂E/∂w =", "w", "∂E/∂w", "w+", "note"), rows)


def _after(tr):
    rows = [("before the step", _f(tr.error)), ("after 1 step", _f(tr.error_after))]
    if tr.steps > 1:
        rows.append((f"after {len(tr.errors) - 1} steps", _f(tr.errors[-1])))
    prose = () if len(tr.errors) == tr.steps + 1 else (
        f"The descent stopped after {len(tr.errors) - 1} of {tr.steps} steps: the error was "
        "no longer finite.",)
    return Section("After the step", [], ("when", "E_total"), rows, prose)


def _range(values):
    return _f(float(np.min(values))), _f(float(np.max(values)))


def _layer_prefix(names):
    first = names[0]
    return first[0] + (first[first.index("_"):] if "_" in first else "")


def _summary(tr):
    note = (f"{tr.n_weights} weights and biases: summarised per layer "
            "(full=True or --full lists every neuron and weight).")
    neurons = Section("Forward and backward pass, per layer", [],
                      ("layer", "neurons", "f", "net min", "net max", "out min", "out max",
                       "δ min", "δ max"),
                      [(_layer_prefix(layer.names), str(len(layer.names)), layer.transfer)
                       + _range(layer.net) + _range(layer.out) + _range(layer.delta)
                       for layer in tr.layers], (note,))
    blocks = {}
    for w in tr.weights:
        src = "" if w.source is None else "←" + (w.source.rstrip("0123456789") if
                                                 w.source.startswith("i") else
                                                 _layer_prefix([w.source]))
        key = f"{'w' if w.number else 'b'}({_layer_prefix([w.to])}{src})"
        blocks.setdefault(key, []).append(w)
    rows = []
    for key, ws in blocks.items():
        value, grad = [w.value for w in ws], [w.gradient for w in ws]
        largest = max(ws, key=lambda w: abs(w.gradient))
        rows.append((key, str(len(ws)), str(sum(not w.learn for w in ws)))
                    + _range(value) + _range(grad)
                    + (f"{largest.number or largest.name} {_f(largest.gradient)}",
                       _f(max(abs(w.updated - w.value) for w in ws))))
    weights = Section("Gradients and updates, per weight matrix",
                      [f"w+ = w − η·∂E/∂w with η = {tr.lr:g}"],
                      ("block", "count", "frozen", "w min", "w max", "∂E/∂w min", "∂E/∂w max",
                       "largest |∂E/∂w|", "max |w+ − w|"), rows)
    return [neurons, weights]


def _sections(tr, full):
    head = [_network(tr)]
    if tr.n_weights > SUMMARY_THRESHOLD and not full:
        return head + [_error(tr)] + _summary(tr) + [_after(tr)]
    return head + [_forward(tr), _error(tr), _backward(tr), _updates(tr), _after(tr)]


# -- renderers -------------------------------------------------------------------------------


def render_text(tr, full=False):
    out = ["One step of back-propagation (the engine's own forward and backward pass)", ""]
    for section in _sections(tr, full):
        out.append(section.title)
        out += [f"  {line}" for line in section.prose + tuple(section.lines)]
        if section.header:
            table = [section.header] + section.rows
            widths = [max(len(row[c]) for row in table) for c in range(len(section.header))]
            for row in table:
                cells = [cell.rjust(width) if c and _is_number(cell) else cell.ljust(width)
                         for c, (cell, width) in enumerate(zip(row, widths))]
                out.append(("  " + "  ".join(cells)).rstrip())
        out.append("")
    return "\n".join(out)


def _md(cell):
    return cell.replace("|", "\\|")


def render_markdown(tr, full=False):
    out = ["## One step of back-propagation", ""]
    for section in _sections(tr, full):
        out += [f"### {section.title}", ""]
        out += [f"- {_md(line.strip())}" for line in section.prose]
        out += [f"- `{line}`" for line in section.lines]
        if section.prose or section.lines:
            out.append("")
        if section.header:
            numeric = [all(_is_number(row[c]) or not row[c] for row in section.rows)
                       for c in range(len(section.header))]
            out.append("| " + " | ".join(_md(h) or " " for h in section.header) + " |")
            out.append("| " + " | ".join("---:" if n else "---" for n in numeric) + " |")
            for row in section.rows:
                out.append("| " + " | ".join(_md(cell) or " " for cell in row) + " |")
            out.append("")
    return "\n".join(out)


def _floats(a):
    return [float(v) for v in np.ravel(a)]


def to_dict(tr):
    neurons = []
    for layer in tr.layers:
        for k, name in enumerate(layer.names):
            neurons.append({"neuron": name, "layer": layer.index, "transfer": layer.transfer,
                            "net": _floats(layer.net[k]), "out": _floats(layer.out[k]),
                            "delta": _floats(layer.delta[k])})
    data = {
        "inputs": {name: _floats(tr.p[k]) for k, name in enumerate(tr.input_names)},
        "targets": {name: _floats(tr.t[k]) for k, name in enumerate(tr.target_names)},
    }
    if tr.normalisation:
        data["normalisation"] = tr.normalisation
        if tr.p_original is not None:
            data["inputs_given"] = {n: _floats(tr.p_original[k])
                                    for k, n in enumerate(tr.input_names)}
        if tr.t_original is not None:
            data["targets_given"] = {n: _floats(tr.t_original[k])
                                     for k, n in enumerate(tr.target_names)}
    return {
        "architecture": tr.architecture,
        "layers": [{"index": layer.index, "neurons": list(layer.names),
                    "transfer": layer.transfer} for layer in tr.layers],
        "n_weights": tr.n_weights,
        "samples": int(tr.p.shape[1]),
        "error_function": _TEXTBOOK_E,
        "lr": tr.lr,
        "lr_note": tr.lr_note,
        "data": data,
        "neurons": neurons,
        "error_terms": {name: _floats(tr.error_terms[k])
                        for k, name in enumerate(tr.layers[-1].names)},
        "error": tr.error,
        "weights": [{"number": w.number or None, "name": w.name, "to": w.to, "from": w.source,
                     "index": w.index, "value": w.value, "gradient": w.gradient,
                     "updated": w.updated, "learn": w.learn} for w in tr.weights],
        "error_after": tr.error_after,
        "errors": _floats(tr.errors),
        "formulas": {s.title: s.lines for s in _sections(tr, True) if s.lines},
    }
