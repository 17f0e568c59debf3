"""Write the edge-case family: departments that look nothing like the seed, each a valid source.

Run ``python tests/edge/make_family.py`` to rewrite the YAML files beside this
script. Each unit's income is computed here from its spending per source, so every
member balances; the files are committed so that a reviewer can read them, and
``tests/test_edge_family.py`` renders each one's narrative to a golden text.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
TARGETS = {
    "管理办法": "专项资金管理办法",
    "立项依据": "县财政局年度预算批复",
    "长期目标": "保障工作正常开展",
    "年度目标": "完成年度工作任务",
    "实施进度": "1-12月",
    "保障措施": "专款专用",
}
PAYROLL = {"30101": 120000, "30102": 60000, "30108": 20000}
OFFICE = {"30201": 15000, "30211": 5000}


def unit(code: str, name: str, nature: str, func: str = "2010301", **extra: Any) -> dict[str, Any]:
    """A unit with a small payroll and office spending (overridable)."""
    staff = {"编制": {"行政及参公" if nature in ("行政", "参公") else "事业": 5}}
    staff["实有"] = {"科级以下" if nature in ("行政", "参公") else "事业": 4}
    out: dict[str, Any] = {"代码": code, "名称": name, "单位性质": nature, "功能分类": func, "人员": staff}
    out["基本支出"] = {**PAYROLL, **OFFICE}
    out.update(extra)
    return out


def project(name: str, amount: int, group: str = "专项商品和服务", **extra: Any) -> dict[str, Any]:
    """A project; 项目支出 groups get 绩效目标."""
    out: dict[str, Any] = {"名称": name, "金额": amount, "性质": "延续", "类别": group}
    if group not in ("上缴上级", "事业单位经营服务", "上缴政府统筹"):
        out["绩效目标"] = dict(TARGETS)
    out.update(extra)
    return out


def _lines(value: Any, default_source: str) -> list[tuple[str, Decimal]]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict):
            out.append((item.get("资金来源", default_source), Decimal(item["金额"])))
        else:
            out.append((default_source, Decimal(item)))
    return out


def balance(dep: dict[str, Any]) -> dict[str, Any]:
    """Fill each unit's 收入 from its spending per source."""
    units = dep["单位"]
    income: dict[str, dict[str, Decimal]] = {u["代码"]: defaultdict(Decimal) for u in units}
    for u in units:
        default = u.get("资金来源", "经费拨款")
        for value in u.get("基本支出", {}).values():
            for source, amount in _lines(value, default):
                income[u["代码"]][source] += amount
    for p in dep.get("项目", []):
        owner = next(u for u in units if u["代码"] == p.get("单位", units[0]["代码"]))
        income[owner["代码"]][p.get("资金来源", owner.get("资金来源", "经费拨款"))] += Decimal(p["金额"])
    for u in units:
        u["收入"] = {k: int(v) if v == v.to_integral_value() else float(v) for k, v in income[u["代码"]].items() if v}
        special = u["收入"].get("纳入专户管理的非税收入拨款")
        if special and "非税收入计划" not in u:  # 财政专户 money is collected by a plan
            u["非税收入计划"] = [{"名称": "专户管理的非税收入", "类别": "财政专户管理", "计划数": special}]
    return dep


