"""Regenerate schemas/config.schema.json, the schema of a county's ``budgetgen.yaml``.

Run ``python tools/make_config_schema.py`` after editing; a test checks that
the JSON file agrees. Field builders and shared pieces come from make_schema.py,
so a county default is validated exactly like the department field it fills.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_schema as m

_DEP: dict[str, Any] = m.DEPARTMENT["properties"]
_TOP: dict[str, Any] = m.SCHEMA["properties"]

MONEY_UNITS = ["元", "万元"]

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://budgetgen.invalid/schemas/config.schema.json",
    **m.obj(
        "县级配置文件",
        {
            "地区": {**_DEP["地区"], "description": "各部门“部门.地区”的默认值，如“通道侗族自治县”"},
            "预算年度": {**_DEP["预算年度"], "description": "各部门“部门.预算年度”的默认值"},
            "说明日期": {**_DEP["说明日期"], "description": "各部门说明落款日期的默认值，写作 2020-03-18"},
            "模板": m.s("模板方案", "内置模板方案的名称，默认 hunan-county"),
            "模板覆盖": m.s("模板覆盖文件夹", "存放本县覆盖模板的文件夹（相对本文件），同名文件优先于内置模板"),
            "空表说明": m.s(
                "空表说明",
                "公开表中某表没有数据时显示的文字，默认为模板方案的 furniture.empty_note（“本单位无此项”）",
            ),
            "文档标题": m.s("说明标题", "说明的标题（也是 Word 文档标题）；{部门}、{年度} 代入部门全称和预算年度"),
            "表格": {
                "type": "object",
                "title": "公开表的本地名称",
                "description": "按模板方案中的工作表名改本地的表名、标题、列名和金额单位，不必复制表格定义",
                "additionalProperties": m.obj(
                    "一张表的本地名称",
                    {
                        "表名": m.s("工作表名", "Excel 工作表名（不超过 31 个字符）", maxLength=31),
                        "标题": m.s("表格标题", "表格顶部的标题；{年度} 代入预算年度"),
                        "单位": {"type": "string", "title": "金额单位", "description": "元或万元", "enum": MONEY_UNITS},
                        "列名": {
                            "type": "object",
                            "title": "列名",
                            "description": "原列名 → 本地列名（同名的各列一起改）",
                            "additionalProperties": m.s("本地列名"),
                        },
                    },
                ),
            },
            "立项依据": {**_TOP["立项依据"], "description": "各部门共用的立项依据：简称 → 文件全文；部门同名简称优先"},
            "名词解释": {**_TOP["名词解释"], "description": "各部门共用的名词解释；部门自己写了名词解释时以部门为准"},
            "口径": m.DEFINITIONS,
        },
        desc="一个县（区）预算仓库根目录下的 budgetgen.yaml：各部门共用的默认值和文本",
    ),
}


def main() -> None:
    """Write the schema next to the department schema."""
    out = Path(__file__).resolve().parent.parent / "schemas" / "config.schema.json"
    out.write_text(json.dumps(SCHEMA, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
