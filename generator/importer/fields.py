"""Which table binding holds which source field: the one place the inversion names bindings.

Every binding text the inversion reads (``figures[kind=基本支出,econ=30101]``, ``staff[编制事业]``,
``project.targets.method``) is written here and nowhere else, so a change of the specs'
bindings (model fields → ledger coordinates) is a change of this module only. Each entry names
the spec that holds the finest-grained figure; coarser tables are only cross-checks.
"""

from __future__ import annotations

import re

# --- the tables the inversion reads, by spec id, per profile -------------------------------------
#: Role → spec id. ``units`` (人员情况), ``income`` (收入总表), ``spending`` (支出总表, by source),
#: ``classify`` (支出分类表, 全部), ``econ`` (工资福利/商品和服务/对个人和家庭: basic lines by code),
#: ``special`` (专项资金预算汇总表), ``targets`` (绩效目标表), ``purchases``, ``procurements``,
#: ``facilities``, ``assets``, ``nontax`` (征收表), ``nontax_detail`` (明细表), ``sangong``, ``department``.
TABLES: dict[str, dict[str, tuple[str, ...]]] = {
    "hunan-county": {
        "statement": ("annex_01",),
        "units": ("annex_19",),
        "income": ("annex_02",),
        "spending": ("annex_04",),
        "classify": ("annex_05",),
        "views": ("annex_09", "annex_10", "annex_11", "annex_12"),
        "econ": ("annex_06", "annex_07", "annex_08"),
        "special": ("annex_13",),
        "targets": ("annex_14",),
        "purchases": ("annex_16",),
        "procurements": ("annex_15",),
        "facilities": ("annex_17",),
        "assets": ("annex_18",),
        "nontax": ("annex_03",),
        "nontax_detail": ("annex_20",),
        "sangong": ("annex_21",),
        "department": ("annex_22",),
    },
    # The national format prints department-level marginals only; :mod:`budgetgen.importer.marginal`
    # constructs a source whose every marginal equals them. ``statement`` (收支总表), ``income`` (收入总表,
    # 功能科目 × source group), ``spending`` (支出总表, 功能科目 × kind/group), ``views`` (a 功能科目 table per
    # fund view: basic, econ groups, project, other), ``econ`` (基本支出 by 经济科目), ``special`` (项目支出表),
    # ``procurements``, ``targets``, ``department``, ``sangong`` (this year and last), ``running`` (机关运行经费).
    "mof": {
        "statement": ("mof_01", "mof_04"),
        "income": ("mof_02",),
        "spending": ("mof_03",),
        "views": ("mof_05", "mof_08", "mof_09"),
        "econ": ("mof_06",),
        "sangong": ("mof_07",),
        "special": ("mof_10",),
        "procurements": ("mof_11",),
        "targets": ("mof_12",),
        "department": ("mof_13",),
        "running": ("mof_14",),
    },
}
#: How each profile's tables become a source: ``detail`` (the tables hold each unit's lines: invert
#: them) or ``marginal`` (department-level sums only: construct lines that give every sum).
INVERSION = {"hunan-county": "detail", "mof": "marginal"}

# --- row bindings ------------------------------------------------------------------------------
UNIT_CODE = "unit.code"
UNIT_CODE_FORM = re.compile(r"^[0-9A-Za-z]{3,20}$")
"""What a 单位代码 looks like (the schema's pattern; anything else in its column is stray text)."""
UNIT_NAME = "unit.name"
UNIT_FIELDS = {"unit.nature": "单位性质", "unit.management": "管理方式", "unit.grade": "单位规格"}
FUNC_PARTS = ("func.lei", "func.kuan", "func.xiang")
FUNC_LABEL = "func.label"

#: ``staff[编制事业]`` → 人员.编制.事业; subtotals (编制合计, 实有行政小计…) are computed, not read.
STAFF_GROUPS = ("编制", "实有", "超编", "离休", "退休")
STAFF_SCALARS = ("长休内退", "临时人员", "在校学生")
_STAFF = re.compile(r"^staff\[(.+)\]$")
_FACILITY = re.compile(r"^facilities\[(.+)\]$")
_ECON = re.compile(r"^figures\[kind=[^,=\]]+,econ=(\d{5})\]$")
_CLASS = re.compile(r"^figures\[kind=[^,=\]]+,econ=(\d{3})\]$")
_GROUP = re.compile(r"^figures\[group=([^,=\]]+)\]$")
_SOURCE = re.compile(r"^(?:figures\[source=|income\.by_source\[|amounts\[)([^,=\]]+)\]$")
_STOCK = re.compile(r"^stock\[(.+)\]$")

PROJECT_NAME = "project.name"
PROJECT_NATURE = "{project.nature}项目"
PROJECT_SUMMARY = "project.summary"
#: 专项资金绩效目标表 column → 绩效目标 key.
TARGETS = {
    "project.targets.method": "管理办法",
    "project.targets.basis": "立项依据",
    "project.targets.long_term": "长期目标",
    "project.targets.annual": "年度目标",
    "project.targets.schedule": "实施进度",
    "project.targets.safeguards": "保障措施",
}
METHOD_KEY = TARGETS["project.targets.method"]
"""The 绩效目标 key a format without a 管理办法 column leaves to fill."""

