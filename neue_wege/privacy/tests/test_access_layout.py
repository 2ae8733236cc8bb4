"""The shape of the access package and of privacy's imports (issue 10).

- every module of `privacy/access/` stays readable (at most 250 lines) and imports at the top;
- privacy imports nothing of the apps above it except their models: the content of released
  items and export sections come from the apps through registries (`personal_data.py`);
- no import circle runs through the access rules, also not through imports inside functions.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # neue_wege/
ACCESS = PACKAGE_ROOT / "privacy" / "access"
UPPER_APPS = ("strengths", "orientation", "portal", "outcomes", "evaluation", "dashboards")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(imported module, inside a function?) for every import in the file."""
    tree = ast.parse(path.read_text())
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend((alias.name, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                # `from neue_wege.privacy import releases` imports the module releases
                found.extend((f"{child.module}.{alias.name}", in_function)
                             for alias in child.names)
            visit(child, inner)

    visit(tree, False)
    return found


def _source_files() -> list[Path]:
    return [p for p in PACKAGE_ROOT.rglob("*.py")
            if "tests" not in p.parts and "migrations" not in p.parts]


def _resolve(name: str, known: set[str]) -> str | None:
    """The project module an import refers to (`a.b.func` → `a.b`)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def test_no_module_of_the_access_package_exceeds_250_lines() -> None:
    lengths = {p.name: len(p.read_text().splitlines()) for p in ACCESS.glob("*.py")}
    assert len(lengths) >= 8, lengths
    assert max(lengths.values()) <= 250, lengths


def test_the_access_package_imports_only_at_the_top_of_its_modules() -> None:
    inside = {p.name: [name for name, in_function in _imports(p) if in_function]
              for p in ACCESS.glob("*.py")}
    assert {name: found for name, found in inside.items() if found} == {}


def test_privacy_imports_no_app_above_it_except_models() -> None:
    allowed: set[tuple[str, str]] = set()  # every PDF comes from core/pdf.py (issue 10, part C)
    upward = []
    for path in (PACKAGE_ROOT / "privacy").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for name, _in_function in _imports(path):
            parts = name.split(".")
            if (parts[0] == "neue_wege" and len(parts) > 2 and parts[1] in UPPER_APPS
                    and parts[2] != "models" and (path.name, ".".join(parts[:4])) not in allowed
                    and (path.name, ".".join(parts[:3])) not in allowed):
                upward.append(f"{path.relative_to(PACKAGE_ROOT)}: {name}")
    assert upward == [], upward


def test_no_import_circle_runs_through_the_access_rules_or_releases() -> None:
    files = {_module_name(p): p for p in _source_files()}
    known = set(files)
    graph = {module: {target for name, _ in _imports(path)
                      if (target := _resolve(name, known)) and target != module}
             for module, path in files.items()}
    watched = {m for m in known if m.startswith("neue_wege.privacy.access")} | {
        "neue_wege.privacy.releases", "neue_wege.privacy.release_content",
        "neue_wege.privacy.subject_rights"}
    circles = []
    for start in sorted(watched):
        # Depth-first search for a path from one of start's imports back to start.
        stack, seen = [(start, [start])], set()
        while stack:
            node, trail = stack.pop()
            for target in graph.get(node, ()):
                if target == start:
                    circles.append(" → ".join([*trail, start]))
                elif target not in seen and target.startswith("neue_wege."):
                    seen.add(target)
                    stack.append((target, [*trail, target]))
    # A package's __init__ re-exporting its own modules is not a circle of the code.
    circles = [c for c in circles if not all(
        part.startswith("neue_wege.privacy.access") for part in c.split(" → "))]
    assert circles == [], circles


@pytest.mark.parametrize("order", [
    "neue_wege.privacy.access neue_wege.privacy.releases neue_wege.strengths.selectors",
    "neue_wege.strengths.selectors neue_wege.privacy.releases neue_wege.privacy.access",
    "neue_wege.privacy.subject_rights neue_wege.organisation.services neue_wege.privacy.access",
    "neue_wege.privacy.access.decorators neue_wege.portal.views.stories "
    "neue_wege.dashboards.context_processors",
])
def test_modules_import_in_any_order(order: str) -> None:
    """In a fresh interpreter with the models loaded, every other project module is forgotten
    and the modules are imported in the given order: a circle of imports at module level
    (where the access package has all of them) would fail with an ImportError."""
    code = (
        "import django, importlib, sys; django.setup(); "
        "keep = lambda m: ('.models' in m or m.endswith('.apps') or m == 'neue_wege.settings'"
        " or (m.count('.') <= 1 and hasattr(sys.modules[m], '__path__'))); "
        "[sys.modules.pop(m) for m in list(sys.modules) "
        " if m.startswith('neue_wege.') and not keep(m)]; "
        f"[importlib.import_module(m) for m in {order.split()!r}]; "
        "from neue_wege.privacy import access; assert callable(access.participant_required)")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "neue_wege.settings"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,  # noqa: S603 (fixed code)
                            text=True, cwd=PACKAGE_ROOT.parent, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
