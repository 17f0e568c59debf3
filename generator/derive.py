"""The derivation module: every derived figure of the model is defined here, once.

Formulas, in the words of the tables:

* 支出合计 = 基本支出 + 项目支出 + 其他支出; 基本支出 = Σ 301/302/303/310 类明细;
* 人员经费 = 301 + 303; 公用经费 = 302 + 310 (of 基本支出);
* 项目支出 = Σ 专项项目 (the 专项资金预算汇总表); 其他支出 = Σ 上缴及经营类项目;
* a source group (e.g. 一般公共预算拨款 = 经费拨款 + 纳入公共预算管理的非税收入拨款) = Σ its member sources, as
  the profile declares them;
* 三公 = 因公出国（境）费 + 公务用车购置费 + 公务用车运行维护费 + 公务接待费, from economic lines;
* 机关运行经费 and the 三公 scope are declared definitions (:mod:`budgetgen.definitions`);
* 较上年 = 本年 − 上年, with 增加/减少/持平 by its sign.

Every row's spending figures are read from the realized ledger (:mod:`budgetgen.ledger`,
:mod:`budgetgen.rowfigures`), added up once per department; this module holds the formulas the
ledger's reads and the rest of the model share.

万元 conversion is :func:`budgetgen.money.to_wan`, applied only when printing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from budgetgen.model import Change, FuncRow, Income
from budgetgen.model_facts import SanGong
from budgetgen.money import ZERO, as_amount, pct_change, total
from budgetgen.profile import Kind, Profile
from budgetgen.rowfigures import frozen, with_source_groups

Amounts = Mapping[str, Decimal]


def sum_by(pairs: Iterable[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """Add amounts up per key, keeping first-seen key order."""
    out: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for key, value in pairs:
        out[key] += value
    return dict(out)


def income_of(declared: Amounts, p: Profile) -> Income:
    """Income with source subtotals."""
    by_source = with_source_groups(declared, p)
    return Income(by_source["合计"], by_source)


def project_econ_lines(amount: Decimal, econ: Amounts) -> list[tuple[str | None, Decimal]]:
    """A project's economic lines; any part not broken down stays unclassified (None)."""
    rest = amount - total(econ.values())
    lines: list[tuple[str | None, Decimal]] = list(econ.items())
    if rest > 0 or not lines:
        lines.append((None, rest if lines else amount))
    return lines


def change(current: Decimal, prior: Decimal | None, reason: str) -> Change | None:
    """A 较上年 comparison, or None when the prior figure is unknown."""
    if prior is None:
        return None
    diff = current - prior
    direction = "增加" if diff > 0 else ("减少" if diff < 0 else "持平")
    pct = pct_change(current, prior)
    return Change(current, prior, diff, abs(diff), direction, pct, None if pct is None else abs(pct), reason)


def add_counts(mappings: Iterable[Mapping[str, Any]]) -> Mapping[str, Any]:
    """Key-wise sums of count mappings (unit staff → department staff)."""
    out: dict[str, Any] = {}
    for m in mappings:
        for key, value in m.items():
            out[key] = out.get(key, 0) + value
    return frozen(out)


def staff_counts(raw: Mapping[str, Any]) -> Mapping[str, int]:
    """A unit's staff table, flattened, with every subtotal of 单位人员情况表."""

    def part(group: str, key: str) -> int:
        return int(raw.get(group, {}).get(key, 0))

    posts = {k: part("编制", k) for k in ("行政及参公", "事业", "工勤")}
    actual = {k: part("实有", k) for k in ("正副厅级", "正副处级", "正副科级", "科级以下", "事业", "工勤")}
    admin = sum(actual[k] for k in ("正副厅级", "正副处级", "正副科级", "科级以下"))
    retired_l = {k: part("离休", k) for k in ("正副厅级", "正副处级", "正副科级", "其他")}
    retired = {k: part("退休", k) for k in ("机关标准", "事业标准")}
    flat = {f"编制{k}": v for k, v in posts.items()} | {f"实有{k}": v for k, v in actual.items()}
    flat |= {f"离休{k}": v for k, v in retired_l.items()} | {f"退休{k}": v for k, v in retired.items()}
    flat |= {"超编行政及参公": part("超编", "行政及参公"), "超编事业": part("超编", "事业")}
    flat |= {
        "编制合计": sum(posts.values()),
        "实有行政小计": admin,
        "实有合计": admin + actual["事业"] + actual["工勤"],
        "离休小计": sum(retired_l.values()),
        "退休小计": sum(retired.values()),
        "长休内退": int(raw.get("长休内退", 0)),
        "临时人员": int(raw.get("临时人员", 0)),
        "在校学生": int(raw.get("在校学生", 0)),
        "公益性岗位": int(raw.get("公益性岗位", 0)),
        "临时工": int(raw.get("临时工", 0)),
        "勤杂工": int(raw.get("勤杂工", 0)),
    }
    return frozen(flat)


FACILITY_KEYS = (
    "办公用房",
    "配套设施",
    "出租面积",
    "租用面积",
    "服务器",
    "计算机",
    "租用专线",
    "中继线",
    "直拨电话",
    "打印机",
    "复印机",
    "中央空调",
    "电力空调",
    "锅炉",
    "电梯",
    "医疗床位",
    "小汽车",
    "大客车",
    "其他车辆",
)


def facility_counts(raw: Mapping[str, Any]) -> Mapping[str, Decimal]:
    """A unit's 单位基本情况 figures with 车辆合计."""
    out = {k: Decimal(raw.get(k, 0)) for k in FACILITY_KEYS}
    out["车辆合计"] = out["小汽车"] + out["大客车"] + out["其他车辆"]
    return frozen(out)


