"""The county config budgetgen.yaml: inheritance, located errors, and the config schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from _county import EXAMPLE, ROOT

from budgetgen import cli
from budgetgen.config import find_config, load_settings
from budgetgen.pipeline import check_file

BASIS = "通财预指〔2020〕1号"


def lean_source(tmp_path: Path) -> Path:
    """The example without what the county config provides."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for line in ("  地区: 通道侗族自治县\n", "  预算年度: 2020\n"):
        text = text.replace(line, "")
    text = text.replace("  说明日期: 2020-03-18          # 落款日期；也可写 2020年3月18日\n", "")
    head, _, rest = text.partition("\n立项依据:\n")
    text = head + "\n" + rest.split("\n", 1)[1]
    folder = tmp_path / "2020"
    folder.mkdir()
    (folder / "zwfwzx.yaml").write_text(text, encoding="utf-8")
    return folder / "zwfwzx.yaml"


CONFIG = f"""# 通道县预算仓库的共用设置
地区: 通道侗族自治县
预算年度: 2020
说明日期: 2020-03-18
立项依据:
  {BASIS}: 通财预指【2020】1号《通道侗族自治县财政局关于下达2020年度部门预算指标的通知》
名词解释:
  - 词条: 共用词条
    解释: 由县级配置统一提供。
"""


def test_department_inherits_and_may_override(tmp_path: Path) -> None:
    src = lean_source(tmp_path)
    (tmp_path / "budgetgen.yaml").write_text(CONFIG, encoding="utf-8")
    checked = check_file(src)
    assert [i for i in checked.issues if i.is_error] == []
    assert checked.budget is not None
    dep = checked.budget.department
    assert (dep.region, dep.year, dep.date.isoformat()) == ("通道侗族自治县", 2020, "2020-03-18")
    assert checked.budget.projects[0].targets is not None
    assert "财政局关于下达" in str(checked.budget.projects[0].targets)
    assert checked.deps == ((tmp_path / "budgetgen.yaml").resolve(),)

    src.write_text(src.read_text(encoding="utf-8").replace("  简称: 政务中心\n", "  简称: 政务中心\n  地区: 别处\n"))
    checked = check_file(src)
    assert checked.budget is not None and checked.budget.department.region == "别处"


def test_inherited_value_is_located_in_the_config(tmp_path: Path) -> None:
    src = lean_source(tmp_path)
    (tmp_path / "budgetgen.yaml").write_text(CONFIG.replace("预算年度: 2020", "预算年度: 2031"), encoding="utf-8")
    checked = check_file(src)
    year_issues = [i for i in checked.issues if i.path == "部门.预算年度"]
    assert year_issues, checked.issues
    assert all(i.loc.file.endswith("budgetgen.yaml") and i.loc.line == 3 for i in year_issues)


def test_broken_config_fails_every_department_once_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lean_source(tmp_path)
    (tmp_path / "budgetgen.yaml").write_text(CONFIG.replace("预算年度: 2020", "预算年度: 二〇二〇\n模版: x"), "utf-8")
    code = cli.main(["build", str(tmp_path / "2020"), "-o", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == 1
    assert "budgetgen.yaml:3:7: 错误 E-SCHEMA-TYPE 预算年度" in out
    assert "budgetgen.yaml:4:1: 错误 E-SCHEMA-UNKNOWN-KEY 模版: 未知的键“模版”，是否想写“模板”？" in out
    assert out.count("E-SCHEMA-TYPE") == 2  # once in the list, once as the department's first error
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.docx"))


def test_profile_and_override_folder_are_checked(tmp_path: Path) -> None:
    (tmp_path / "budgetgen.yaml").write_text("模板: guangdong\n模板覆盖: 本县模板\n", encoding="utf-8")
    settings, issues = load_settings(tmp_path / "budgetgen.yaml")
    assert settings is None
    assert [i.code for i in issues] == ["E-CONFIG-PROFILE", "E-CONFIG-OVERRIDE"]
    assert "hunan-county" in issues[0].message


def test_explicit_and_pinned_configs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = lean_source(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "county.yaml").write_text(CONFIG, encoding="utf-8")
    assert cli.main(["check", str(src)]) == 1  # no config found: the year is missing
    assert cli.main(["check", str(src), "--config", str(tmp_path / "elsewhere" / "county.yaml")]) == 0
    src.write_text("配置: ../elsewhere/county.yaml\n" + src.read_text(encoding="utf-8"), encoding="utf-8")
    assert cli.main(["check", str(src)]) == 0
    capsys.readouterr()


def test_config_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / "budgetgen.yaml").write_text("地区: 外面\n", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "2020").mkdir()
    assert find_config(repo / "2020") is None
    (repo / "budgetgen.yaml").write_text("地区: 里面\n", encoding="utf-8")
    assert find_config(repo / "2020") == (repo / "budgetgen.yaml").resolve()


def test_config_schema_is_generated_from_the_tool() -> None:
    shipped = json.loads((ROOT / "schemas" / "config.schema.json").read_text(encoding="utf-8"))
    code = "import json, make_config_schema as m; print(json.dumps(m.SCHEMA, ensure_ascii=False))"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "tools", capture_output=True, text=True, check=True)
    assert json.loads(proc.stdout) == shipped, "run python tools/make_config_schema.py"
