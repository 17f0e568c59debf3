"""The frozen budget model: raw facts plus every derived figure, and nothing else.

The model knows nothing of fonts, cells or sentences. It is built only by
:mod:`budgetgen.derive`; renderers read it and cannot change it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from budgetgen.issues import Loc
from budgetgen.ledger import Cell, Ledger
from budgetgen.model_facts import FundLine, RunningCostFacts, SanGong, SanGongFacts
from budgetgen.profile import Kind, Profile


@dataclass(frozen=True, slots=True)
class Posting:
    """One expenditure amount at its finest grain: unit × function × economy × source."""

    unit: str
    func: str
    econ: str | None
    source: str
    kind: Kind
    group: str
    amount: Decimal
    project: str | None = None


@dataclass(frozen=True, slots=True)
class Figures:
    """Aggregates of a set of postings; every table row reads one of these."""

    total: Decimal
    basic: Decimal
    project: Decimal
    other: Decimal
    project_and_other: Decimal
    by_class: Mapping[str, Decimal]
    by_group: Mapping[str, Decimal]
    by_econ: Mapping[str, Decimal]
    by_source: Mapping[str, Decimal]
    sangong: SanGong
    sangong_public: SanGong
    by_econ_group: Mapping[str, Decimal] = field(default_factory=dict)
    """Basic spending per economic group the profile declares (人员经费 = 301 + 303 …)."""
    cells: Mapping[str, Mapping[Cell, Decimal]] = field(default_factory=dict, repr=False, compare=False)
    """The ledger's cells at this row's coordinate, per source: what a spec coordinate reads
    (:mod:`budgetgen.tables.coord`); not a field a spec names."""


@dataclass(frozen=True, slots=True)
class Income:
    """Declared income by source, with the subtotals the tables show."""

    total: Decimal
    by_source: Mapping[str, Decimal]


@dataclass(frozen=True, slots=True)
class Change:
    """A year-over-year comparison; ``direction`` is 增加, 减少 or 持平."""

    current: Decimal
    prior: Decimal
    diff: Decimal
    magnitude: Decimal
    direction: str
    pct: Decimal | None
    pct_magnitude: Decimal | None
    reason: str


@dataclass(frozen=True, slots=True)
class Targets:
    """A project's performance targets (绩效目标)."""

    method: str
    basis: str
    long_term: str
    annual: str
    schedule: str
    safeguards: str


@dataclass(frozen=True, slots=True)
class Purchase:
    """One 政府购买服务 entry, with the classification of the project it belongs to."""

    project: str
    unit: str
    func: str
    func_label: str
    content: str
    item_code: str
    item_name: str
    contractor: str
    amount: Decimal
    by_source: Mapping[str, Decimal]
    loc: Loc


@dataclass(frozen=True, slots=True)
class Procurement:
    """One 政府采购 entry."""

    project: str
    unit: str
    unit_name: str
    func: str
    item: str
    kind: str
    quantity: Decimal | None
    measure: str
    when: str
    imported: bool
    sme: bool
    green: bool
    amount: Decimal
    by_source: Mapping[str, Decimal]
    loc: Loc


@dataclass(frozen=True, slots=True)
class Project:
    """A project (项目支出 or 其他支出), with its own figures."""

    name: str
    unit: str
    amount: Decimal
    nature: str
    group: str
    kind: Kind
    func: str
    source: str
    summary: str
    econ: Mapping[str, Decimal]
    targets: Targets | None
    purchases: tuple[Purchase, ...]
    procurements: tuple[Procurement, ...]
    figures: Figures
    loc: Loc


@dataclass(frozen=True, slots=True)
class FuncRow:
    """The spending of one unit under one 7-digit functional code."""

    code: str
    lei: str
    kuan: str
    xiang: str
    label: str
    figures: Figures
    level: str = "xiang"
    """``lei``, ``kuan`` or ``xiang``: a 类 or 款 subtotal row of a view's tree, or a 项 row."""
    name: str = ""
    """The code's own name (类, 款 or 项 name), without the 款 in brackets."""
    change: Change | None = None
    """较上年 of a department-level 项 row, when the source gives the prior-year figure."""
    path_names: tuple[str, ...] = ()
    """Names of the row's 类, 款 and 项 (as far as its level goes)."""


@dataclass(frozen=True, slots=True)
class EconRow:
    """Basic spending under one economic 类 (``level`` ``lei``) or 款 (``kuan``), and the profile group it is in."""

    code: str
    name: str
    level: str
    amount: Decimal
    group: str
    """The profile's economic group of the code (人员经费, 公用经费 …), or "" when in none."""


@dataclass(frozen=True, slots=True)
class NonTaxPlan:
    """One line of a 非税收入征收计划."""

    code: str
    name: str
    category: str
    planned: Decimal
    cost: Decimal
    pooled: Decimal
    final: Decimal | None = None
    """上年决算数 of the item, when the source gives it (the 非税征收表's 决算 group)."""
    costs: Mapping[str, Decimal | None] = field(default_factory=dict)
    """执收成本明细 per item (征收成本 items, 管理成本); every item None when the source gives no 明细."""
    collection_cost: Decimal | None = None
    """征收成本小计 = Σ of the 征收成本 items of ``costs`` (None without 执收成本明细)."""


@dataclass(frozen=True, slots=True)
class NewAsset:
    """One planned asset purchase (新增资产配置)."""

    category: str
    name: str
    quantity: Decimal
    amount: Decimal
    note: str
    column: str = ""
    """The 新增资产配置表 column: the category, with 限额以上其他资产 split by unit nature."""