def amounts_of(items: Iterable[Any], p: Profile) -> Amounts:
    """Sum of ``by_source`` over items that carry one (purchases, procurements)."""
    return with_source_groups(sum_by((s, v) for i in items for s, v in i.by_source.items() if s in p.sources), p)


def by_kind_totals(items: Iterable[Any]) -> Amounts:
    """政府采购 by 货物/工程/服务."""
    return frozen({k: total(i.amount for i in items if i.kind == k) for k in ("货物", "工程", "服务")})


@dataclass(frozen=True)
class PriorFacts:
    """Last year's figures, typed in or computed from last year's source."""

    income_total: Decimal | None
    spending_total: Decimal | None
    sangong_total: Decimal | None
    running_cost: Decimal | None
    sangong_scope: str = "public"
    """The scope of ``sangong_total``: ``public`` (the profile's public group) or ``all``."""
    sangong: SanGong | None = None
    """Last year's 三公 by item, when known."""
    by_function: Mapping[str, Decimal] | None = None
    """Last year's public-view spending per 7-digit 功能分类 code, when computed from last year's source."""


def opt_amount(value: Any) -> Decimal | None:
    """Like :func:`budgetgen.money.as_amount`, keeping None for a missing figure."""
    return None if value is None else as_amount(value)


def nontax_totals(plans: Iterable[Any], prof: Profile) -> Amounts:
    """非税收入征收计划 totals: 计划数, 执收成本, 上缴政府统筹, 上年决算, 征收成本小计 and each 执收成本明细 item.

    A line without 上年决算 or 执收成本明细 counts as zero in these totals.
    """
    items = list(plans)
    out = {
        "计划数": total(p.planned for p in items),
        "执收成本": total(p.cost for p in items),
        "上缴政府统筹": total(p.pooled for p in items),
        "上年决算": total(p.final or ZERO for p in items),
        "征收成本小计": total(p.collection_cost or ZERO for p in items),
    }
    out |= {f"执收成本明细/{k}": total(p.costs.get(k) or ZERO for p in items) for k in prof.cost_items}
    return frozen(out)


def income_sources(by_source: Amounts, p: Profile) -> tuple[str, ...]:
    """Names of the profile's income headings that carry money, in narrative order."""
    return tuple(name for name, key in p.income_headings if by_source.get(key, ZERO) != 0)


def other_income(by_source: Amounts, p: Profile) -> tuple[tuple[str, Decimal], ...]:
    """Income beyond the headings the narrative always names, when non-zero."""
    rest = p.income_headings[p.income_always_named :]
    return tuple((name, by_source[key]) for name, key in rest if by_source.get(key, ZERO) != 0)


def projects_in_view(projects: Iterable[Any], view: str, kind: Kind, p: Profile) -> tuple[Any, ...]:
    """Projects of one kind funded by the sources a view includes."""
    sources = p.views[view]
    return tuple(x for x in projects if x.kind is kind and x.source in sources)


def func_class_totals(tree: Iterable[FuncRow], classes: Iterable[tuple[str, str]]) -> Amounts:
    """Spending per 功能分类 类, keyed by the 类's name, zero for unused 类 (``tree``: a view's 类/款/项 rows)."""
    by_code = {r.code: r.figures.total for r in tree if r.level == "lei"}
    return frozen({name: by_code.get(code, ZERO) for code, name in classes})


def nontax_split(plans: Iterable[Any], p: Profile) -> Amounts:
    """非税 plans per ``类别/上缴政府统筹``, ``类别/执收成本`` and ``类别/上年决算``.

    The profile's public name (``…/part``) = Σ over its public 类别; a line without 上年决算 counts as zero.
    """
    items = list(plans)
    out = sum_by(
        pair
        for x in items
        for pair in (
            (f"{x.category}/上缴政府统筹", x.pooled),
            (f"{x.category}/执收成本", x.cost),
            (f"{x.category}/上年决算", x.final or ZERO),
        )
    )
    for part in ("上缴政府统筹", "执收成本", "上年决算"):
        out[f"{p.nontax_public_name}/{part}"] = total(out.get(f"{c}/{part}", ZERO) for c in p.nontax_public)
    return frozen(out)


def new_assets_split(assets: Iterable[Any], prof: Profile) -> Amounts:
    """新增资产 per ``列/金额`` and ``列/数量`` (zero for every column of the profile), with ``合计/金额`` = Σ 金额."""
    items = list(assets)
    out = {f"{c}/{p}": ZERO for c in prof.asset_columns for p in ("金额", "数量")}
    for a in items:
        out[f"{a.column}/金额"] += a.amount
        out[f"{a.column}/数量"] += a.quantity
    out["合计/金额"] = total(a.amount for a in items)
    return frozen(out)


def stock_counts(raw: Mapping[str, Any], nature: str, prof: Profile) -> Mapping[str, Decimal]:
    """A unit's 存量资产 per 新增资产配置表 column: areas in 平方米, the rest in 辆 or 台/套; zero where not given."""
    out = {c: ZERO for c in prof.asset_columns}
    for key in prof.asset_categories:
        out[prof.asset_column(key, nature)] += Decimal(raw.get(key, 0))
    return frozen(out)


def collection_cost(costs: Mapping[str, Decimal | None], prof: Profile) -> Decimal | None:
    """征收成本小计 = Σ 征收成本 items of a plan line's 执收成本明细; None when the source gives no 明细."""
    parts = [costs.get(k) for k in prof.collection_costs]
    return None if any(v is None for v in parts) else total(v for v in parts if v is not None)
