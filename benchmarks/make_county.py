"""Generate a synthetic county for benchmarks: 100 departments that pass ``budgetgen check``.

Run by hand (``python benchmarks/make_county.py OUT_DIR [--departments 100] [--seed 2020]``).
Every department has 1–8 units and 5–60 projects with realistic names and codes,
balanced income, 绩效目标 on every 专项 project, and 立项依据 shared through a
county ``budgetgen.yaml``. The same seed always writes the same files.
"""

from __future__ import annotations

import argparse
import itertools
import random
from pathlib import Path

COUNTY = "通道侗族自治县"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


BUREAUS = _words(
    "教育局 公安局 财政局 民政局 司法局 人力资源和社会保障局 自然资源局 生态环境局 住房和城乡建设局 交通运输局 "
    "水利局 农业农村局 商务局 文化旅游广电体育局 卫生健康局 退役军人事务局 应急管理局 审计局 市场监督管理局 统计局 "
    "医疗保障局 林业局 乡村振兴局 发展和改革局 工业和信息化局 民族宗教事务局 档案馆 党校 融媒体中心 政务服务中心 "
    "机关事务服务中心 科学技术协会 妇女联合会 总工会 共青团委员会 残疾人联合会 供销合作社 气象局 消防救援大队 "
    "人民法院 人民检察院 信访局 城市管理和综合执法局 粮食和物资储备中心 疾病预防控制中心 人民医院 中医医院 "
    "妇幼保健院 图书馆 文化馆"
)
TOWNS = _words(
    "双江 县溪 播阳 牙屯堡 溪口 陇城 菁芜洲 坪坦 黄土 独坡 大高坪 万佛山 甘溪 临口 杉木桥 坪阳 下乡 马龙 木脚 江口"
)
SUBUNITS = ("执法大队", "服务中心", "管理站", "监测站", "事务中心", "信息中心", "培训中心", "保障中心", "研究室", "所")
#: Unit defaults: 行政运行 (项级) codes of several 款, and the 一般行政管理事务 code used by projects.
FUNCS = [
    ("2010101", "2010102"),
    ("2010301", "2010302"),
    ("2010401", "2010402"),
    ("2010601", "2010602"),
    ("2012901", "2012902"),
    ("2050101", "2050102"),
    ("2070101", "2070102"),
    ("2080101", "2080102"),
    ("2100101", "2100102"),
    ("2110101", "2110102"),
    ("2120101", "2120102"),
    ("2130101", "2130102"),
    ("2140101", "2140102"),
    ("2200101", "2200102"),
    ("2240101", "2240102"),
]
WAGES = ("30101", "30102", "30103", "30108", "30110", "30112", "30113", "30199")
GOODS = ("30201", "30202", "30205", "30206", "30207", "30211", "30213", "30214", "30215", "30216", "30226", "30228")
PROJECT_ECON = ("30201", "30202", "30213", "30214", "30216", "30218", "30226", "30227", "30299")
TOPICS = _words(
    "信息化建设 业务培训 安全生产 宣传教育 档案整理 设备维护 专项督查 应急演练 数据普查 便民服务 "
    "网络运维 标准化建设 执法装备 课题调研 技术推广 环境整治 扶贫帮困 质量监测 统计调查 志愿服务"
)
SUFFIXES = ("工作经费", "专项经费", "项目经费", "运行经费", "补助经费", "能力提升经费")
BASIS = "县财预〔2020〕1号"


def _names(count: int) -> list[str]:
    names = [f"{COUNTY[:2]}县{b}" for b in BUREAUS] + [f"{COUNTY[:2]}县{t}镇人民政府" for t in TOWNS]
    while len(names) < count:
        names += [f"{n}（二）" for n in names[: count - len(names)]]
    return names[:count]


