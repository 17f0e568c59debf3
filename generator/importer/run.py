"""``budgetgen import``: read a published workbook (and its 说明), write a source, never half a file.

Bad input (not a workbook, another format's workbook, no sheet we know) is an ``E-IMPORT-READ``
error in Chinese and nothing is written; an existing output is kept unless ``force``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from budgetgen.audit.context import profile_wording
from budgetgen.importer import fields as F
from budgetgen.importer.conflicts import Conflict, Seen, annotate
from budgetgen.importer.disagree import Shown, disagreements, equalities
from budgetgen.importer.disagree import problems as disagreement_problems
from budgetgen.importer.draft import Draft
from budgetgen.importer.emit import to_yaml
from budgetgen.importer.invert import invert
from budgetgen.importer.narrative import Texts, read_texts
from budgetgen.importer.read import read_grids
from budgetgen.importer.strict import budget_year, read_strict
from budgetgen.importer.tables import ReadWorkbook
from budgetgen.profile import Profile

MAX_WORKBOOK_BYTES = 50 * 1024 * 1024
NAME_LINE = "单位名称："
SCHEMA_LINE = "# yaml-language-server: $schema="


class ImportError_(Exception):
    """The input cannot be imported; the message is Chinese and names the file."""


@dataclass
class Imported:
    """The source text written (or to write) and what the user should know."""

    text: str
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _grids(path: Path) -> tuple[dict[str, list[list[Any]]], str]:
    import openpyxl

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportError_(f"{path}：无法读取（{exc.strerror or type(exc).__name__}）") from None
    if len(data) > MAX_WORKBOOK_BYTES:
        raise ImportError_(f"{path.name}：文件超过 50 MB，不像一个部门的预算公开表")
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise ImportError_(f"{path.name}：不是有效的 Excel 工作簿（.xlsx）（{type(exc).__name__}）") from None
    try:
        created = wb.properties.created
        when = created.strftime("%Y-%m-%d") if created is not None else ""
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}, when
    finally:
        wb.close()


def name_line(grids: dict[str, list[list[Any]]]) -> str:
    """The name most sheets print on their 单位名称 line (``单位名称：通道县政务服务中心``)."""
    seen: dict[str, int] = {}
    for grid in grids.values():
        for row in grid[:4]:
            for v in row:
                if isinstance(v, str) and v.strip().startswith(NAME_LINE):
                    name = v.strip()[len(NAME_LINE) :].strip()
                    seen[name] = seen.get(name, 0) + 1
    return max(seen, key=lambda n: (seen[n], n), default="")


@dataclass(frozen=True)
class Workbook:
    """A workbook read through a profile's specs, with what the inversion needs besides the tables."""

    book: ReadWorkbook
    year: int
    created: str
    """The workbook's creation date (``2020-03-18``), or empty."""
    name: str
    """The 单位名称 line most sheets print."""
    view_of: dict[str, str]
    """The view each spec shows (its ``rows.view``)."""
    unit_of: dict[str, str] = field(default_factory=dict)
    """The money unit each spec prints (元, 万元)."""
    conflicts: tuple[Conflict, ...] = ()
    """Figures two tables show differently (the profile's ``audit.yaml`` equalities)."""


def _seen(shown: Shown) -> Seen:
    return Seen(shown.value, shown.sheet, shown.ref)


def read_workbook(path: Path, profile_name: str, empty_note: str, profile: Profile | None = None) -> Workbook:
    """The workbook's tables through the profile's specs (raises :class:`ImportError_`)."""
    from budgetgen.importer.detect import other_format
    from budgetgen.resources import templates_dir
    from budgetgen.tables.spec import load_tables

    grids, created = _grids(path)
    other = other_format(grids, profile_name)
    if other is not None:
        raise ImportError_(
            f"{path.name}：这是“{other.title}”（{other.profile}）的公开表"
            f"（{other.sheets} 张工作表的表名或标题与该格式相符），"
            f"不是 {profile_name} 格式；请加 --profile {other.profile} 重新导入"
        )
    specs = load_tables([templates_dir() / profile_name / "tables"], profile)
    book = read_strict(path, grids, specs, empty_note)  # exact for a workbook laid out as the specs write it
    if book.problems:  # anyone else's: the tolerant reader (sheets by code/title/header, loose cells)
        book = read_grids(str(path), grids, specs, empty_note=empty_note, wording=profile_wording(profile_name))
    found = disagreements(grids, book, specs, equalities(profile_name), profile_name)
    book = replace(book, problems=disagreement_problems(found, book.problems))
    conflicts = tuple(Conflict(d.figure, _seen(d.authority), tuple(_seen(o) for o in d.others)) for d in found)
    year = budget_year(grids, path)
    if not book.tables:
        raise ImportError_(
            f"{path.name}：没有找到任何一张 {profile_name} 格式的预算公开表（工作表名或表头不符），"
            "不是这种格式的公开表？"
        )
    if year is None:
        raise ImportError_(f"{path.name}：表头和文件名中都没有预算年度（如“2020年”）")
    view_of = {s.id: str(s.rows.params["view"]) for s in specs if s.rows is not None and "view" in s.rows.params}
    unit_of = {s.id: s.unit for s in specs}
    return Workbook(book, year, created, name_line(grids), view_of, unit_of, conflicts)


