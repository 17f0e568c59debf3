"""The README says what the product does: two quick-start commands (the ones CI runs), a Windows
variant without ``&&``, the default output folder, and the exact list of slow tests."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from budgetgen import cli
from budgetgen.resources import schemas_dir

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The body of the ``## title`` section."""
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def code_lines(text: str) -> list[str]:
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", text, flags=re.M | re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def test_quick_start_has_exactly_two_commands_and_ci_runs_them() -> None:
    commands = code_lines(section("快速开始"))
    assert len(commands) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert all(command in ci for command in commands)


def test_windows_section_types_the_same_two_steps_one_command_a_line() -> None:
    lines = code_lines(section("在 Windows 上安装（PowerShell）"))
    assert not any("&&" in line for line in lines)
    steps = [part.strip() for command in code_lines(section("快速开始")) for part in command.split("&&")]
    assert len(lines) == len(steps) == 4
    for line, step in zip(lines, steps, strict=True):
        assert line in (step, f"py -m {step}"), (line, step)


def test_readme_names_the_default_output_folder() -> None:
    assert f"`{cli.DEFAULT_OUT}/`" in section("快速开始")
    assert f"默认输出到 `./{cli.DEFAULT_OUT}`" in README
    assert "`build/`" not in README and "./build" not in README


def test_developer_section_lists_exactly_the_slow_tests() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", "slow", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    slow = {re.sub(r"\[.*\]$", "", line) for line in collected.stdout.splitlines() if "::" in line}
    assert slow, collected.stdout + collected.stderr
    listed = set(re.findall(r"`(tests/[\w/]+\.py::\w+)`", section("开发")))
    assert listed == slow, "README 开发一节的慢测试名单与 slow 标记不一致"
    assert 'pytest -m "not slow"' in section("开发") and 'pip install -e ".[test]"' in section("开发")


def test_field_tables_mark_exactly_the_schemas_required_keys() -> None:
    """The README, the scaffold's 必填 marks and the schema agree (issue: they had drifted)."""
    schema = json.loads((schemas_dir() / "department.schema.json").read_text(encoding="utf-8"))["properties"]
    nodes = {"部门": schema["部门"], "单位": schema["单位"]["items"], "项目": schema["项目"]["items"]}
    for name, node in nodes.items():
        table = README.split(f"### `{name}`", 1)[1].split("\n### ", 1)[0]
        marked = set()
        for row in re.findall(r"^\| ([^|]+) \| 是 \|", table, flags=re.M):
            marked |= {key.strip() for key in row.split("、")}
        assert marked == set(node["required"]), name
