"""Any multi-unit department: the narrative follows the definitions and no sentence is broken or false.

Hypothesis draws departments of 1-4 units of any 单位性质, basic lines on any source,
projects of any kind and source (三公 lines inside some), with or without a prior year;
each one is checked through the real pipeline and its narrative is read back.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import yaml
from edge.make_family import PAYROLL, department, project, unit
from helpers import narrative_blocks
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_edge_family import BROKEN, section, text_of

from budgetgen import pipeline
from budgetgen.money import fmt_wan

NATURES = ("行政", "参公", "事业", "企业", "其他")
SOURCES = (
    "经费拨款",
    "行政事业性收费收入",
    "政府性基金拨款",
    "纳入专户管理的非税收入拨款",
    "上级公共财政补助",
    "事业收入",
    "上年结转",
)
GROUPS = ("专项商品和服务", "其他资本性支出", "上缴上级", "事业单位经营服务")
FUNC = {"政府性基金拨款": "2120102"}


@st.composite
def departments(draw: st.DrawFn) -> dict[str, Any]:
    units = []
    for i in range(draw(st.integers(1, 4))):
        nature = draw(st.sampled_from(NATURES))
        source = draw(st.sampled_from(SOURCES))
        office = {"30201": draw(st.integers(0, 50)) * 1000, "30217": draw(st.sampled_from([0, 0, 3000]))}
        basic = {**PAYROLL, **{k: v for k, v in office.items() if v}}
        if draw(st.booleans()):
            basic["31002"] = 5000
        units.append(
            unit(
                f"80{i + 1}001", f"第{i + 1}单位", nature, FUNC.get(source, "2120101"), 资金来源=source, 基本支出=basic
            )
        )
    projects = []
    for j in range(draw(st.integers(0, 5))):
        group = draw(st.sampled_from(GROUPS))
        source = draw(st.sampled_from(SOURCES))
        econ = {"30217": 2000, "30213": 8000} if group == "专项商品和服务" and draw(st.booleans()) else None
        extra: dict[str, Any] = {"单位": draw(st.sampled_from([u["代码"] for u in units])), "资金来源": source}
        extra["功能分类"] = FUNC.get(source, "2120101")
        if econ:
            extra["经济分类"] = econ
        if group == "其他资本性支出":
            extra["经济分类"] = {"31007": 10000}
        projects.append(project(f"项目{j + 1}", 10000, group, **extra))
    dep = department("测试县随机局", units, projects)
    if draw(st.booleans()):
        dep["上年"] = {"收入合计": draw(st.sampled_from([0, 500000])), "机关运行经费": 0, "三公经费": {"公务接待费": 0}}
        dep["上年"]["支出合计"] = dep["上年"]["收入合计"]
        dep["变动原因"] = {"收入": "业务调整", "支出": "业务调整", "三公经费": "业务调整", "机关运行经费": "业务调整"}
    return dep


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dep=departments())
def test_any_department_gets_a_true_unbroken_narrative(dep: dict[str, Any]) -> None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "dep.yaml"
        (Path(folder) / ".git").mkdir()
        path.write_text(yaml.safe_dump(dep, allow_unicode=True, sort_keys=False), encoding="utf-8")
        checked = pipeline.check_file(path)
    assert checked.budget is not None, checked.issues
    errors = [(i.code, i.message) for i in checked.issues if i.is_error]
    assert errors == []
    b = checked.budget
    blocks = narrative_blocks(b)
    text = text_of(blocks)
    assert [m.group(0) for p in BROKEN for m in p.finditer(text)] == []
    # 机关运行经费: only 行政 and 参公 units, only 一般公共预算拨款, basic 302 + 310
    natures = {u["代码"]: u["单位性质"] for u in dep["单位"]}
    public = {"经费拨款", "行政事业性收费收入"}
    expected = sum(
        (
            Decimal(v)
            for u in dep["单位"]
            if natures[u["代码"]] in ("行政", "参公") and u["资金来源"] in public
            for k, v in u["基本支出"].items()
            if k[:3] in ("302", "310")
        ),
        Decimal(0),
    )
    assert b.running_cost == expected
    running = section(blocks, "机关运行经费")
    assert (f"{fmt_wan(expected)}万元" in running) == bool(expected)
    # 三公: the table's total is stated, and the 一般公共预算拨款 part beside it when others pay too
    sangong = section(blocks, "三公")
    if b.sangong.table_total.total:
        assert f"{fmt_wan(b.sangong.table_total.total)}万元" in sangong
        assert f"{fmt_wan(b.sangong.public.total)}万元" in sangong
    # every fund source with money is named in 收入 and 支出
    for fund in b.funds:
        assert fund.name in section(blocks, "收入预算") + section(blocks, "部门收支概况")
        assert fund.name in section(blocks, "支出预算")
