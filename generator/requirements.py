"""Source facts a profile requires beyond the common schema (``requires:`` in profile.yaml).

The source format is one schema for every profile; fields only one format
prints are optional there. A profile that needs them names them in
``requires``, and each missing fact is an error naming the field to add, so a
department that switches format learns everything it must add in one run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from budgetgen import codes
from budgetgen.issues import Issue, error
from budgetgen.model import Budget, FuncRow
from budgetgen.source import SourceDoc

CODE = codes.E_PROFILE_NEEDS


def _public_items(budget: Budget) -> list[FuncRow]:
    """The 项 rows of the profile's 财政拨款 view: the lines its 说明 explains one by one."""
    return [r for r in budget.views[budget.profile.public].tree if r.level == "xiang"]


def _prior(budget: Budget, doc: SourceDoc) -> Iterator[Issue]:
    if "文件" in (doc.data.get("上年") or {}):  # last year's source gives every line (a line it lacks was 0)
        return
    given = (doc.data.get("上年") or {}).get("功能分类")
    where = ("上年", "功能分类") if given is not None else (("上年",) if "上年" in doc.data else ())
    known = {str(k) for k in given or {}}
    for row in _public_items(budget):
        if row.code not in known:
            msg = (
                f"“{budget.profile.title}”逐项说明{budget.profile.public_name}支出较上年的增减："
                f"请在“上年.功能分类”中写上 {row.code}（{row.label}）的上年预算数（上年没有则写 0）"
            )
            yield error(CODE, doc.loc(where), "上年.功能分类", msg)


def _reasons(budget: Budget, doc: SourceDoc) -> Iterator[Issue]:
    given = (doc.data.get("变动原因") or {}).get("功能分类")
    where = ("变动原因", "功能分类") if given is not None else (("变动原因",) if "变动原因" in doc.data else ())
    for row in _public_items(budget):
        c = row.change
        if c is not None and c.diff != 0 and not c.reason.strip():
            msg = (
                f"{row.code}（{row.label}）较上年{c.direction} {c.magnitude:,.2f} 元，"
                f"“{budget.profile.title}”要求说明原因：请在“变动原因.功能分类”中写上 {row.code} 的主要原因"
            )
            yield error(CODE, doc.loc(where), "变动原因.功能分类", msg)


#: Requirement name (as profile.yaml writes it) → its check.
REQUIREMENTS: dict[str, Callable[[Budget, SourceDoc], Iterator[Issue]]] = {
    "上年功能分类": _prior,
    "功能分类变动原因": _reasons,
}


def check(budget: Budget, doc: SourceDoc) -> list[Issue]:
    """Every fact the budget's profile requires that the source lacks."""
    return [i for name in budget.profile.requires for i in REQUIREMENTS[name](budget, doc)]
