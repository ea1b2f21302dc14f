"""The layers, pinned: who may import whom (README "Layout").

In the spirit of httpx's test that pins its public names: the architecture is
a property of the source, checked on every run, so that a convenient import
across a layer fails here rather than in a Debian package without GTK.

- ``contract`` (layout, policy, SQLite rules, Prio3) imports no program;
- ``agent.core``, the measuring core, imports the standard library, ``holidays``
  and the pure contract modules only: no pydantic, no I/O library;
- ``aggregator``, the server, imports the contract and nothing of the agent
  nor of the simulator;
- ``simulation`` may use both sides, and nothing imports it;
- a platform library is imported only in its adapter modules;
- no import cycle between packages.

Every ``import`` is read with ``ast``, including those inside functions and
under ``if TYPE_CHECKING``: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("agent", "aggregator", "contract", "simulation")
STDLIB = sys.stdlib_module_names

# The contract modules the core may use: pure data and pure functions.
PURE_CONTRACT = {"contract", "contract.contribution", "contract.policy", "contract.policy.model"}

# Each platform library, and the only modules allowed to import it.
PLATFORM_ADAPTERS: dict[str, set[str]] = {
    "gi": {"agent.tray.tray"},
    "pystray": {"agent.tray.tray", "agent.tray.pystray_model"},
    "Xlib": {
        "agent.sensing.pynput_input",
        "agent.sensing.x11",
        "agent.tray.xembed",
        "agent.tray.xembed_menus",
        "agent.tray.xembed_picture",
    },
    "pynput": {"agent.sensing.pynput_input"},
    "dbus": {"agent.notify.linux"},
    "jeepney": {
        "agent.notify.answers",
        "agent.sensing.dbus_connection",
        "agent.sensing.logind",
        "agent.sensing.mutter",
        "agent.tray.backends",  # is a StatusNotifierWatcher on the session bus?
    },
    "plyer": {"agent.notify.base"},
    "ctypes": {"agent.sensing.macos", "agent.sensing.windows"},
    "win32api": set(),
    "win32con": set(),
    "win32gui": set(),
    "pywintypes": set(),
    "AppKit": set(),
    "Quartz": set(),
    "objc": set(),
}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted
    target: str  # the imported module, dotted (``from a import b`` gives ``a.b`` when a module)
    line: int


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


@cache
def all_imports() -> tuple[Import, ...]:
    found: list[Import] = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            module = module_name(path)
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    found += [Import(module, alias.name, node.lineno) for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    base = _resolve(node, module, path.name == "__init__.py")
                    for alias in node.names:
                        dotted = f"{base}.{alias.name}"
                        target = dotted if is_module(dotted) else base
                        found.append(Import(module, target, node.lineno))
    return tuple(found)


def imports_of(prefix: str) -> Iterator[Import]:
    return (i for i in all_imports() if i.module == prefix or i.module.startswith(f"{prefix}."))


def top(name: str) -> str:
    return name.split(".")[0]


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(f"{prefix}.")


def describe(found: list[Import]) -> str:
    return "\n".join(f"{i.module}:{i.line} imports {i.target}" for i in found)


def test_the_scan_sees_every_package_and_lazy_imports() -> None:
    # The test is only as good as its scanner: a function-level import counts.
    modules = {i.module for i in all_imports()}
    assert {"agent.core.engine", "aggregator.app", "contract.policy.loader"} <= modules
    assert "simulation.cli" in modules
    upload_imports = {i.target for i in imports_of("agent.upload")}
    assert "httpx" in upload_imports  # imported inside functions, where used


def test_the_contract_imports_no_program() -> None:
    found = [
        i for i in imports_of("contract") if top(i.target) in {"agent", "aggregator", "simulation"}
    ]
    assert not found, describe(found)


def test_the_server_imports_the_contract_and_nothing_of_the_agent() -> None:
    found = [i for i in imports_of("aggregator") if top(i.target) in {"agent", "simulation"}]
    assert not found, describe(found)


def test_nothing_imports_the_simulator() -> None:
    found = [
        i
        for i in all_imports()
        if top(i.target) == "simulation" and not within(i.module, "simulation")
    ]
    assert not found, describe(found)


def test_the_core_imports_the_standard_library_holidays_and_the_pure_contract() -> None:
    def allowed(target: str) -> bool:
        return (
            top(target) in STDLIB
            or top(target) == "holidays"
            or within(target, "agent.core")
            or target in PURE_CONTRACT
        )

    found = [i for i in imports_of("agent.core") if not allowed(i.target)]
    assert not found, describe(found)


def test_the_pure_contract_modules_are_pure() -> None:
    # What the core may import must itself stay out of pydantic and I/O.
    found = [
        i
        for module in PURE_CONTRACT
        for i in all_imports()
        if i.module == module and not (top(i.target) in STDLIB or i.target in PURE_CONTRACT)
    ]
    assert not found, describe(found)


@pytest.mark.parametrize("library", sorted(PLATFORM_ADAPTERS))
def test_a_platform_library_stays_in_its_adapters(library: str) -> None:
    allowed = PLATFORM_ADAPTERS[library]
    users = {i.module for i in all_imports() if top(i.target) == library}
    assert users <= allowed, f"{library} imported outside its adapters: {sorted(users - allowed)}"


def test_the_adapters_listed_exist() -> None:
    listed = set().union(*PLATFORM_ADAPTERS.values())
    missing = sorted(name for name in listed if not is_module(name))
    assert not missing, f"stale adapter names: {missing}"


def _package_of(module: str) -> str:
    """The package a module belongs to: ``agent.core.days`` → ``agent.core``."""
    if (ROOT.joinpath(*module.split(".")) / "__init__.py").is_file():
        return module
    return module.rpartition(".")[0]


def test_no_import_cycle_between_packages() -> None:
    graph: dict[str, set[str]] = {}
    for i in all_imports():
        if top(i.target) not in PACKAGES or i.target.endswith("__main__"):
            continue
        source, target = _package_of(i.module), _package_of(i.target)
        # A subpackage may use its parent package (``agent.tray`` uses ``agent.participation``).
        if source != target and not within(source, target):
            graph.setdefault(source, set()).add(target)
    cycles = _cycles(graph)
    assert not cycles, "\n".join(" → ".join(cycle) for cycle in cycles)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph.get(node, ())):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components
