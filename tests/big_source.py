"""Synthetic department sources for the printing tests: many units and projects, very large amounts."""

from __future__ import annotations

from pathlib import Path

from budgetgen import pipeline
from budgetgen.model import Budget

_NAME = "乡镇（村）便民服务中心建设管理及政务公开标准化规范化试点工作经费第{n}期"
_TARGET = "保证政务大厅、机房设备{n}号的正常运转，完成年度政务公开、政务服务培训和电子政务工作任务"


def big_source(units: int = 8, projects: int = 150, amount: int = 120000) -> str:
    """A source with ``units`` units and ``projects`` 专项 projects of ``amount`` 元 each (plus basic spending)."""
    per_unit = [projects // units + (1 if i < projects % units else 0) for i in range(units)]
    basic = amount * 3
    lines = [
        "部门:",
        "  全称: 测试县超大规模综合行政执法和政务服务管理局",
        "  预算年度: 2020",
        "  说明日期: 2020-03-18",
        "  主要职能: 负责全县测试工作。",
        "  整体绩效目标: [完成年度任务]",
        "单位:",
    ]
    for i in range(units):
        lines += [
            f'  - 代码: "9010{i:02d}"',
            f"    名称: 测试局第{i + 1}综合执法大队（政务服务分中心）",
            "    单位性质: 行政",
            '    功能分类: "2010301"',
            "    人员: {编制: {行政及参公: 30}, 实有: {科级以下: 28}}",
            "    基本情况: {办公用房: 1234.5, 计算机: 120, 小汽车: 3}",
            f"    收入: {{经费拨款: {basic * 2 + amount * per_unit[i]}}}",
            f"    基本支出: {{30101: {basic}, 30201: {basic}}}",
        ]
    lines += [
        "立项依据:",
        "  依据: 通财预指〔2020〕1号《通道侗族自治县财政局关于下达2020年度部门预算指标的通知》",
        "项目:",
    ]
    n = 0
    for i in range(units):
        for _ in range(per_unit[i]):
            n += 1
            lines += [
                f"  - 名称: {_NAME.format(n=n)}",
                f"    金额: {amount}",
                "    性质: 延续",
                "    类别: 专项商品和服务",
                f'    单位: "9010{i:02d}"',
                "    绩效目标:",
                "      管理办法: 专项资金管理办法",
                "      立项依据: 依据",
                f"      长期目标: {_TARGET.format(n=n)}",
                f"      年度目标: {_TARGET.format(n=n)}",
                "      实施进度: 2020年1-12月",
                "      保障措施: 严格执行专款专用制度",
            ]
    return "\n".join(lines) + "\n"


def big_budget(tmp: Path, **kw: int) -> Budget:
    """The budget of :func:`big_source`, built through the real pipeline."""
    path = tmp / ("big-" + "-".join(f"{k}{v}" for k, v in sorted(kw.items())) + ".yaml")
    path.write_text(big_source(**kw), encoding="utf-8")
    checked = pipeline.check_file(path)
    errors = [(i.code, i.message) for i in checked.issues if i.severity == "error"]
    assert checked.budget is not None and not errors, errors
    return checked.budget
