"""The house rules: no import cycles (lazy imports included), one job per module stated in its
first line, stage numbers only in the pipeline, the version in one place."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "summarizer"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every summarizer module ``path`` imports, at module level or inside a function."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            if base.split(".")[0] != "summarizer":
                continue
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in KNOWN else base)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "summarizer"}
    return {m for m in found if m in KNOWN and m != name}


KNOWN = {module_name(p) for p in MODULES}


def test_no_import_cycles() -> None:
    graph = {module_name(p): imports(p) for p in MODULES}
    # A package's __init__ re-exports its modules; importing a sibling through it is not a cycle.
    packages = {m for m in graph if (PACKAGE.parent / m.replace(".", "/") / "__init__.py").exists()}
    graph = {m: {d for d in deps if d not in packages} for m, deps in graph.items() if m not in packages}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                cycles.append([*trail[trail.index(dep) :], dep] if dep in trail else [node, dep])
            elif dep not in state:
                visit(dep, [*trail, dep])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, cycles


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_states_its_one_job_first(path: Path) -> None:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    if path.name == "__main__.py":
        return
    assert doc, path
    first = doc.splitlines()[0]
    assert 20 <= len(first) <= 120 and not re.match(r"Stage \d", first), first


def test_stage_numbers_only_in_the_pipeline() -> None:
    for path in MODULES:
        if path.name != "pipeline.py":
            assert not re.search(r"\bStage \d", path.read_text(encoding="utf-8")), path


def test_the_version_lives_in_pyproject_only() -> None:
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    for path in MODULES:
        assert version not in path.read_text(encoding="utf-8"), path
    import summarizer

    assert summarizer.__version__ == version


STAGES = ("reading", "understanding", "ranking", "briefing", "rendering", "evaluation")
FRONT_ENDS = ("cli", "web")
"""The ways in: the command line and the web page (`summarize serve`), each over the same engine."""
MAX_TOP_LEVEL = 12
MAX_LINES = 350


def test_the_tree_shows_the_stages() -> None:
    # A folder per stage, each saying in one line what it takes and gives; at the top only
    # the public API, the model, the options, the errors, the batch runner and the CLI.
    for stage in STAGES:
        doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
        assert doc and doc.lower().startswith(stage), stage
    top = [p for p in PACKAGE.iterdir() if p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists())]
    modules = [p for p in top if p.name not in (*STAGES, "data")]
    assert len(modules) <= MAX_TOP_LEVEL, sorted(p.name for p in modules)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_350_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES, path


def test_the_front_ends_sit_on_the_engine_not_in_it() -> None:
    # The engine (stages and top-level modules) never imports a front end; the web page runs
    # the engine itself rather than the command line, and only the `serve` command starts it.
    # `python -m summarizer` (__main__) is the command line's door.
    allowed = {("summarizer.__main__", "cli"), ("summarizer.cli.serve", "web")}
    for stage in FRONT_ENDS:
        doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
        assert doc, stage
    assert (PACKAGE / "web" / "__init__.py").read_text(encoding="utf-8").startswith('"""Web: ')
    for path in MODULES:
        name = module_name(path)
        front = next((f for f in FRONT_ENDS if name.startswith(f"summarizer.{f}")), None)
        for dep in imports(path):
            other = next((f for f in FRONT_ENDS if dep.startswith(f"summarizer.{f}")), None)
            if other and other != front:
                assert (name, other) in allowed, (name, dep)
