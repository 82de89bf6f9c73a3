"""Dependencies point one way (SPEC §2): no import cycle, no import of a pyneuro module hidden
inside a function to dodge one, the engine a leaf, and only the CLI imports click.

The module graph is read from the source with ``ast`` (imports at module level), so the test
sees what a reader sees, independently of what happens to be imported already.
"""

import ast
import pathlib
import subprocess
import sys

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "pyneuro"

# Optional third-party packages a module may import lazily, inside the function that needs
# them (SPEC §2: matplotlib only in plotting, scikit-learn only in sklearn, dask only in sweep).
LAZY_ALLOWED = {"matplotlib", "sklearn", "dask", "distributed", "threadpoolctl", "scipy"}


def _module_name(path):
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(module, node):
    """The absolute module an ImportFrom/Import node names (None for third-party)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level == 0:
        return [node.module]
    base = module.split(".")
    is_package = (PACKAGE.parent / pathlib.Path(*base) / "__init__.py").exists()
    base = base[:len(base) - node.level + (1 if is_package else 0)]
    target = ".".join(base + ([node.module] if node.module else []))
    if node.module is None:  # from . import x: x may be a module
        return [f"{target}.{alias.name}" for alias in node.names]
    return [target]


def _graph():
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges, deferred, third_party = {}, [], {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges[name] = set()
        third_party[name] = set()
        top_level = set(id(node) for node in tree.body)
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for target in _resolve(name, node):
                internal = target.split(".")[0] == "pyneuro"
                if id(node) not in top_level:
                    root = target.split(".")[0]
                    if internal or root not in LAZY_ALLOWED:
                        deferred.append(f"{name}: import of {target} inside a function")
                    continue
                if internal:
                    # 'from . import x' names module x when there is one, else a name in '.'.
                    if target not in modules and target.rsplit(".", 1)[0] in modules:
                        target = target.rsplit(".", 1)[0]
                    edges[name].add(target)
                else:
                    third_party[name].add(target.split(".")[0])
    for name in edges:
        edges[name] = {t for t in edges[name] if t in modules and t != name}
    return modules, edges, deferred, third_party


MODULES, EDGES, DEFERRED, THIRD_PARTY = _graph()


def _topological_order():
    order, state = [], {}

    def visit(node, path):
        if state.get(node) == "done":
            return
        if state.get(node) == "active":
            raise AssertionError("import cycle: " + " -> ".join(path + [node]))
        state[node] = "active"
        for target in sorted(EDGES[node]):
            # A package's __init__ importing its own submodules is how packages work.
            if not target.startswith(node + "."):
                visit(target, path + [node])
        state[node] = "done"
        order.append(node)

    for node in sorted(EDGES):
        visit(node, [])
    return order


def test_no_import_cycle_between_modules():
    assert len(_topological_order()) == len(MODULES)


def test_no_pyneuro_import_inside_functions():
    assert DEFERRED == []


def _reaches(start):
    seen, stack = set(), [start]
    while stack:
        node = stack.pop()
        for target in EDGES[node]:
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


@pytest.mark.parametrize("module, allowed", [
    ("pyneuro._engine", {"pyneuro._plan", "pyneuro._buffers", "pyneuro.transfer",
                         "pyneuro._transfer_formulas", "pyneuro.errors", "pyneuro._registry"}),
    ("pyneuro._trainfcn", {"pyneuro._registry", "pyneuro._struct", "pyneuro.errors"}),
])
def test_leaf_modules_import_only_what_is_below_them(module, allowed):
    assert _reaches(module) <= allowed | {"pyneuro._validate"}


@pytest.mark.parametrize("module", ["pyneuro.network", "pyneuro._engine", "pyneuro.transfer",
                                    "pyneuro.performance", "pyneuro.initializers",
                                    "pyneuro.preprocessing"])
def test_lower_layers_do_not_reach_up(module):
    above = {m for m in MODULES if m.startswith(("pyneuro.training", "pyneuro.io",
                                                 "pyneuro.cli", "pyneuro.workflow"))}
    assert _reaches(module) & above == set()


def test_only_the_cli_imports_click():
    users = {m for m, deps in THIRD_PARTY.items() if "click" in deps}
    assert users and all(m.startswith("pyneuro.cli") for m in users)


def test_every_module_imports_in_a_fresh_interpreter_in_dependency_order():
    order = [m for m in _topological_order() if m != "pyneuro.__main__"]
    code = ("import importlib, sys\n"
            f"for name in {order!r}:\n"
            "    importlib.import_module(name)\n"
            "assert 'click' not in sys.modules or any(m.startswith('pyneuro.cli') "
            "for m in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