def import_workbook(path: Path, docx: Path | None, profile_name: str, conflicts: Sequence[Conflict] = ()) -> Imported:
    """Read and invert; raise :class:`ImportError_` for input that cannot be imported.

    ``conflicts``: figures two tables show differently (commented at the line they went to).
    """
    from budgetgen.audit.package import PackageError
    from budgetgen.profile import shipped_profile

    if profile_name not in F.TABLES:
        raise ImportError_(f"导入暂不支持 {profile_name} 格式，目前支持：{'、'.join(F.TABLES)}")
    p, _ = shipped_profile(profile_name)
    if p is None:
        raise ImportError_(f"找不到公开格式 {profile_name}")
    wb = read_workbook(path, profile_name, p.empty_note, p)
    book, year = wb.book, wb.year
    texts = Texts()
    if docx is not None:
        try:
            texts = read_texts(docx)
        except PackageError as exc:
            raise ImportError_(str(exc)) from None
    texts.name = texts.name or wb.name
    if not texts.date and wb.created[:4] in (str(year - 1), str(year)):
        texts.date, texts.date_from = wb.created, "工作簿属性中的创建日期"
    if F.INVERSION.get(profile_name) == "marginal":
        from budgetgen.importer.marginal import invert_marginal
        from budgetgen.importer.marginal_prior import read_paragraphs

        paragraphs = read_paragraphs(docx) if docx is not None else []
        draft = invert_marginal(
            book, profile_name, p, year=year, texts=texts, view_of=wb.view_of, unit_of=wb.unit_of, paragraphs=paragraphs
        )
    else:
        draft = invert(book, profile_name, p, year=year, texts=texts, view_of=wb.view_of)
    problems = [f"{q.code} {q.sheet}{'!' + q.ref if q.ref else ''}：{q.message}" for q in book.problems]
    annotate(draft, wb.conflicts)  # already among the problems, each at its cell
    unplaced = [f"表间不一致：{x}" for x in annotate(draft, conflicts)]
    return Imported(_text(draft, path, docx, [*problems, *unplaced], texts), draft.warnings, problems)


def _text(draft: Draft, path: Path, docx: Path | None, problems: list[str], texts: Texts) -> str:
    header = [
        SCHEMA_LINE.removeprefix("# ") + "schemas/department.schema.json",
        f"{draft.data['部门'].get('全称', '')} {draft.data['部门']['预算年度']} 年部门预算源文件，"
        "由 budgetgen import 从",
        f"{path.name}{' 和 ' + docx.name if docx else ''} 导入。金额单位为“元”；合计、万元数由 budgetgen 计算。",
        "行尾注释说明哪些数字是推定的、哪些与另一张表不一致；核对后可删去注释。",
    ]
    header += [q if q.startswith("表间不一致：") else f"读表问题：{q}" for q in problems]
    header += [f"需要核对：{w}" for w in draft.warnings]  # nothing left out goes unrecorded in the file
    if texts.changes:
        direction, wan = texts.changes[0]
        header += [
            f"说明写收入较上年{direction}{wan}万元；上年数只有说明中的万元数，请按上年决算填写后去掉下面的 #：",
            "上年:",
            "  收入合计: ~",
            "  支出合计: ~",
        ]
    if texts.reasons:
        draft.data["变动原因"] = {"收入": texts.reasons[0], "支出": texts.reasons[min(1, len(texts.reasons) - 1)]}
    return to_yaml(draft.data, draft.comments, header)


def write_source(text: str, out: Path, force: bool) -> list[Path]:
    """Write ``out`` atomically; refuse to replace an existing file unless ``force``.

    As ``budgetgen init`` does, the schemas are copied to the repository's ``schemas/`` and the
    first line points there (relative), so an editor checks the file as it is edited; returns the
    schema copies written just now.
    """
    import os

    from budgetgen.atomic import write_atomic
    from budgetgen.scaffold import _config_defaults, _root_for, install_schemas

    if out.exists() and not force:
        raise ImportError_(f"{out}：文件已存在；要覆盖请加 --force")
    folder = out.resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    config, _ = _config_defaults(folder)
    schema, copies = install_schemas(config.parent if config else _root_for(folder))
    ref = Path(os.path.relpath(schema, folder)).as_posix()
    first, _, rest = text.partition("\n")
    if first.startswith(SCHEMA_LINE):
        text = f"{SCHEMA_LINE}{ref}\n{rest}"
    write_atomic(folder, {out.name: text.encode("utf-8")})
    return copies
