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
from functools import cache
from pathlib import Path
from typing import Any

from budgetgen.classify import SOURCE_GROUPS, SOURCES, Kind
from budgetgen.issues import Issue, error
from budgetgen.model import Posting
from budgetgen.money import total
from budgetgen.source import PathT, SourceDoc, format_path, load_file

FILE_NAME = "definitions.yaml"
#: Scope names a definition may use → the leaf sources they include.
SCOPES: dict[str, tuple[str, ...]] = {"一般公共预算拨款": SOURCE_GROUPS["公共财政拨款"], "全部资金": SOURCES}
#: 单位性质 → how the glossary names such units.
UNIT_KINDS: dict[str, str] = {
    "行政": "行政单位",
    "参公": "参照公务员法管理的事业单位",
    "事业": "事业单位",
    "企业": "企业",
    "其他": "其他单位",
}
#: Basic-spending economic classes a definition may count, with their names.
ECON_CLASSES: dict[str, str] = {
    "301": "工资福利支出",
    "302": "商品和服务支出",
    "303": "对个人和家庭的补助",
    "310": "资本性支出",
}
#: 公用经费 and 人员经费 of basic spending, by economic class (用于说明和检查).
PUBLIC_USE_CLASSES = ("302", "310")
PERSONNEL_CLASSES = ("301", "303")
_KEYS: dict[str, tuple[str, ...]] = {
    "机关运行经费": ("单位性质", "资金来源", "经济分类", "补充说明"),
    "三公经费": ("口径",),
}


@dataclass(frozen=True)
class RunningCostRule:
    """机关运行经费 as declared: which units, which money, which basic economic classes."""

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

    @property
    def spending(self) -> str:
        """The spending counted, in words: 基本支出中的公用经费（商品和服务支出、资本性支出）."""
        names = "、".join(ECON_CLASSES[c] for c in self.classes)
        if set(self.classes) == set(PUBLIC_USE_CLASSES):
            return f"基本支出中的日常公用经费（{names}）"
        return f"基本支出中的{names}"

    @property
    def glossary(self) -> str:
        """The 名词解释 text, generated from the declaration."""
        money = "各项资金" if self.scope == "全部资金" else self.scope
        whole = "部门" if set(self.unit_kinds) >= set(UNIT_KINDS) else ""
        text = f"是指{whole}{self.subject}使用{money}安排的{self.spending}"
        text += "，即为保障机构正常运转、用于购买货物和服务的经费。"
        return text + self.note


@dataclass(frozen=True)
class SanGongRule:
    """三公经费: the scope the narrative states first (the table also shows every source)."""

    scope: str

    @property
    def glossary(self) -> str:
        """The 名词解释 text, generated from the declaration."""
        money = "各项资金" if self.scope == "全部资金" else self.scope
        return (
            f"是指用{money}安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。"
            "其中，因公出国（境）费反映单位公务出国（境）的国际旅费、国外城市间交通费、住宿费、伙食费等支出；"
            "公务用车购置及运行维护费反映单位公务用车购置支出（含车辆购置税）及燃料费、维修费、过路过桥费、保险费等支出；"
            "公务接待费反映单位按规定开支的各类公务接待支出。"
            "三公经费表的合计为全部资金安排的数额，并单列其中一般公共预算拨款安排的数额。"
        )


@dataclass(frozen=True)
class Definitions:
    """Every declared definition of a profile (with a county's overrides applied)."""

    running_cost: RunningCostRule
    sangong: SanGongRule

    def glossary(self) -> tuple[tuple[str, str], ...]:
        """The glossary entries these definitions print, term first."""
        return (("机关运行经费", self.running_cost.glossary), ("“三公”经费", self.sangong.glossary))