def department(name: str, units: list[dict[str, Any]], projects: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """A whole source (2020) with the given units and projects."""
    dep: dict[str, Any] = {
        "部门": {
            "全称": name,
            "预算年度": 2020,
            "说明日期": "2020-03-18",
            "主要职能": f"{name}负责本行业的管理和服务工作。",
            "整体绩效目标": ["完成年度工作任务"],
        },
        "单位": units,
        "项目": projects,
    }
    dep["部门"].update(extra.pop("部门", {}))
    dep.update(extra)
    if not projects:
        del dep["项目"]
    return balance(dep)


def _office(**extra: Any) -> dict[str, Any]:
    return unit("801001", "局机关", "行政", **extra)


def family() -> dict[str, tuple[str, dict[str, Any]]]:
    """Every member: file stem → (what it tests, source)."""
    capital = project("信息化建设经费", 80000, "其他资本性支出", 经济分类={"31007": 80000})
    two = [project("业务工作经费", 50000), capital]
    reason = "新设机构，首年编制预算"
    long_name = "测试侗族自治县人民政府办公室（县人民政府研究室、县机关事务服务中心、县政务服务中心）"
    out = {
        "no-projects": ("没有项目", department("测试县档案馆", [_office()], [])),
        "only-other": (
            "只有其他支出",
            department("测试县经管站", [_office()], [project("上缴上级经费", 30000, "上缴上级")]),
        ),
        "only-shiye": (
            "只有事业单位（财政部口径下没有机关运行经费）",
            department("测试县图书馆", [unit("802001", "图书馆本级", "事业", "2070109")], two),
        ),
        "five-units": (
            "5 个性质不同的单位",
            department(
                "测试县农业农村局",
                [
                    _office(功能分类="2130101"),
                    unit("801002", "农业技术推广中心", "事业", "2130104"),
                    unit("801003", "农村经营管理站", "参公", "2130101"),
                    unit("801004", "种子公司", "企业", "2130104"),
                    unit("801005", "农机服务队", "其他", "2130104"),
                ],
                [project("农技推广经费", 60000, 单位="801002"), project("种子检验经费", 20000, 单位="801004")],
            ),
        ),
        "every-source": ("每个资金来源都有钱", _every_source()),
        "no-prior": ("没有上年数", department("测试县文化馆", [_office()], two)),
        "prior-zero": (
            "上年数为 0（增长率无定义）",
            department(
                "测试县新设局",
                [_office()],
                two,
                上年={"收入合计": 0, "支出合计": 0, "三公经费": {"公务接待费": 0}, "机关运行经费": 0},
                变动原因={"收入": reason, "支出": reason, "机关运行经费": "新设机构"},
            ),
        ),
        "long-name": (
            "很长的部门名称",
            department(long_name, [_office()], two),
        ),
        "many-projects": (
            "150 个项目",
            department("测试县住房和城乡建设局", [_office(功能分类="2120101")], _many(150)),
        ),
        "no-goals": (
            "没有部门整体绩效目标",
            department("测试县地方志办", [_office()], two, 部门={"整体绩效目标": []}),
        ),
        "no-procurement": ("没有政府采购", department("测试县史志办", [_office()], two)),
        "no-assets": (
            "没有资产（基本情况照实填 0）",
            department(
                "测试县关工委",
                [_office(基本情况=dict.fromkeys(("小汽车", "服务器", "计算机", "打印机", "复印机"), 0))],
                two,
            ),
        ),
        "sangong-two-sources": ("三公由两个来源安排", _sangong_two()),
        "cangong": (
            "参公单位（计入机关运行经费）",
            department("测试县社保中心", [unit("803001", "社保中心本级", "参公", "2080101")], two),
        ),
        "carryover-only": (
            "只有上年结转",
            department(
                "测试县项目办",
                [unit("804001", "项目办本级", "行政", 资金来源="上年结转", 基本支出={"30201": 10000})],
                [project("结转项目经费", 40000)],
            ),
        ),
        "bureau-multi-unit": ("行政机关和两个事业单位、政府性基金和财政专户、项目中的三公、上年数", _bureau()),
        "basic-capital": (
            "基本支出中有 310 资本性支出（计入公用经费）",
            department("测试县统计局", [_office(基本支出={**PAYROLL, **OFFICE, "31002": 12000})], two),
        ),
        "education-2026": (
            "2026 年教育局：机关、参公单位和两所学校，政府性基金、财政专户和上年结转，"
            "三公由两个来源在基本支出和项目中安排，上年三公按全部资金口径",
            _education(),
        ),
        "township-2021": ("2021 年乡镇式部门：只有事业单位、没有项目，经费拨款和事业收入两个来源", _township()),
    }
    out["no-projects"][1]["部门"]["整体绩效目标"] = ["保障机关正常运转"]
    out["only-other"][1]["部门"]["整体绩效目标"] = ["按时上缴上级经费"]
    return out


def _many(n: int) -> list[dict[str, Any]]:
    return [project(f"村级建设项目{i:03d}", 1000 + i * 10, 功能分类="2120101") for i in range(1, n + 1)]


def _every_source() -> dict[str, Any]:
    sources = [
        "行政事业性收费收入",
        "专项收入",
        "罚没收入",
        "国有资本经营收入",
        "国有资源（资产）有偿使用收入",
        "非税其他收入",
        "政府性基金拨款",
        "纳入专户管理的非税收入拨款",
        "上级公共财政补助",
        "上级政府性基金补助",
        "事业收入",
        "事业单位经营服务收入",
        "其他收入",
        "用事业基金弥补收支差额",
        "上年结转",
    ]
    projects = [
        project(f"{s}安排的项目", 10000 + i * 1000, 资金来源=s, **({"功能分类": "2120102"} if "基金" in s else {}))
        for i, s in enumerate(sources)
    ]
    return department("测试县城市管理局", [_office(功能分类="2120101")], projects)


def _sangong_two() -> dict[str, Any]:
    office = _office(基本支出={**PAYROLL, **OFFICE, "30217": 8000, "30231": 12000}, 基本情况={"小汽车": 1})
    projects = [
        project("招商接待经费", 30000, 资金来源="纳入专户管理的非税收入拨款", 经济分类={"30217": 30000}),
        project("业务工作经费", 50000),
    ]
    return department("测试县商务局", [office], projects)


def _bureau() -> dict[str, Any]:
    office = _office(
        功能分类="2120101",
        基本支出={**PAYROLL, **OFFICE, "30217": 6000, "30231": 9000, "31002": 8000},
        基本情况={"小汽车": 1, "计算机": 20, "打印机": 6},
        人员={"编制": {"行政及参公": 12}, "实有": {"正副科级": 3, "科级以下": 8}, "临时人员": 2},
    )
    centre = unit("801002", "城市规划设计中心", "事业", "2120102", 人员={"编制": {"事业": 8}, "实有": {"事业": 8}})
    team = unit("801003", "市政维护队", "事业", "2120102", 人员={"编制": {"事业": 6}, "实有": {"事业": 6}})
    projects = [
        project("城区道路维护经费", 300000, 单位="801003", 功能分类="2120102", 经济分类={"30213": 300000}),
        project("规划编制经费", 200000, 单位="801002", 功能分类="2120102", **{"资金来源": "政府性基金拨款"}),
        project("污水处理费专户支出", 120000, 单位="801003", 功能分类="2120102", 资金来源="纳入专户管理的非税收入拨款"),
        project(
            "招商引资接待经费",
            40000,
            单位="801001",
            经济分类={"30217": 25000, "30211": 15000},
            政府采购=[{"品目": "打印机", "类型": "货物", "数量": 2, "计量单位": "台", "金额": 6000}],
        ),
        project("上缴上级管理费", 20000, "上缴上级", 单位="801002"),
    ]
    dep = department("测试县住房和城乡建设局", [office, centre, team], projects)
    dep["上年"] = {"收入合计": 1500000, "支出合计": 1500000, "机关运行经费": 40000}
    dep["上年"]["三公经费"] = {"公务接待费": 30000, "公务用车运行维护费": 9000}
    dep["变动原因"] = {
        "收入": "城区道路维护和规划编制任务减少",
        "支出": "城区道路维护和规划编制任务减少",
        "三公经费": "招商引资接待任务增加",
        "机关运行经费": "办公设备更新",
    }
    return dep


def _education() -> dict[str, Any]:
    """A 2026 教育局: 行政 + 参公 units (机关运行经费) and two 事业 schools (not), every 205 line, four fund sources."""
    tuition = "纳入专户管理的非税收入拨款"
    office = unit(
        "701001",
        "局机关",
        "行政",
        "2050101",
        基本支出={**PAYROLL, **OFFICE, "30217": 8000, "30231": 12000, "31002": 6000, "30305": 3000},
        基本情况={"小汽车": 1, "计算机": 30, "打印机": 8},
    )
    inspect = unit(
        "701002",
        "教育督导评估中心",
        "参公",
        "2050199",
        基本支出={
            **PAYROLL,
            **OFFICE,
            "30217": 2000,
            "30211": [{"金额": 5000}, {"金额": 3000, "资金来源": "上年结转"}],
        },
    )
    school = unit(
        "701003",
        "第一中学",
        "事业",
        "2050204",
        基本支出={
            **PAYROLL,
            "30201": [{"金额": 15000}, {"金额": 25000, "资金来源": tuition}],
            "30211": 5000,
            "30217": 3000,
        },
        人员={"编制": {"事业": 60}, "实有": {"事业": 58}},
    )
    primary = unit(
        "701004",
        "实验小学",
        "事业",
        "2050202",
        基本支出={**PAYROLL, **OFFICE, "30213": {"金额": 4000, "资金来源": "上年结转"}},
        人员={"编制": {"事业": 40}, "实有": {"事业": 40}},
    )
    plans = [{"名称": "普通高中学费", "类别": "财政专户管理", "计划数": 75000}]
    school["非税收入计划"] = plans
    projects = [
        project(
            "高中家庭经济困难学生资助",
            90000,
            "专项对个人和家庭的补助",
            单位="701003",
            功能分类="2050204",
            经济分类={"30308": 90000},
        ),
        project("彩票公益金助学项目", 60000, 单位="701004", 功能分类="2296004", 资金来源="政府性基金拨款"),
        project(
            "高中学费专户安排的教学经费",
            50000,
            单位="701003",
            功能分类="2050204",
            资金来源=tuition,
            经济分类={"30201": 40000, "30217": 10000},
        ),
        project("教育督导检查经费", 20000, 单位="701002", 功能分类="2050199", 经济分类={"30211": 15000, "30231": 5000}),
        project(
            "校舍维修结转项目",
            50000,
            "其他资本性支出",
            单位="701004",
            功能分类="2050202",
            资金来源="上年结转",
            经济分类={"31006": 50000},
        ),
    ]
    dep = department(
        "测试县教育局",
        [office, inspect, school, primary],
        projects,
        部门={"预算年度": 2026, "说明日期": "2026-03-10"},
    )
    dep["上年"] = {
        "收入合计": 1100000,
        "支出合计": 1100000,
        "三公经费": {"公务接待费": 30000, "公务用车运行维护费": 20000},
        "三公经费口径": "全部资金",
        "机关运行经费": 70000,
        # by 功能分类 项 (一般公共预算): the national format (mof) states each line against last year
        "功能分类": {"2050101": 240000, "2050199": 230000, "2050202": 300000, "2050204": 250000},
    }
    dep["变动原因"] = {
        "收入": "学生资助和校舍维修任务增加",
        "支出": "学生资助和校舍维修任务增加",
        "三公经费": "严控公务接待",
        "机关运行经费": "压减一般性支出",
        "功能分类": {
            "2050101": "人员调整",
            "2050199": "督导检查任务增加",
            "2050202": "学校合并后人员减少",
            "2050204": "学生资助增加",
        },
    }
    return dep


def _township() -> dict[str, Any]:
    """A 2021 乡镇-style department of 事业 units only, no projects: no 机关运行经费, basic spending alone."""
    farm = unit("901001", "农业综合服务中心", "事业", "2130104", 人员={"编制": {"事业": 9}, "实有": {"事业": 9}})
    social = unit(
        "901002",
        "社会事务综合服务中心",
        "事业",
        "2080199",
        基本支出={**PAYROLL, **OFFICE, "30217": 3000, "30227": {"金额": 6000, "资金来源": "事业收入"}},
        人员={"编制": {"事业": 7}, "实有": {"事业": 6}},
    )
    veterans = unit("901003", "退役军人服务站", "事业", "2080901", 人员={"编制": {"事业": 3}, "实有": {"事业": 3}})
    dep = department(
        "测试县城关镇事业单位",
        [farm, social, veterans],
        [],
        部门={"预算年度": 2021, "说明日期": "2021-03-15", "整体绩效目标": ["保障乡镇公共服务正常运转"]},
    )
    dep["上年"] = {"收入合计": 700000, "支出合计": 700000, "三公经费": {"公务接待费": 5000}}
    dep["上年"]["功能分类"] = {"2080199": 230000, "2080901": 220000, "2130104": 230000}
    dep["变动原因"] = {"收入": "人员调整", "支出": "人员调整", "三公经费": "严控公务接待"}
    dep["变动原因"]["功能分类"] = {"2080199": "人员调整", "2130104": "人员调整"}
    return dep


def main() -> None:
    """Rewrite every member's YAML file."""
    for stem, (what, dep) in family().items():
        text = yaml.safe_dump(dep, allow_unicode=True, sort_keys=False, width=200)
        header = f"# 边界情况：{what}。由 tests/edge/make_family.py 生成（各单位收入由支出按资金来源算出）。\n"
        (HERE / f"{stem}.yaml").write_text(header + text, encoding="utf-8")


if __name__ == "__main__":
    main()
