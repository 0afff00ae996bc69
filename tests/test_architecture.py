"""The package's shape, checked: no import cycles (at module level or inside functions), no module
over 400 lines, no private names reached across modules, one error family, heavy libraries
imported only where they are used, and the test double kept out of the package."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "generator"
MAX_LINES = 400
HEAVY = ("numpy", "scipy", "onnxruntime", "PIL", "soxr", "mutagen", "piper")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path, known: set[str]) -> list[tuple[str, int, tuple[str, ...]]]:
    """(module imported, line, names imported from it) for every import in ``path``, wherever it
    sits (a function body too). ``from a.b import c`` counts as importing ``a.b.c`` when that is
    a module, else ``a.b``."""
    tree = ast.parse(path.read_text("utf-8"))
    own = _module_name(path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    found: list[tuple[str, int, tuple[str, ...]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno, ()) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names = tuple(a.name for a in node.names)
            subs = [f"{base}.{n}" for n in names if f"{base}.{n}" in known]
            if subs:
                found += [(s, node.lineno, ()) for s in subs]
            rest = tuple(n for n in names if f"{base}.{n}" not in known)
            if rest or not subs:
                found.append((base, node.lineno, rest))
    return found


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        for target, _line, _names in _imports(path, known):
            if target in known and target != name:
                graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles() -> None:
    found = cycles(import_graph())
    assert not found, f"import cycles: {found}"


def test_the_cycle_check_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_is_over_400_lines() -> None:
    long = {
        name: n
        for name, path in modules().items()
        if (n := len(path.read_text("utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_no_private_name_is_imported_from_another_module() -> None:
    mods = modules()
    known = set(mods)
    reached = [
        f"{name}:{line} imports {target}.{n}"
        for name, path in mods.items()
        for target, line, names in _imports(path, known)
        if target.startswith("generator") and target != name
        for n in names
        if n.startswith("_") and not n.startswith("__")
    ]
    assert not reached, reached


def test_package_inits_import_nothing() -> None:
    """A package's ``__init__`` is its docstring: importing ``generator.plan`` costs nothing and
    every import names the module it needs."""
    busy = [
        name
        for name, path in modules().items()
        if path.name == "__init__.py"
        and any(
            isinstance(n, ast.Import | ast.ImportFrom) for n in ast.parse(path.read_text()).body
        )
    ]
    assert not busy, f"__init__ modules that import: {busy}"


def test_every_exception_class_lives_in_errors() -> None:
    elsewhere = []
    for name, path in modules().items():
        if name == "generator.errors":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(b, ast.Name)
                and (b.id.endswith(("Error", "Exception")) or b.id in _errors())
                for b in node.bases
            ):
                elsewhere.append(f"{name}.{node.name}")
    assert not elsewhere, f"exception classes outside generator/errors.py: {elsewhere}"


def _errors() -> set[str]:
    tree = ast.parse((PACKAGE / "errors.py").read_text("utf-8"))
    return {n.name for n in tree.body if isinstance(n, ast.ClassDef)}


def test_no_test_double_ships_in_the_package() -> None:
    doubles = [p for p in PACKAGE.rglob("*.py") if "fake" in p.name or "mock" in p.name]
    assert not doubles


@pytest.mark.parametrize(
    "module",
    [
        "generator.cli.main",
        "generator.script.load",
        "generator.lint.script",
        "generator.plan.planner",
        "generator.plan.listing",
        "generator.compose.composer",
        "generator.cli.compose",
        "generator.mix.beds.catalog",
        "generator.speech.voices",
        "generator.cli.launch",
    ],
)
def test_light_modules_import_no_heavy_library(module: str) -> None:
    """The commands people type often (help, poses, ambients, voices, lint, plan) start without
    numpy, scipy, onnxruntime or Pillow: those load only where audio or images are made."""
    code = (
        f"import sys; import {module}; "
        f"print(','.join(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "", f"{module} imports {out.stdout.strip()}"