#: The Ministry of Finance definitions, used when a profile declares none.
MOF = Definitions(
    RunningCostRule(("行政", "参公"), "一般公共预算拨款", PUBLIC_USE_CLASSES), SanGongRule("一般公共预算拨款")
)
#: Terms whose glossary text is generated and may not be written by hand.
DEFINED_TERMS = ("机关运行经费", "“三公”经费", "三公经费")


def running_cost(postings: Iterable[Posting], natures: Mapping[str, str], rule: RunningCostRule) -> Decimal:
    """机关运行经费, computed by the declared rule.

    财政部口径：机关运行经费是指行政单位和参照公务员法管理的事业单位使用一般公共预算
    财政拨款安排的基本支出中的日常公用经费支出（为保障机关运行用于购买货物和服务的各项资金，
    包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一般设备购置费、
    办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用）。
    ``rule`` says which 单位性质, which money and which basic economic classes count;
    ``natures`` maps a unit code to its 单位性质.
    """
    sources = SCOPES[rule.scope]
    return total(
        p.amount
        for p in postings
        if p.kind is Kind.BASIC
        and natures.get(p.unit) in rule.unit_kinds
        and p.source in sources
        and (p.econ or "")[:3] in rule.classes
    )


def _error(doc: SourceDoc, path: PathT, message: str) -> Issue:
    return error("E-DEFINITION", doc.loc(path), format_path(path), message)


def _choices(doc: SourceDoc, path: PathT, value: Any, allowed: Iterable[str]) -> list[Issue]:
    options = list(allowed)
    values = value if isinstance(value, list) else [value]
    bad = [v for v in values if str(v) not in options]
    if bad or not values:
        shown = "、".join(str(v) for v in bad) or "空值"
        return [_error(doc, path, f"“{shown}”不是可选的取值，可选：{'、'.join(options)}")]
    return []


def _check(doc: SourceDoc, base: PathT) -> list[Issue]:
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
                issues += _choices(doc, where, value, SCOPES)
            elif key == "经济分类":
                issues += _choices(
                    doc, where, [str(v) for v in value] if isinstance(value, list) else value, ECON_CLASSES
                )
            elif not isinstance(value, str):
                issues.append(_error(doc, where, f"“{key}”应为文字"))
    return issues


def _merge(base: Definitions, layer: Mapping[str, Any]) -> Definitions:
    rc = dict(layer.get("机关运行经费") or {})
    sg = dict(layer.get("三公经费") or {})
    old = base.running_cost
    running = RunningCostRule(
        tuple(k for k in UNIT_KINDS if k in rc["单位性质"]) if "单位性质" in rc else old.unit_kinds,
        str(rc.get("资金来源", old.scope)),
        tuple(c for c in ECON_CLASSES if c in {str(v) for v in rc["经济分类"]}) if "经济分类" in rc else old.classes,
        str(rc.get("补充说明", old.note) or ""),
    )
    return Definitions(running, SanGongRule(str(sg.get("口径", base.sangong.scope))))


@cache
def _profile(folder: Path) -> tuple[Definitions | None, tuple[Issue, ...]]:
    path = folder / FILE_NAME
    if not path.is_file():
        return MOF, ()
    doc, issues = load_file(path, str(path))
    if doc is None:
        return None, tuple(issues)
    found = _check(doc, ())
    return (None, tuple(found)) if found else (_merge(MOF, doc.data or {}), ())


def load(profile_dirs: Iterable[Path], config: SourceDoc | None = None) -> tuple[Definitions | None, list[Issue]]:
    """The definitions of a profile (the first folder that declares them), with the config's ``口径`` over them."""
    folders = [d for d in profile_dirs if (d / FILE_NAME).is_file()]
    defs, issues = _profile(folders[0]) if folders else (MOF, ())
    if defs is None:
        return None, list(issues)
    if config is None or not isinstance(config.data, dict) or "口径" not in config.data:
        return defs, []
    found = _check(config, ("口径",))
    if found:
        return None, found
    return _merge(defs, config.data["口径"] or {}), []