def _money(rng: random.Random, low: int, high: int, step: int = 100) -> int:
    return rng.randrange(low // step, high // step + 1) * step


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    cuts = sorted(rng.sample(range(1, total // 100), parts - 1)) if parts > 1 else []
    points = [0, *(c * 100 for c in cuts), total]
    return [b - a for a, b in itertools.pairwise(points)]


def _unit(rng: random.Random, code: str, name: str, funcs: tuple[str, str], projects: int) -> tuple[str, int]:
    staff = rng.randint(3, 60)
    wages = {c: _money(rng, 2000 * staff, 12000 * staff) for c in rng.sample(WAGES, rng.randint(4, len(WAGES)))}
    goods = {c: _money(rng, 1000, 80000) for c in rng.sample(GOODS, rng.randint(4, len(GOODS)))}
    basic = {**wages, **goods}
    lines = [
        f'  - 代码: "{code}"',
        f"    名称: {name}",
        f"    单位性质: {rng.choice(['行政', '事业', '参公'])}",
        "    管理方式: 全额",
        f"    单位规格: {rng.choice(['正科', '副科', '股级'])}",
        f'    功能分类: "{funcs[0]}"',
        "    资金来源: 经费拨款",
        "    人员:",
        f"      编制: {{行政及参公: {staff}, 事业: 0, 工勤: 0}}",
        f"      实有: {{正副科级: {max(1, staff // 5)}, 科级以下: {staff - max(1, staff // 5)}}}",
        "    收入:",
        f"      经费拨款: {sum(basic.values()) + projects}",
        "    基本支出:",
        *(f"      {c}: {v}" for c, v in sorted(basic.items())),
    ]
    return "\n".join(lines), sum(basic.values())


def _project(rng: random.Random, name: str, unit: str | None, func: str) -> tuple[str, int]:
    amount = _money(rng, 5000, 600000, 1000)
    parts = rng.randint(1, 3)
    econ = dict(zip(rng.sample(PROJECT_ECON, parts), _split(rng, amount, parts), strict=True))
    lines = [
        f"  - 名称: {name}",
        *([f'    单位: "{unit}"'] if unit else []),
        f"    金额: {amount}",
        f"    性质: {rng.choice(['延续', '延续', '新增'])}",
        f"    类别: {rng.choice(['专项商品和服务', '专项商品和服务', '基本建设'])}",
        f'    功能分类: "{func}"',
        "    经济分类:",
        *(f"      {c}: {v}" for c, v in econ.items()),
        "    绩效目标:",
        "      管理办法: 专项资金管理办法",
        f"      立项依据: {BASIS}",
        f"      长期目标: 持续做好{name[:-2]}相关工作",
        f"      年度目标: 年内完成{name[:-2]}年度任务",
        "      实施进度: 2020年1-12月",
        "      保障措施: 专款专用，严格按规定使用",
    ]
    return "\n".join(lines), amount


def department(rng: random.Random, index: int, name: str) -> str:
    """One department source."""
    code = f"{100 + index}"
    n_units = rng.randint(1, 8)
    n_projects = rng.randint(5, 60)
    funcs = rng.choice(FUNCS)
    short = name.removeprefix("通道县")
    unit_names = [f"{short}本级", *(f"{short}{s}" for s in rng.sample(SUBUNITS, n_units - 1))]
    unit_codes = [f"{code}{i + 1:03d}" for i in range(n_units)]
    names = rng.sample([f"{t}{s}" for t in TOPICS for s in SUFFIXES], n_projects)
    owners = [rng.randrange(n_units) for _ in names]
    projects, per_unit = [], [0] * n_units
    for pname, owner in zip(names, owners, strict=True):
        text, amount = _project(rng, pname, unit_codes[owner] if n_units > 1 else None, funcs[1])
        projects.append(text)
        per_unit[owner] += amount
    pairs = enumerate(zip(unit_codes, unit_names, strict=True))
    units = [_unit(rng, c, n, funcs, per_unit[i])[0] for i, (c, n) in pairs]
    head = [
        "# yaml-language-server: $schema=../schemas/department.schema.json",
        f"# {name} 2020 年部门预算源文件（基准测试用的合成数据）。",
        "部门:",
        f"  全称: {name}",
        f"  简称: {short}",
        f'  代码: "{code}"',
        f"  主要职能: 负责全县{short.removesuffix('局').removesuffix('中心')}方面的管理和服务工作。",
        "  整体绩效目标:",
        "    - 保障机构正常运转，全面完成年度工作任务。",
        "单位:",
    ]
    return "\n".join([*head, *units, "项目:", *projects, ""])


CONFIG = f"""# 合成县的县级配置：各部门共用的默认值
地区: {COUNTY}
预算年度: 2020
说明日期: 2020-03-18
立项依据:
  {BASIS}: 县财预〔2020〕1号《{COUNTY}财政局关于下达2020年度部门预算指标的通知》
"""


def write_county(out: Path, count: int = 100, seed: int = 2020) -> list[Path]:
    """Write ``out/budgetgen.yaml`` and ``out/2020/dNNN.yaml``; return the sources."""
    rng = random.Random(seed)
    (out / "2020").mkdir(parents=True, exist_ok=True)
    (out / "budgetgen.yaml").write_text(CONFIG, encoding="utf-8")
    paths = []
    for i, name in enumerate(_names(count)):
        path = out / "2020" / f"d{i + 1:03d}.yaml"
        path.write_text(department(rng, i, name), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    """Command line: ``make_county.py OUT_DIR``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--departments", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args()
    paths = write_county(args.out, args.departments, args.seed)
    print(f"wrote {len(paths)} departments to {args.out}")


if __name__ == "__main__":
    main()