PURCHASE_FUNC = "[{purchase.func}]{purchase.func_label}"
PURCHASE_UNIT = "purchase.unit"
#: 政府购买服务支出预算表 column → 政府购买服务 key.
PURCHASE = {
    "purchase.content": "内容",
    "purchase.item_code": "品目代码",
    "purchase.item_name": "品目名称",
    "purchase.contractor": "承接主体",
}
PROCUREMENT_UNIT = "procurement.unit"
PROCUREMENT_PROJECT = "procurement.project"
PROCUREMENT_KIND = "procurement.kind"
"""采购类别 (货物/工程/服务), where a format prints it."""
#: 政府采购表 column → 政府采购 key (是/否 columns become booleans).
PROCUREMENT = {
    "procurement.item": "品目",
    "procurement.quantity": "数量",
    "procurement.measure": "计量单位",
    "procurement.when": "需求时间",
    "procurement.imported": "是否进口产品",
    "procurement.sme": "是否面向中小企业",
    "procurement.green": "是否两型产品",
}
ASSET_NAME = "asset.name"
ASSET_NOTE = "asset.note"
ASSET_AMOUNT = "asset.amount"
ASSET_QUANTITY = "asset.quantity"

NONTAX = {"plan.category": "类别", "plan.name": "名称", "plan.planned": "计划数", "plan.cost": "执收成本"}
NONTAX_POOLED = "plan.pooled"
NONTAX_FINAL = "plan.final"
NONTAX_CODE = "plan.code"
NONTAX_COST = re.compile(r"^plan\.costs\[(.+)\]$")

#: 三公经费表 columns: ``figures.sangong.<field>`` (the profile's 三公 item of that field) and its
#: 公共财政拨款 part ``figures.sangong_public.<field>``.
SANGONG_PREFIX = "figures.sangong."
#: A project's amount beyond a known 三公 line goes to the 其他 code (``xxx99``) of that line's class.
REST_SUFFIX = "99"
SANGONG_PUBLIC_PREFIX = "figures.sangong_public."

DEPARTMENT_NAME = "department.name"
DUTIES = "department.duties_summary"
GOAL = re.compile(r"^department\.goals\[(\d)\]$")
INDICATOR = re.compile(r"^department\.(output|outcome)_indicators\[(\d)\]\[(\d)\]$")
INDICATOR_KEYS = {"output": "产出指标", "outcome": "效益指标"}

#: 收支总表 lines of income by source (a statement may show a source the unit tables merge).
STATEMENT_INCOME = re.compile(r"^budget\.income\.by_source\[(.+)\]$")

TOTAL = "figures.total"
FUNC_CODE = "func.code"
FUNC_NAME = "func.name"
ECON_CODE = "econ.code"
ECON_AMOUNT = "econ.amount"
PROJECT_FUNC = "project.func"
PROCUREMENT_UNIT_NAME = "procurement.unit_name"
PROCUREMENT_KIND = "procurement.kind"
PROCUREMENT_ITEM = "procurement.item"
PROCUREMENT_QUANTITY = "procurement.quantity"
PROCUREMENT_MEASURE = "procurement.measure"
PROCUREMENT_TOTAL = "amounts[合计]"
#: 三公 this year (public part) and last year's budget, by model field; 机关运行经费 this year and last.
SANGONG_BUDGET = "budget.figures.sangong_public."
SANGONG_PRIOR = "budget.sangong_prior."
RUNNING = "budget.running_cost"
RUNNING_PRIOR = "budget.running_cost_change.prior"
_KIND = re.compile(r"^figures\[kind=([^,=\]]+)\]$")
_ECON_GROUP = re.compile(r"^figures\[kind=[^,=\]]+,econ_group=([^,=\]]+)\]$")
TOTAL_BY_SOURCE = "figures[source=合计]"


def staff_key(binding: str) -> tuple[str, ...] | None:
    """``staff[编制事业]`` → (编制, 事业); ``staff[长休内退]`` → (长休内退,); subtotals → None."""
    hit = _STAFF.match(binding)
    if not hit:
        return None
    key = hit.group(1)
    if key in STAFF_SCALARS:
        return (key,)
    for group in STAFF_GROUPS:
        if key.startswith(group) and not key.endswith(("合计", "小计")):
            return (group, key[len(group) :])
    return None


def _one(pattern: re.Pattern[str], binding: str) -> str | None:
    hit = pattern.match(binding)
    return hit.group(1) if hit else None


def facility_key(binding: str) -> str | None:
    """``facilities[服务器]`` → 服务器 (车辆合计 is computed)."""
    key = _one(_FACILITY, binding)
    return None if key in (None, "车辆合计") else key


def econ_code(binding: str) -> str | None:
    """``figures[kind=基本支出,econ=30101]`` → 30101 (a basic line by 经济 款)."""
    return _one(_ECON, binding)


def class_code(binding: str) -> str | None:
    """``figures[kind=基本支出,econ=301]`` → 301 (a basic 经济 类)."""
    return _one(_CLASS, binding)


def group_name(binding: str) -> str | None:
    """``figures[group=基本建设]`` → 基本建设 (a project 类别)."""
    return _one(_GROUP, binding)


def kind_name(binding: str) -> str | None:
    """``figures[kind=项目支出]`` → 项目支出 (a kind of spending, by its profile name)."""
    return _one(_KIND, binding)


def econ_group(binding: str) -> str | None:
    """``figures[kind=基本支出,econ_group=人员经费]`` → 人员经费."""
    return _one(_ECON_GROUP, binding)


def source_key(binding: str) -> str | None:
    """``figures[source=经费拨款]``, ``income.by_source[…]``, ``amounts[…]`` → the source or group."""
    return _one(_SOURCE, binding)


def stock_key(binding: str) -> str | None:
    """``stock[车辆]`` → 车辆."""
    return _one(_STOCK, binding)


def nontax_cost(binding: str) -> str | None:
    """``plan.costs[会议费]`` → 会议费."""
    return _one(NONTAX_COST, binding)
