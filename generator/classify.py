"""Fixed classifications of the Hunan county layout: funding sources, project groups, 三公.

These are the vocabularies the schema's enums, the derivation and the table
specs share. A test checks that the schema lists exactly these keys.
"""

from __future__ import annotations

from enum import Enum

#: Leaf funding sources, in table order.
SOURCES: tuple[str, ...] = (
    "经费拨款",
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
)
NONTAX = SOURCES[1:7]
#: 类别 of a 非税收入征收计划 line (the schema's enum), and those counted as 纳入公共预算管理.
NONTAX_PLAN_PUBLIC: tuple[str, ...] = (
    "行政事业性收费收入",
    "专项收入",
    "罚没收入",
    "国有资本经营收入",
    "国有资源（资产）有偿使用收入",
    "其他收入",
)
NONTAX_PLAN_CATEGORIES: tuple[str, ...] = (*NONTAX_PLAN_PUBLIC, "政府性基金", "财政专户管理")
#: Source subtotals shown in the tables: group name → its leaves.
SOURCE_GROUPS: dict[str, tuple[str, ...]] = {
    "公共财政拨款": SOURCES[0:7],
    "纳入公共预算管理的非税收入拨款": NONTAX,
    "上级财政补助": ("上级公共财政补助", "上级政府性基金补助"),
    #: Everything besides 公共财政拨款, 政府性基金拨款 and 纳入专户管理的非税收入拨款 (绩效目标申报表).
    "其他资金": SOURCES[9:],
    #: Everything besides the public, fund, 专户 and 上级补助 columns (政府购买服务/政府采购表).
    "单位其他资金": SOURCES[11:],
    #: 本年收入合计: all income except 上年结转 (收支总表).
    "本年收入": SOURCES[:-1],
}
#: Filtered views of expenditure that some tables show: view name → sources included.
VIEWS: dict[str, tuple[str, ...]] = {
    "全部": SOURCES,
    "公共财政拨款": SOURCE_GROUPS["公共财政拨款"],
    "经费拨款": ("经费拨款",),
    "政府性基金拨款": ("政府性基金拨款", "上级政府性基金补助"),
    "纳入专户管理的非税收入拨款": ("纳入专户管理的非税收入拨款",),
}


class Kind(str, Enum):
    """Where an expenditure amount sits in the tables."""

    BASIC = "基本支出"
    PROJECT = "项目支出"
    OTHER = "其他支出"


#: Project groups (支出类别) → the part of the tables they belong to.
PROJECT_GROUPS: dict[str, Kind] = {
    "专项商品和服务": Kind.PROJECT,
    "专项对个人和家庭的补助": Kind.PROJECT,
    "基本建设": Kind.PROJECT,
    "其他资本性支出": Kind.PROJECT,
    "对企业的补助": Kind.PROJECT,
    "债务利息": Kind.PROJECT,
    "其他项目支出": Kind.PROJECT,
    "上缴上级": Kind.OTHER,
    "事业单位经营服务": Kind.OTHER,
    "上缴政府统筹": Kind.OTHER,
}
#: Basic expenditure classes (部门经济分类 类): 人员经费 = 301 + 303, 公用经费 = 302 + 310.
BASIC_CLASSES: tuple[str, ...] = ("301", "302", "303", "310")

#: 三公 items → the economic codes that make them up.
SANGONG: dict[str, tuple[str, ...]] = {
    "因公出国（境）费": ("30212",),
    "公务用车购置费": ("31013", "30913"),
    "公务用车运行维护费": ("30231",),
    "公务接待费": ("30217",),
}
