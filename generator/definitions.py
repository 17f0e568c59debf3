"""Declared definitions (口径): 机关运行经费 and the 三公 scope, as data with their glossary text.

A profile ships ``definitions.yaml``; a county may override any key under ``口径``
in its ``budgetgen.yaml``. Each definition is computed by exactly one function
here, and the 名词解释 text printed for it is generated from the same declaration,
so the printed wording can never describe a rule other than the one applied.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from budgetgen.codes import E_DEFINITION
from budgetgen.issues import Issue, error
from budgetgen.ledger import Ledger
from budgetgen.money import total
from budgetgen.profile import Kind, Profile
from budgetgen.resources import templates_dir
from budgetgen.source import PathT, SourceDoc, format_path, load_file

FILE_NAME = "definitions.yaml"
#: How a definition names its money (besides the profile's name for its public group): every source.
ALL_MONEY = "全部资金"
#: 单位性质 → how the glossary names such units.
UNIT_KINDS: dict[str, str] = {
    "行政": "行政单位",
    "参公": "参照公务员法管理的事业单位",
    "事业": "事业单位",
    "企业": "企业",
    "其他": "其他单位",
}
#: 公用经费 of basic spending, by economic class (人员经费 is 301 + 303).
PUBLIC_USE_CLASSES = ("302", "310")
_KEYS: dict[str, tuple[str, ...]] = {
    "机关运行经费": ("单位性质", "资金来源", "经济分类", "补充说明"),
    "三公经费": ("口径", "补充说明"),
}


def public_money(fmt: Profile) -> str:
    """The profile's printed name of its public money (the income heading of its public group)."""
    return next((name for name, of in fmt.income_headings if of == fmt.public), fmt.public)


def money_words(scope: str, fmt: Profile) -> str:
    """``public`` → 一般公共预算拨款 (the profile's word); ``all`` → 各项资金."""
    return public_money(fmt) if scope == "public" else "各项资金"


@dataclass(frozen=True)
class RunningCostRule:
    """机关运行经费 as declared: which units, which money (``public``/``all``), which basic economic classes."""

    unit_kinds: tuple[str, ...]
    scope: str
    classes: tuple[str, ...]
    note: str = ""

    @property
    def subject(self) -> str:
        """The units counted, in words: 行政单位和参照公务员法管理的事业单位."""
        if set(self.unit_kinds) >= set(UNIT_KINDS):
            return "所属各单位（不区分单位性质）"
        names = [UNIT_KINDS[k] for k in self.unit_kinds]
        return names[0] if len(names) == 1 else "、".join(names[:-1]) + "和" + names[-1]

    def spending(self, fmt: Profile) -> str:
        """The spending counted, in words: 基本支出中的日常公用经费（商品和服务支出、资本性支出）."""
        names = "、".join(fmt.basic_classes.get(c, c) for c in self.classes)
        basic = fmt.kind_names[Kind.BASIC]
        if set(self.classes) == set(PUBLIC_USE_CLASSES):
            return f"{basic}中的日常公用经费（{names}）"
        return f"{basic}中的{names}"

    def glossary(self, fmt: Profile) -> str:
        """The 名词解释 text, generated from the declaration."""
        whole = "部门" if set(self.unit_kinds) >= set(UNIT_KINDS) else ""
        text = f"是指{whole}{self.subject}使用{money_words(self.scope, fmt)}安排的{self.spending(fmt)}"
        if set(self.classes) <= set(PUBLIC_USE_CLASSES):  # only then is it all goods and services
            text += "，即为保障机构正常运转、用于购买货物和服务的经费"
        return text + "。" + self.note


@dataclass(frozen=True)
class SanGongRule:
    """三公经费: the scope (``public``/``all``) the narrative states first; the table also shows every source."""

    scope: str
    note: str = ""

    def glossary(self, fmt: Profile) -> str:
        """The 名词解释 text, generated from the declaration and the profile's 三公 items."""
        items = [i.name for i in fmt.sangong]
        listed = "、".join(items[:-1]) + "和" + items[-1] if len(items) > 1 else "".join(items)
        return f"是指用{money_words(self.scope, fmt)}安排的{listed}。{self.note}"


@dataclass(frozen=True)
class Definitions:
    """Every declared definition of a profile (with a county's overrides applied)."""

    running_cost: RunningCostRule
    sangong: SanGongRule

    def glossary(self, fmt: Profile) -> tuple[tuple[str, str], ...]:
        """The glossary entries these definitions print, term first, in ``fmt``'s words."""
        return (
            ("机关运行经费", self.running_cost.glossary(fmt)),
            ("“三公”经费", self.sangong.glossary(fmt)),
        )


def ministry(fmt: Profile) -> Definitions:
    """The Ministry of Finance definitions, used where a profile declares none."""
    return Definitions(RunningCostRule(("行政", "参公"), "public", PUBLIC_USE_CLASSES), SanGongRule("public"))


#: Terms whose glossary text is generated and may not be written by hand.
DEFINED_TERMS = ("机关运行经费", "“三公”经费", "三公经费")