@dataclass(frozen=True, slots=True)
class Unit:
    """A budget unit (预算单位) with its declared and derived figures."""

    code: str
    name: str
    nature: str
    management: str
    grade: str
    func: str
    source: str
    staff: Mapping[str, int]
    facilities: Mapping[str, Decimal]
    income: Income
    nontax_plans: tuple[NonTaxPlan, ...]
    new_assets: tuple[NewAsset, ...]
    loc: Loc
    declared_sangong: Mapping[str, Decimal]
    """三公 items as typed from the budget system's 三公经费表 (only to check the lines behind them)."""
    stock_assets: Mapping[str, Decimal] = field(default_factory=dict)
    """存量资产 counts and areas per 新增资产配置表 column (zero where not given)."""
    new_assets_split: Mapping[str, Decimal] = field(default_factory=dict)
    """This unit's 新增资产 per ``列/金额`` and ``列/数量`` (see :func:`budgetgen.derive.new_assets_split`)."""


@dataclass(frozen=True, slots=True)
class UnitView:
    """A unit's spending inside one view, with its functional rows and projects."""

    unit: Unit
    figures: Figures
    functions: tuple[FuncRow, ...]
    projects: tuple[Project, ...]


@dataclass(frozen=True, slots=True)
class View:
    """Spending restricted to some funding sources (全部, 一般公共预算拨款, …: the profile's views)."""

    name: str
    figures: Figures
    units: tuple[UnitView, ...]
    empty: bool
    tree: tuple[FuncRow, ...] = ()
    """Department-wide 类/款/项 rows of the view in catalog order, each 类 and 款 before its parts."""
    econ_tree: tuple[EconRow, ...] = ()
    """The view's basic spending by economic 类 and 款, each 类 before its 款."""


@dataclass(frozen=True, slots=True)
class Department:
    """Facts about the department as a whole, as the source states them."""

    name: str
    short_name: str
    code: str
    region: str
    year: int
    prior_year: int
    date: date
    duties: str
    duties_summary: str
    structure: str
    goals: tuple[str, ...]
    output_indicators: tuple[tuple[str, str], ...]
    outcome_indicators: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Performance:
    """绩效目标 coverage of the projects."""

    projects: int
    covered: int
    amount: Decimal
    covered_amount: Decimal
    missing: int
    complete: bool


@dataclass(frozen=True, slots=True)
class Budget:
    """The whole derived model of one department and one year."""

    department: Department
    units: tuple[Unit, ...]
    projects: tuple[Project, ...]
    special_projects: tuple[Project, ...]
    other_projects: tuple[Project, ...]
    postings: tuple[Posting, ...]
    views: Mapping[str, View]
    figures: Figures
    income: Income
    staff: Mapping[str, int]
    staff_notes: tuple[str, ...]
    staff_extra: tuple[tuple[str, int], ...]
    """Non-zero 公益性岗位, 临时人员, 临时工, 勤杂工 counts, for the 机构设置 sentence."""
    facilities: Mapping[str, Decimal]
    facilities_given: bool
    """True when any unit fills 基本情况 (otherwise the narrative says nothing about vehicles and equipment)."""
    income_sources: tuple[str, ...]
    other_income: tuple[tuple[str, Decimal], ...]
    public_special_projects: tuple[Project, ...]
    public_other_projects: tuple[Project, ...]
    running_cost: Decimal
    running: RunningCostFacts
    """机关运行经费 with the units it covers and the words of its definition."""
    sangong: SanGongFacts
    """三公经费 in the declared scope, beside the table's all-source total."""
    funds: tuple[FundLine, ...]
    """Every fund source heading with money in it: income, spending and the projects it pays for."""
    income_change: Change | None
    spending_change: Change | None
    sangong_change: Change | None
    running_cost_change: Change | None
    purchases: tuple[Purchase, ...]
    purchases_total: Mapping[str, Decimal]
    procurements: tuple[Procurement, ...]
    procurement_total: Mapping[str, Decimal]
    procurement_by_kind: Mapping[str, Decimal]
    nontax_plans_total: Mapping[str, Decimal]
    new_assets_total: Decimal
    performance: Performance
    glossary: tuple[tuple[str, str], ...]
    catalog_year: int
    source_name: str
    special: View
    """项目支出 only (the 专项 projects), per unit, with each unit's projects."""
    func_class_totals: Mapping[str, Decimal]
    """Spending per 功能分类 类, by name, for every 类 of the catalog in code order."""
    nontax_split: Mapping[str, Decimal]
    """非税收入征收计划 totals per ``类别/上缴政府统筹`` and ``类别/执收成本`` (and group subtotals)."""
    new_assets_split: Mapping[str, Decimal]
    """新增资产 totals per ``列/金额`` and ``列/数量``, and ``合计/金额``."""
    profile: Profile
    """The vocabulary the model was realized with: sources, groups, views, 三公 items."""
    ledger: Ledger
    """Every posting realized once into a tree of totals: unit → source → function → economic code."""
    stock_assets: Mapping[str, Decimal] = field(default_factory=dict)
    """存量资产 of all units, per 新增资产配置表 column."""
    stock_given: bool = False
    """True when some unit writes 存量资产 (otherwise ``stock_assets`` is zeros nobody stated)."""
    sangong_prior: SanGong | None = None
    """Last year's 三公 (财政拨款) by item, when the source gives it in that scope (上年.三公经费 or the prior source);
    None when last year's figure was declared over every source (三公经费口径: 全部资金)."""
