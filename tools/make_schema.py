"""Regenerate schemas/department.schema.json from this compact description.

Run ``python tools/make_schema.py`` after editing; the JSON file is what ships
and what editors read. A test checks that the two agree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

#: The vocabulary (fund sources, project groups, 非税 categories, 三公 items) comes from the profile.
PROFILE = yaml.safe_load(
    (Path(__file__).resolve().parent.parent / "templates" / "hunan-county" / "profile.yaml").read_text(encoding="utf-8")
)
SOURCES = [(s["name"], s["description"]) for s in PROFILE["sources"]]
GROUPS = list(PROFILE["project_groups"])
NONTAX_CATEGORIES = [*PROFILE["nontax_plan"]["public"], *PROFILE["nontax_plan"]["others"]]
SANGONG_ITEMS = list(PROFILE["sangong"])
#: 执收成本明细 items: the 征收成本 items, then 管理成本.
COST_ITEMS = [*PROFILE["nontax_plan"]["collection_costs"], PROFILE["nontax_plan"]["management_cost"]]
ASSET_CATEGORIES = list(PROFILE["assets"]["categories"])


def s(title: str, desc: str = "", **kw: Any) -> dict[str, Any]:
    """A string field."""
    return {"type": "string", "title": title, "description": desc or title, "minLength": 1, **kw}


def text(title: str, desc: str = "") -> dict[str, Any]:
    """A free text field (may be empty)."""
    return {"type": "string", "title": title, "description": desc or title}


def money(title: str, desc: str = "") -> dict[str, Any]:
    """An amount in 元, at most two decimals."""
    return {
        "type": "number",
        "title": title,
        "description": (desc or title) + "（单位：元，最多两位小数）",
        "minimum": 0,
        "maximum": 1000000000000,
        "multipleOf": 0.01,
    }


def count(title: str, desc: str = "") -> dict[str, Any]:
    """A whole number such as a head count."""
    return {"type": "integer", "title": title, "description": desc or title, "minimum": 0, "maximum": 10000000}


def qty(title: str, desc: str = "") -> dict[str, Any]:
    """A non-negative quantity (area, power) with at most two decimals."""
    return {
        "type": "number",
        "title": title,
        "description": desc or title,
        "minimum": 0,
        "maximum": 100000000,
        "multipleOf": 0.01,
    }


def code(title: str, pattern: str, desc: str) -> dict[str, Any]:
    """A code typed with or without quotes."""
    return {"title": title, "description": desc, "type": ["string", "integer"], "pattern": pattern}


def obj(title: str, props: dict[str, Any], required: list[str] | None = None, desc: str = "") -> dict[str, Any]:
    """A closed mapping."""
    out: dict[str, Any] = {
        "type": "object",
        "title": title,
        "description": desc or title,
        "properties": props,
        "additionalProperties": False,
    }
    if required:
        out["required"] = required
    return out


def arr(title: str, items: dict[str, Any], desc: str = "", min_items: int = 0) -> dict[str, Any]:
    """A list."""
    out: dict[str, Any] = {"type": "array", "title": title, "description": desc or title, "items": items}
    if min_items:
        out["minItems"] = min_items
    return out


# 3- and 5-digit codes pass the schema so that the semantic check E-CODE-FUNC-LEVEL can
# name the 类/款 and ask for a 项-level code; anything else is a format error here.
FUNC = code("功能分类科目", "^[0-9]{3}([0-9]{2}){0,2}$", "7 位支出功能分类科目编码（类款项），如 2010301")
# A 项 the year's catalog lacks under a known 款: the source names it once, the tables print that name.
# Keys are checked by E-CODE-SUPPLEMENT (a schema key pattern would print the economic-code message).
SUPPLEMENT = {
    "type": "object",
    "title": "补充科目",
    "description": "当年科目表中没有的项级功能分类科目：7 位编码 → 科目名称（照当年《政府收支分类科目》填写），"
    '如 "2050299": 其他普通教育支出',
    "additionalProperties": {"type": "string", "title": "科目名称", "description": "该项级科目的名称", "minLength": 1},
}
SOURCE = {
    "type": "string",
    "title": "资金来源",
    "description": "资金来源，默认取单位的资金来源",
    "enum": [k for k, _ in SOURCES],
}
DATE = {
    "type": "string",
    "title": "日期",
    "description": "日期，写作 2020-03-18 或 2020年3月18日",
    "pattern": "^\\s*[0-9]{4}\\s*(-|/|\\.|年)\\s*[0-9]{1,2}\\s*(-|/|\\.|月)\\s*[0-9]{1,2}\\s*日?\\s*$",
}
BASIC_ITEM = obj("基本支出明细", {"金额": money("金额"), "功能分类": FUNC, "资金来源": SOURCE}, ["金额"])
BASIC_VALUE = {
    "title": "基本支出金额",
    "description": "金额，或写明金额、功能分类、资金来源的明细（可为列表）",
    "anyOf": [money("金额"), BASIC_ITEM, arr("多笔明细", BASIC_ITEM, min_items=1)],
}
STAFF = obj(
    "单位人员",
    {
        "编制": obj(
            "编制人数", {"行政及参公": count("行政及参公编制"), "事业": count("事业编制"), "工勤": count("工勤编制")}
        ),
        "实有": obj(
            "实有在职人数",
            {
                "正副厅级": count("正副厅级"),
                "正副处级": count("正副处级"),
                "正副科级": count("正副科级"),
                "科级以下": count("科级以下"),
                "事业": count("事业人员"),
                "工勤": count("工勤人员"),
            },
        ),
        "超编": obj("超编人员", {"行政及参公": count("行政及参照公务员管理人员"), "事业": count("事业人员")}),
        "离休": obj(
            "离休人员",
            {
                "正副厅级": count("正副厅级"),
                "正副处级": count("正副处级"),
                "正副科级": count("正副科级"),
                "其他": count("其他离休人员"),
            },
        ),
        "退休": obj("退休人员", {"机关标准": count("执行机关工作标准人员"), "事业标准": count("执行事业单位标准人员")}),
        "长休内退": count("长休内退提前离岗人员"),
        "在校学生": count("在校学生人数"),
        "岗位说明": text("岗位说明", "实有人员的岗位构成，如“管理岗位9人”"),
        "公益性岗位": count("公益性岗位人数"),
        "临时人员": count(
            "临时人员",
            "单位人员情况表“临时人员”一栏，照表填写；不由临时工、勤杂工相加得到（不填为 0）",
        ),
        "临时工": count("临时工人数", "说明“机构设置”中列出的临时工人数"),
        "勤杂工": count("勤杂工人数", "说明“机构设置”中列出的勤杂工人数"),
    },
)
FACILITIES = obj(
    "单位基本情况",
    {
        "办公用房": qty("办公用房使用面积（平方米）"),
        "配套设施": qty("配套设施使用面积（平方米）"),
        "出租面积": qty("房屋出租面积（平方米）"),
        "租用面积": qty("房屋租用面积（平方米）"),
        "服务器": count("服务器（台）"),
        "计算机": count("计算机（台）"),
        "租用专线": count("租用专线（条）"),
        "中继线": count("总计中继线数（条）"),
        "直拨电话": count("直拨电话（部）"),
        "打印机": count("打印机（台）"),
        "复印机": count("复印机（台）"),
        "中央空调": qty("中央空调（大卡）"),
        "电力空调": qty("电力空调（千瓦）"),
        "锅炉": qty("锅炉（吨）"),
        "电梯": count("电梯（台）"),
        "医疗床位": count("医疗床位（床）"),
        "小汽车": count("小汽车（辆）"),
        "大客车": count("大客车（辆）"),
        "其他车辆": count("其他车辆（辆）"),
    },
)
ASSET = obj(
    "新增资产",
    {
        "类别": {
            "type": "string",
            "title": "资产类别",
            "description": "新增资产的类别",
            "enum": ASSET_CATEGORIES,
        },
        "名称": s("资产名称"),
        "数量": qty("数量（平方米、辆、台/套）"),
        "金额": money("金额"),
        "备注": text("备注"),
    },
    ["类别", "名称", "数量", "金额"],
)
NONTAX = obj(
    "非税收入征收计划",
    {
        "编码": code("项目编码", "^[0-9A-Za-z]+$", "非税收入项目编码"),
        "名称": s("项目名称"),
        "类别": {
            "type": "string",
            "title": "收入类别",
            "description": "非税收入类别",
            "enum": NONTAX_CATEGORIES,
        },
        "计划数": money("年度征收计划数"),
        "执收成本": money("执收成本"),
        "上缴政府统筹": money("上缴政府统筹支出"),
        "上年决算": money("上年决算数", "该项目上年的决算征收数，填入非税征收表的“决算”栏；不填则留空"),
        "执收成本明细": {
            "type": "object",
            "title": "执收成本明细",
            "description": "非税收入征收计划明细表的执收成本项目（元）；征收成本各项与管理成本之和应等于执收成本",
            "properties": {k: money(k) for k in COST_ITEMS},
            "additionalProperties": False,
        },
    },
    ["名称", "类别", "计划数"],
)
SANGONG = obj(
    "三公经费",
    {item: money(item) for item in SANGONG_ITEMS},
)
STOCK = obj(
    "存量资产",
    {
        "房屋及建筑物": qty("房屋及建筑物（平方米）"),
        "土地": qty("土地（平方米）"),
        "车辆": count("车辆（辆）"),
        "通用设备": count("通用设备（台/套）"),
        "办公家具": count("办公家具（台/套）"),
        "限额以上其他资产": count(
            "单项价值在限额以上的其他资产（台/套）", "党政机关单项 20 万元及以上、事业单位单项 200 万元及以上"
        ),
        "限额以下其他资产": count("单项价值在限额以下的其他资产（台/套）"),
    },
)
assert list(STOCK["properties"]) == ASSET_CATEGORIES, "存量资产的键应与 profile.yaml 的 assets.categories 一致"
UNIT = obj(
    "预算单位",
    {
        "代码": code("单位代码", "^[0-9A-Za-z]{3,20}$", "预算单位代码，如 702701"),
        "名称": s("单位名称", "表格中显示的单位名称，如“政务中心本级”"),
        "单位性质": {
            "type": "string",
            "title": "单位性质",
            "description": "单位性质",
            "enum": ["行政", "参公", "事业", "企业", "其他"],
        },
        "管理方式": {
            "type": "string",
            "title": "管理方式",
            "description": "经费管理方式",
            "enum": ["全额", "差额", "自收自支", "定额", "其他"],
        },
        "单位规格": s("单位规格", "如 正科、副科、正处"),
        "功能分类": {**FUNC, "description": "本单位支出默认的功能分类科目（7 位），明细未写时取此值"},
        "资金来源": {**SOURCE, "description": "本单位支出默认的资金来源，明细未写时取此值", "default": "经费拨款"},
        "三公经费": {
            **SANGONG,
            "title": "三公经费表中本单位的数（可选）",
            "description": "预算系统三公经费表中本单位各项的数，只用来核对经济分类明细是否齐全（W-SANGONG-NO-LINE）；"
            "三公经费本身由经济分类计算",
        },
        "人员": STAFF,
        "基本情况": FACILITIES,
        "收入": {
            "type": "object",
            "title": "收入预算",
            "description": "按资金来源填写的本年收入（元）",
            "properties": {k: money(k, d) for k, d in SOURCES},
            "additionalProperties": False,
        },
        "基本支出": {
            "type": "object",
            "title": "基本支出",
            "description": "按部门预算支出经济分类（5 位款级科目）填写的基本支出",
            # Any 5-digit economic code passes here; E-BASIC-CLASS explains that basic
            # spending may only use 301/302/303.
            "propertyNames": {"pattern": "^3[0-9]{4}$"},
            "additionalProperties": BASIC_VALUE,
        },
        "非税收入计划": arr("非税收入征收计划", NONTAX),
        "新增资产": arr("新增资产配置", ASSET),
        "存量资产": STOCK,
    },
    ["代码", "名称", "单位性质", "功能分类"],
)
TARGETS = obj(
    "项目绩效目标",
    {
        "管理办法": s("专项资金管理办法"),
        "立项依据": s("立项依据", "立项依据全文，或“立项依据”中登记的简称"),
        "长期目标": s("专项长期绩效目标"),
        "年度目标": s("专项年度绩效目标"),
        "实施进度": s("专项年度实施进度计划"),
        "保障措施": s("专项保障措施"),
    },
    ["管理办法", "立项依据", "长期目标", "年度目标", "实施进度", "保障措施"],
)
PURCHASE = obj(
    "政府购买服务",
    {
        "内容": s("购买服务内容"),
        "品目代码": s("品目代码", "政府购买服务指导性目录代码，如 E0101"),
        "品目名称": s("品目名称"),
        "承接主体": text("承接主体"),
        "金额": money("购买服务金额"),
    },
    ["内容", "品目代码", "品目名称", "金额"],
)
PROCUREMENT = obj(
    "政府采购",
    {
        "品目": s("采购品目"),
        "数量": qty("采购数量"),
        "计量单位": s("计量单位"),
        "需求时间": text("需求时间"),
        "是否进口产品": {"type": "boolean", "title": "是否进口产品", "description": "是否进口产品"},
        "是否面向中小企业": {"type": "boolean", "title": "是否面向中小企业", "description": "是否面向中小企业"},
        "是否两型产品": {"type": "boolean", "title": "是否两型产品", "description": "是否资源节约型、环境友好型产品"},
        "类型": {
            "type": "string",
            "title": "采购类型",
            "description": "货物、工程或服务",
            "enum": ["货物", "工程", "服务"],
        },
        "金额": money("采购金额"),
    },
    ["品目", "类型", "金额"],
)
PROJECT = obj(
    "项目",
    {
        "名称": s("项目名称", "项目的唯一名称，说明和表格都使用这一写法"),
        "单位": code("单位代码", "^[0-9A-Za-z]{3,20}$", "项目所属预算单位代码；只有一个单位时可省略"),
        "金额": money("项目金额"),
        "性质": {"type": "string", "title": "项目性质", "description": "延续项目或新增项目", "enum": ["延续", "新增"]},
        "类别": {"type": "string", "title": "支出类别", "description": "项目在预算表中的支出类别", "enum": GROUPS},
        "功能分类": {**FUNC, "description": "项目的功能分类科目（7 位），默认取单位的功能分类"},
        "资金来源": SOURCE,
        "摘要": text("专项摘要"),
        "经济分类": {
            "type": "object",
            "title": "经济分类明细",
            "description": "项目金额按经济分类（5 位）拆分，合计须等于项目金额；三公经费据此计算",
            "propertyNames": {"pattern": "^3[0-9]{4}$"},
            "additionalProperties": money("金额"),
        },
        "绩效目标": TARGETS,
        "政府购买服务": arr("政府购买服务", PURCHASE),
        "政府采购": arr("政府采购", PROCUREMENT),
    },
    ["名称", "金额", "性质", "类别"],
)
#: Basic economic classes, as a county may type them in budgetgen.yaml (quoted or not).
BASIC_CLASS_KEYS = [*PROFILE["basic_classes"], *map(int, PROFILE["basic_classes"])]
#: 口径 names a definition may use (budgetgen.definitions): the public group's printed name, or 全部资金.
SCOPES = (
    next(i["name"] for i in PROFILE["income_headings"]["items"] if i["of"] == PROFILE["roles"]["public"]),
    "全部资金",
)
#: The ``口径`` block of budgetgen.yaml; budgetgen.definitions checks it in detail, at its lines.
DEFINITIONS = obj(
    "口径定义",
    {
        "机关运行经费": obj(
            "机关运行经费口径",
            {
                "单位性质": arr("计入的单位性质", {"enum": ["行政", "参公", "事业", "企业", "其他"]}, min_items=1),
                "资金来源": {"title": "计入的资金", "enum": list(SCOPES)},
                "经济分类": arr(
                    "计入的基本支出经济分类类",
                    {"enum": [*PROFILE["basic_classes"], *map(int, PROFILE["basic_classes"])]},
                    min_items=1,
                ),
                "补充说明": text("名词解释末尾附加的文字"),
            },
        ),
        "三公经费": obj("三公经费口径", {"口径": {"title": "说明中三公经费数的口径", "enum": list(SCOPES)}}),
    },
    desc="改写模板方案 definitions.yaml 中的口径；名词解释中的文字随之生成",
)
PRIOR = obj(
    "上年数据",
    {
        "文件": s("上年预算源文件", "上年的源文件路径（相对本文件），如 ../2020/zwfwzx.yaml；填写后比较数从该文件计算"),
        "收入合计": money("上年收入合计"),
        "支出合计": money("上年支出合计"),
        "三公经费": SANGONG,
        "三公经费口径": {
            "title": "上年三公经费的口径",
            "description": "上年三公经费数是哪一口径的数：一般公共预算拨款（默认，公开说明的通常口径）或全部资金；"
            "较上年比较按同一口径计算本年数",
            "enum": list(SCOPES),
        },
        "机关运行经费": money("上年机关运行经费", "按本年同一口径计算的上年机关运行经费"),
        "功能分类": {
            "type": "object",
            "title": "上年预算数（按功能分类项级科目）",
            "description": "上年一般公共预算拨款支出按 7 位功能分类科目的预算数（全国通用格式 mof 的说明逐项比较）",
            "propertyNames": {"pattern": "^[0-9]{7}$"},
            "additionalProperties": money("上年预算数"),
        },
    },
)
REASONS = obj(
    "变动原因",
    {
        "收入": text("收入变动原因"),
        "支出": text("支出变动原因"),
        "三公经费": text("三公经费变动原因"),
        "机关运行经费": text("机关运行经费变动原因"),
        "功能分类": {
            "type": "object",
            "title": "按功能分类项级科目的变动原因",
            "description": "7 位功能分类科目 → 较上年增减的主要原因（全国通用格式 mof 逐项说明）",
            "propertyNames": {"pattern": "^[0-9]{7}$"},
            "additionalProperties": text("变动原因"),
        },
    },
)
DEPARTMENT = obj(
    "部门",
    {
        "全称": s("部门全称", "如“通道县政务服务中心”，用于标题和文件名"),
        "简称": s("部门简称"),
        "代码": code("部门代码", "^[0-9A-Za-z]{1,20}$", "部门代码"),
        "地区": s("地区", "如“通道侗族自治县”"),
        "预算年度": {
            "type": "integer",
            "title": "预算年度",
            "description": "预算年度，如 2020",
            "minimum": 2000,
            "maximum": 2100,
        },
        "说明日期": {
            **DATE,
            "title": "说明日期",
            "description": "部门预算说明落款日期，写作 2020-03-18 或 2020年3月18日",
        },
        "主要职能": s("主要职能"),
        "职能职责概述": text("部门职能职责概述", "部门整体支出绩效目标申报表中的职能概述；不填则用主要职能"),
        "机构设置": text("机构设置补充说明"),
        "整体绩效目标": arr("部门整体绩效目标", s("目标")),
        "产出指标": arr("产出指标", obj("指标", {"内容": s("指标内容"), "指标值": s("指标值")}, ["内容", "指标值"])),
        "效益指标": arr("效益指标", obj("指标", {"内容": s("指标内容"), "指标值": s("指标值")}, ["内容", "指标值"])),
    },
    ["全称", "预算年度", "说明日期", "主要职能"],
)
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://budgetgen.invalid/schemas/department.schema.json",
    **obj(
        "部门预算源文件",
        {
            "部门": DEPARTMENT,
            "单位": arr("预算单位", UNIT, "部门所属的预算单位（至少一个）", 1),
            "项目": arr("项目支出", PROJECT, "全部项目，包括在表中列为“其他支出”的上缴、经营类项目"),
            "上年": PRIOR,
            "变动原因": REASONS,
            "立项依据": {
                "type": "object",
                "title": "立项依据文件",
                "description": "简称 → 文件全文，项目中引用简称即可",
                "additionalProperties": s("立项依据全文"),
            },
            "补充科目": SUPPLEMENT,
            "名词解释": arr("名词解释", obj("名词解释", {"词条": s("词条"), "解释": s("解释")}, ["词条", "解释"])),
            "配置": s("县级配置文件", "县级配置文件 budgetgen.yaml 的路径（相对本文件）；不填则向上查找"),
        },
        ["部门", "单位"],
        "一个部门一个预算年度的全部原始数据",
    ),
}


def main() -> None:
    """Write the schema next to the package data."""
    out = Path(__file__).resolve().parent.parent / "schemas" / "department.schema.json"
    out.write_text(json.dumps(SCHEMA, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
