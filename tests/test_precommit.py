"""The pre-commit hook (.pre-commit-hooks.yaml) in a temporary county repository, offline.

The hook uses ``language: system`` (the budgetgen installed here), so pre-commit
builds no environment and needs no network; the hooks file is committed to its own
temporary repository so the test does not depend on this checkout being a Git clone.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "tongdao-zwfwzx-2020.yaml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
TEXT = EXAMPLE.read_text(encoding="utf-8")
BROKEN = TEXT.replace("      30101: 307056 ", "      30101: abc ")
LINE = 1 + next(n for n, line in enumerate(TEXT.splitlines()) if line.startswith("      30101:"))


def _env(home: Path) -> dict[str, str]:
    tools = Path(sys.executable).parent  # budgetgen and pre-commit of this environment
    return {
        **os.environ,
        "PATH": f"{tools}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(home / "pre-commit-cache"),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "测试",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "测试",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "PIP_NO_INDEX": "1",  # nothing may be downloaded
    }


def _run(cwd: Path, env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(argv), cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)


def _pre_commit() -> str:
    found = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
    if found is None:
        pytest.fail("pre-commit is not installed (pip install '.[test]')")
    return found


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A hooks repository holding this checkout's hooks file, and a county repository."""
    env = _env(tmp_path)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    shutil.copy(HOOKS, hooks / ".pre-commit-hooks.yaml")
    for argv in (("git", "init", "-q"), ("git", "add", "-A"), ("git", "commit", "-q", "-m", "hooks")):
        assert _run(hooks, env, *argv).returncode == 0
    county = tmp_path / "county"
    for name, text in {
        "2020/zwfwzx.yaml": TEXT,
        "budgetgen.yaml": "地区: 通道侗族自治县\n",
        ".gitlab-ci.yml": "stages: [check]\n",  # not sources: the hook must not hand them to check
        "本县模板/tables/annex_05.yaml": "标题: 不是部门源文件\n",
        "_草稿/x.yaml": "草稿: 1\n",
        "说明.md": "不是 YAML\n",
    }.items():
        (county / name).parent.mkdir(parents=True, exist_ok=True)
        (county / name).write_text(text, encoding="utf-8")
    assert _run(county, env, "git", "init", "-q").returncode == 0
    return hooks, county, env


def test_try_repo_checks_only_department_sources(setup: tuple[Path, Path, dict[str, str]]) -> None:
    hooks, county, env = setup
    assert _run(county, env, "git", "add", "-A").returncode == 0
    clean = _run(county, env, _pre_commit(), "try-repo", str(hooks), "budgetgen-check", "--all-files", "--verbose")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "校验通过：没有发现问题" in clean.stdout
    (county / "2020" / "jyj.yaml").write_text(BROKEN, encoding="utf-8")
    assert _run(county, env, "git", "add", "-A").returncode == 0
    files = ["2020/jyj.yaml", "budgetgen.yaml", ".gitlab-ci.yml", "本县模板/tables/annex_05.yaml", "_草稿/x.yaml"]
    failed = _run(county, env, _pre_commit(), "try-repo", str(hooks), "budgetgen-check", "--files", *files)
    out = failed.stdout
    assert failed.returncode == 1, out + failed.stderr
    assert "2020/jyj.yaml:" in out and "E-SCHEMA-TYPE" in out
    assert "annex_05" not in out and "gitlab" not in out and "草稿" not in out and "budgetgen.yaml:" not in out


def test_installed_hook_refuses_a_commit_with_errors_then_accepts_the_fix(
    setup: tuple[Path, Path, dict[str, str]],
) -> None:
    hooks, county, env = setup
    rev = _run(hooks, env, "git", "rev-parse", "HEAD").stdout.strip()
    config = f"repos:\n  - repo: {hooks.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: budgetgen-check\n"
    (county / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    installed = _run(county, env, _pre_commit(), "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert _run(county, env, "git", "add", "-A").returncode == 0
    first = _run(county, env, "git", "commit", "-q", "-m", "2020 年源文件")
    assert first.returncode == 0, first.stdout + first.stderr
    (county / "2020" / "zwfwzx.yaml").write_text(BROKEN, encoding="utf-8")
    assert _run(county, env, "git", "add", "-A").returncode == 0
    refused = _run(county, env, "git", "commit", "-q", "-m", "改错了")
    said = refused.stdout + refused.stderr  # git shows the hook's output on stderr
    assert refused.returncode != 0
    assert f"2020/zwfwzx.yaml:{LINE}:" in said and "E-SCHEMA-TYPE" in said
    assert _run(county, env, "git", "log", "--oneline").stdout.count("\n") == 1
    (county / "2020" / "zwfwzx.yaml").write_text(TEXT.replace("简称: 政务中心", "简称: 政务服务中心"), encoding="utf-8")
    assert _run(county, env, "git", "add", "-A").returncode == 0
    fixed = _run(county, env, "git", "commit", "-q", "-m", "改正")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr


# ---- The docs county staff copy from ---------------------------------------------------------------------------


def _county_section() -> str:
    text = (ROOT / "docs" / "county.md").read_text(encoding="utf-8")
    return text[text.index("用 Git 管理源文件：") :]


def _blocks(text: str, lang: str) -> list[str]:
    return [b.split("\n", 1)[1] for b in text.split("```")[1::2] if b.startswith(lang)]


def test_the_offline_local_hook_in_county_md_matches_the_shipped_hook() -> None:
    [shipped] = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    configs = [yaml.safe_load(textwrap.dedent(b)) for b in _blocks(_county_section(), "yaml")]
    local = next(c["repos"][0]["hooks"][0] for c in configs if c["repos"][0]["repo"] == "local")
    remote = next(c["repos"][0]["hooks"][0] for c in configs if c["repos"][0]["repo"] != "local")
    assert remote == {"id": shipped["id"]}
    keys = ("id", "entry", "language", "files", "exclude", "require_serial")
    assert {k: local[k] for k in keys} == {k: shipped[k] for k in keys}


def test_the_diff_excerpt_in_county_md_is_real_output() -> None:
    [excerpt] = [b.strip("\n") for b in _county_section().split("```")[1::2] if "【合计】" in b]
    real = (ROOT / "tests" / "golden" / "diff" / "one-project.txt").read_text(encoding="utf-8").splitlines()
    lines = iter(real)
    missing = [line for line in excerpt.splitlines()[1:] if line not in lines]  # in order: `in` consumes the iterator
    assert missing == [], "county.md 的示例不是 diff 的真实输出"


def test_ci_example_checks_pull_requests_and_publishes_main() -> None:
    from budgetgen import cli

    workflow = yaml.safe_load((ROOT / "docs" / "ci-example.yml").read_text(encoding="utf-8"))
    runs = {name: " ".join(s.get("run", "") for s in job["steps"]) for name, job in workflow["jobs"].items()}
    assert "pull_request" in workflow[True] and workflow[True]["push"]["branches"] == ["main"]  # YAML 1.1: on → True
    assert "budgetgen check" in runs["check"] and "budgetgen diff" in runs["check"]
    assert "budgetgen publish" in runs["publish"]
    used = set(re.findall(r"budgetgen (\w[\w-]*)", " ".join(runs.values())))
    known = set(cli._parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    assert used - known == set()
