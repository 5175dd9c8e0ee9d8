"""The package layout: stages import only the stages before them, the core never
imports a paper, and no module imports itself through others (imports inside
functions count; ``if TYPE_CHECKING:`` imports, never executed, do not)."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

import hybridsys

PACKAGE = Path(hybridsys.__file__).parent
#: The stages in the order data flows; a module may import its own stage and earlier ones.
STAGES = ("errors", "_version", "model", "symbolic", "compiled", "measures", "numerics", "sweeps", "papers", "cli")
RANK = {"errors": 0, "_version": 0, "model": 1, "symbolic": 2, "compiled": 3, "measures": 4, "numerics": 5,
        "sweeps": 6, "papers": 7, "cli": 8}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def runtime_imports(path: Path) -> set[str]:
    """Every hybridsys module ``path`` imports at run time, wherever the import stands."""
    return imports_of(path.read_text(), module_name(path), path.name == "__init__.py")


def imports_of(text: str, name: str, is_package: bool) -> set[str]:
    tree = ast.parse(text)
    package = name if is_package else name.rpartition(".")[0]
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
               for n in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("hybridsys")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("hybridsys"):
                continue
            for alias in node.names:  # `from . import x` may name a module
                candidate = f"{target}.{alias.name}"
                is_module = (PACKAGE.parent / candidate.replace(".", "/")).with_suffix(".py").exists() or \
                    (PACKAGE.parent / candidate.replace(".", "/") / "__init__.py").exists()
                found.add(candidate if is_module else target)
    return found - {name}


def stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None  # None: the top-level package


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for path in PACKAGE.rglob("*.py"):
        source = module_name(path)
        graph.add_node(source)
        for target in runtime_imports(path):
            graph.add_edge(source, target)
    return graph


def test_every_module_belongs_to_a_stage():
    assert {stage(m) for m in import_graph() if stage(m)} <= set(STAGES)


def test_no_stage_imports_a_later_stage():
    offending = [
        (source, target)
        for source, target in import_graph().edges
        if stage(source) and (stage(target) is None or RANK[stage(target)] > RANK[stage(source)])
    ]
    assert offending == []


def test_the_core_never_imports_a_paper():
    offending = [(s, t) for s, t in import_graph().edges
                 if stage(t) == "papers" and stage(s) not in ("papers", "cli", None)]
    assert offending == []


def test_measures_are_a_leaf_of_pure_functions():
    """measures/ imports nothing of hybridsys but the errors (and itself)."""
    targets = {t for s, t in import_graph().edges if stage(s) == "measures"}
    assert {stage(t) for t in targets} <= {"measures", "errors"}


def test_there_are_no_import_cycles():
    assert list(nx.simple_cycles(import_graph())) == []


def test_the_checker_sees_lazy_and_relative_upward_imports():
    """The rule checker itself can fail: imports inside functions are found, type-only ones are not."""
    text = (
        "from typing import TYPE_CHECKING\n"
        "from ..errors import ParameterError\n"
        "if TYPE_CHECKING:\n    from ..symbolic.derivation import Derivation\n"
        "def f():\n    from ..numerics import steady\n    from hybridsys.papers import load_paper\n"
    )
    found = imports_of(text, "hybridsys.model.probe", is_package=False)
    assert found == {"hybridsys.errors", "hybridsys.numerics.steady", "hybridsys.papers"}
