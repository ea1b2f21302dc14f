"""[[tools]]: ids well formed and unique in a file, bounded names, at most 50 tools."""

from __future__ import annotations

from contract.policy.loader import bundled_policies_dir, load_policy
from contract.policy.model import Tool
from contract.policy.schema import MAX_TOOLS
from tests.policy.conftest import WritePolicy, department, problems_of


def _tools(*entries: tuple[str, str]) -> str:
    return "".join(f'\n[[tools]]\nid = "{tool_id}"\nname = "{name}"\n' for tool_id, name in entries)


def test_tools_load_in_order(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", _tools(("visio", "Visio"), ("parapheur", "P"))))
    assert load_policy(path).tools == (Tool("visio", "Visio"), Tool("parapheur", "P"))


def test_duplicate_tool_id_names_the_first_use(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", _tools(("visio", "A"), ("visio", "B"))))
    assert problems_of(path) == [
        f'{path}:10: tools[1].id: expected a tool id unique in a policy, found "visio", '
        "already the id of tools[0] (line 6)"
    ]


def test_malformed_tool_id_is_refused(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", _tools(("Visio Conf", "A"))))
    assert problems_of(path) == [
        f'{path}:6: tools[0].id: expected an id of 2 to 40 characters among a-z, 0-9 and "-", '
        'found "Visio Conf"'
    ]


def test_tool_name_longer_than_80_is_refused(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", _tools(("visio", "x" * 81))))
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:7: tools[0].name: expected a name of at most 80 characters")


def test_empty_tool_name_is_refused(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", _tools(("visio", "  "))))
    assert problems_of(path) == [f'{path}:7: tools[0].name: expected a non-empty name, found "  "']


def test_more_than_fifty_tools_is_refused(write_policy: WritePolicy) -> None:
    many = _tools(*((f"tool-{n}", f"Outil {n}") for n in range(MAX_TOOLS + 1)))
    path = write_policy("dept", department("dept", many))
    [problem] = problems_of(path)
    assert "at most 50 [[tools]] tables" in problem
    fifty = write_policy(
        "fifty", department("fifty", _tools(*((f"t-{n}", "T") for n in range(50))))
    )
    assert len(load_policy(fifty).tools) == MAX_TOOLS


def test_unknown_key_in_a_tool_is_refused(write_policy: WritePolicy) -> None:
    text = department("dept", '[[tools]]\nid = "visio"\nname = "Visio"\nvendor = "X"\n')
    path = write_policy("dept", text)
    [problem] = problems_of(path)
    assert "tools[0].vendor" in problem


def test_tools_are_inherited_unless_the_child_lists_its_own(write_policy: WritePolicy) -> None:
    write_policy("parent", department("parent", _tools(("visio", "Visio"))))
    child = write_policy("child", department("child", extends="parent"))
    own = write_policy("own", department("own", _tools(("gmao", "GMAO")), extends="parent"))
    assert load_policy(child).tools == (Tool("visio", "Visio"),)
    assert load_policy(own).tools == (Tool("gmao", "GMAO"),)


def test_every_bundled_department_lists_the_common_tools_and_its_own() -> None:
    for path in bundled_policies_dir().glob("*.toml"):
        if path.stem == "default":
            continue
        ids = [tool.id for tool in load_policy(path).tools]
        assert {"parapheur", "messagerie", "visio"} <= set(ids), path
        assert len(ids) >= 4, path