def running_cost(ledger: Ledger, natures: Mapping[str, str], rule: RunningCostRule, fmt: Profile) -> Decimal:
    """机关运行经费, computed by the declared rule.

    财政部口径：机关运行经费是指行政单位和参照公务员法管理的事业单位使用一般公共预算
    财政拨款安排的基本支出中的日常公用经费支出（为保障机关运行用于购买货物和服务的各项资金，
    包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一般设备购置费、
    办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用）。
    ``rule`` says which 单位性质, which money and which basic economic classes count;
    ``natures`` maps a unit code to its 单位性质; the amounts are read from the realized ledger.
    """
    sources = fmt.public_sources if rule.scope == "public" else fmt.sources
    units = [u for u, nature in natures.items() if nature in rule.unit_kinds]
    return total(
        amount
        for u in units
        for cells in ledger.split(unit=u, sources=sources, kind=Kind.BASIC).values()
        for (_, _, econ), amount in cells.items()
        if econ[:3] in rule.classes
    )


def _error(doc: SourceDoc, path: PathT, message: str) -> Issue:
    return error(E_DEFINITION, doc.loc(path), format_path(path), message)


def _choices(doc: SourceDoc, path: PathT, value: Any, allowed: Iterable[str]) -> list[Issue]:
    options = list(allowed)
    values = value if isinstance(value, list) else [value]
    bad = [v for v in values if str(v) not in options]
    if bad or not values:
        shown = "、".join(str(v) for v in bad) or "空值"
        return [_error(doc, path, f"“{shown}”不是可选的取值，可选：{'、'.join(options)}")]
    return []


def _check(doc: SourceDoc, base: PathT, fmt: Profile) -> list[Issue]:
    """Every problem of a 口径 mapping at ``base`` in ``doc``, located at its line."""
    node = doc.data
    for part in base:
        node = node.get(part) if isinstance(node, dict) else None
    if node is None:
        return []
    if not isinstance(node, dict):
        return [_error(doc, base, "口径定义应为“键: 值”结构")]
    issues: list[Issue] = []
    for name, body in node.items():
        path = (*base, name)
        if name not in _KEYS:
            issues.append(_error(doc, path, f"未知的口径“{name}”，可定义：{'、'.join(_KEYS)}"))
            continue
        if not isinstance(body, dict):
            issues.append(_error(doc, path, f"“{name}”应为“键: 值”结构"))
            continue
        for key, value in body.items():
            where = (*path, key)
            if key not in _KEYS[name]:
                issues.append(_error(doc, where, f"“{name}”没有“{key}”这一项，可写：{'、'.join(_KEYS[name])}"))
            elif key == "单位性质":
                issues += _choices(doc, where, value, UNIT_KINDS)
            elif key in ("资金来源", "口径"):
                issues += _choices(doc, where, value, (public_money(fmt), ALL_MONEY))
            elif key == "经济分类":
                codes = [str(v) for v in value] if isinstance(value, list) else value
                issues += _choices(doc, where, codes, fmt.basic_classes)
            elif not isinstance(value, str):
                issues.append(_error(doc, where, f"“{key}”应为文字"))
    return issues


def _scope(value: Any, old: str) -> str:
    return old if value is None else ("all" if str(value) == ALL_MONEY else "public")


def _classes(value: Any, fmt: Profile) -> tuple[str, ...]:
    wanted = {str(v) for v in (value if isinstance(value, list) else [value])}
    return tuple(c for c in fmt.basic_classes if c in wanted)


def _merge(base: Definitions, layer: Mapping[str, Any], fmt: Profile) -> Definitions:
    rc = dict(layer.get("机关运行经费") or {})
    sg = dict(layer.get("三公经费") or {})
    old = base.running_cost
    running = RunningCostRule(
        tuple(k for k in UNIT_KINDS if k in rc["单位性质"]) if "单位性质" in rc else old.unit_kinds,
        _scope(rc.get("资金来源"), old.scope),
        _classes(rc["经济分类"], fmt) if "经济分类" in rc else old.classes,
        str(rc.get("补充说明", old.note) or ""),
    )
    sangong = SanGongRule(_scope(sg.get("口径"), base.sangong.scope), str(sg.get("补充说明", base.sangong.note) or ""))
    return Definitions(running, sangong)


def _profile_file(folder: Path, fmt: Profile) -> tuple[Definitions | None, list[Issue]]:
    path = folder / FILE_NAME
    doc, issues = load_file(path, f"{folder.name}/{FILE_NAME}")
    if doc is None:
        return None, issues
    found = _check(doc, (), fmt)
    return (None, found) if found else (_merge(ministry(fmt), doc.data or {}, fmt), [])


_SHIPPED: dict[str, Definitions] = {}


def shipped(fmt: Profile) -> Definitions:
    """The definitions shipped with a profile (their validity is a test), else the Ministry's."""
    if fmt.name not in _SHIPPED:
        defs, _ = load([templates_dir() / fmt.name], fmt)
        _SHIPPED[fmt.name] = defs or ministry(fmt)
    return _SHIPPED[fmt.name]


def load(
    profile_dirs: Iterable[Path], fmt: Profile, config: SourceDoc | None = None
) -> tuple[Definitions | None, list[Issue]]:
    """The definitions of a profile (the first folder that declares them), with the config's ``口径`` over them."""
    folders = [d for d in profile_dirs if (d / FILE_NAME).is_file()]
    defs, issues = _profile_file(folders[0], fmt) if folders else (ministry(fmt), [])
    if defs is None:
        return None, issues
    if config is None or not isinstance(config.data, dict) or "口径" not in config.data:
        return defs, []
    found = _check(config, ("口径",), fmt)
    if found:
        return None, found
    return _merge(defs, config.data["口径"] or {}, fmt), []
