"""linter/ has no import circles: no module imports, at its top or inside a function, one that
imports it back (directly or through others). Imports under `if TYPE_CHECKING:` are for type
checkers only and do not count."""
from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(tree: ast.AST) -> set[int]:
    """ids of the nodes inside `if TYPE_CHECKING:` blocks."""
    skipped = set()
    for node in ast.walk(tree):
        test = getattr(node, "test", None)
        if isinstance(node, ast.If) and getattr(test, "id", getattr(test, "attr", None)) == "TYPE_CHECKING":
            skipped.update(id(inner) for statement in node.body for inner in ast.walk(statement))
    return skipped


def imported_modules(path: Path, name: str, modules: set[str]) -> set[str]:
    """The modules of `modules` that the module `name` (file `path`) imports anywhere in it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_only(tree)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[:len(package) - node.level + 1] + [node.module or ""]).strip(".") if node.level \
                else node.module
            found.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names)
    return {module for module in found if module in modules and module != name}


def import_graph(package_dir: Path) -> dict[str, set[str]]:
    """Every module of a package and the package's modules it imports."""
    root = package_dir.parent
    files = {module_name(path, root): path for path in sorted(package_dir.rglob("*.py"))}
    return {name: imported_modules(path, name, set(files)) for name, path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Import circles, each as a path back to its start (a depth-first walk finds at least one in
    every group of modules that import each other)."""
    found, done = [], set()
    for start in sorted(graph):
        if start in done:
            continue
        path, pending = [start], [iter(sorted(graph[start]))]
        while path:
            following = next(pending[-1], None)
            if following is None:
                done.add(path.pop())
                pending.pop()
            elif following in path:
                found.append(path[path.index(following):] + [following])
            elif following not in done:
                path.append(following)
                pending.append(iter(sorted(graph[following])))
    return found


def test_linter_modules_import_each_other_without_circles():
    circles = cycles(import_graph(ROOT / "linter"))
    assert not circles, "import circles: " + "; ".join(" -> ".join(circle) for circle in circles)


def test_a_circle_through_a_function_level_import_is_named(tmp_path):
    package = tmp_path / "pkg"
    (package / "batch").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "batch" / "__init__.py").write_text("")
    (package / "batch" / "review.py").write_text("def run():\n    from .cluster import go\n")
    (package / "batch" / "cluster.py").write_text("from ..batch.review import run\n")
    (package / "types.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .batch import review\n")
    graph = import_graph(package)
    assert graph["pkg.types"] == set()
    assert cycles(graph) == [["pkg.batch.cluster", "pkg.batch.review", "pkg.batch.cluster"]]
