"""``budgetgen diff OLD NEW``: what changed between two versions of a department source.

Each side is a file or a Git revision of it (``HEAD~1:2021/jyj.yaml``) and goes
through the whole pipeline (load → schema → realize → checks); a side with errors
is reported with its located issues instead of being compared. The comparison is
of what readers of the publications see: the figures of :mod:`.figures` and the
sentences of the narrative, rendered by the profile's own template.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from budgetgen import config, pipeline, source
from budgetgen.codes import E_ENCODING, E_FILE_KIND, E_FILE_READ, E_FILE_TOO_LARGE
from budgetgen.compare import gitrev
from budgetgen.compare.figures import SECTIONS, Fact, Facts, ProjectFacts, facts
from budgetgen.issues import Issue
from budgetgen.render.narrative import Block, BlockKind
from budgetgen.safefile import MAX_BYTES

#: Codes that mean a side could not be read at all (exit code 2, as for ``check``).
UNREADABLE = frozenset({E_FILE_READ, E_FILE_TOO_LARGE, E_FILE_KIND, E_ENCODING, gitrev.GIT_READ})
#: At most this many changed source paths are listed when no figure or sentence changed.
MAX_OTHER = 20
_SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")


@dataclass(frozen=True)
class Side:
    """One version, checked: its figures, narrative sentences and source data, or its errors."""

    shown: str
    issues: tuple[Issue, ...]
    facts: Facts | None = None
    sentences: tuple[tuple[str, str], ...] = ()
    data: Any = None


@dataclass(frozen=True, slots=True)
class FigureChange:
    """A figure whose value differs (a 功能分类 项 absent on one side counts as 0)."""

    fact: Fact
    old: Decimal | int
    new: Decimal | int


@dataclass(frozen=True, slots=True)
class ProjectChange:
    """A project added (``old`` is None), removed (``new`` is None) or changed."""

    name: str
    old: ProjectFacts | None
    new: ProjectFacts | None


@dataclass(frozen=True, slots=True)
class TextChange:
    """Sentences of one part of the narrative that were removed and added."""

    heading: str
    removed: tuple[str, ...]
    added: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    """The whole comparison; ``issues`` holds the errors of sides that could not be compared."""

    old: str
    new: str
    issues: tuple[Issue, ...] = ()
    departments: tuple[str, str] = ("", "")
    figures: tuple[FigureChange, ...] = ()
    projects: tuple[ProjectChange, ...] = ()
    text: tuple[TextChange, ...] = ()
    other: tuple[str, ...] = field(default=())

    @property
    def status(self) -> str:
        """``unreadable``, ``invalid``, ``same`` or ``different``."""
        if any(i.code in UNREADABLE for i in self.issues):
            return "unreadable"
        if self.issues:
            return "invalid"
        return "different" if self.figures or self.projects or self.text or self.other else "same"


def _narrative(checked: pipeline.Checked) -> tuple[tuple[Block, ...] | None, list[Issue]]:
    """The narrative's paragraphs, as the build renders them (a broken county template is an issue)."""
    import jinja2

    from budgetgen.render.env import make_env
    from budgetgen.render.narrative import TemplateError, render_blocks
    from budgetgen.tables.spec import SpecError, load_tables

    assert checked.budget is not None
    dirs = checked.settings.template_dirs()
    try:
        count = len(load_tables([d / "tables" for d in dirs]))
        return render_blocks(make_env(dirs), checked.budget, table_count=count), []
    except (jinja2.TemplateError, jinja2.exceptions.SecurityError, TemplateError, SpecError, RecursionError):
        return None, pipeline.render_checked(checked.budget, checked.settings)[1]  # reported as build reports it


def sentences(blocks: Sequence[Block]) -> Iterator[tuple[str, str]]:
    """Every sentence (up to 。；！？) of the narrative, with the heading it stands under."""
    h1 = h2 = ""
    for block in blocks:
        if block.kind is BlockKind.H1:
            h1, h2 = block.text, ""
        elif block.kind is BlockKind.H2:
            h2 = block.text
        heading = " ".join(h for h in (h1, h2) if h) or "标题"
        for found in _SENTENCE.finditer(block.text):
            if found.group().strip():
                yield heading, found.group().strip()


def _read(arg: str) -> tuple[Path, tuple[source.SourceDoc | None, list[Issue]]]:
    ref = gitrev.parse(arg)
    if ref is None:
        path = Path(arg)
        return path, source.load_file(path, config.shown_path(path))
    raw, issues = gitrev.read(ref, MAX_BYTES)
    if raw is None:
        return gitrev.working_path(ref), (None, issues)
    text, issues = source.decode(raw, ref.shown)
    loaded = source.load_text(text, ref.shown) if text is not None else (None, issues)
    return gitrev.working_path(ref), loaded


def load_side(arg: str) -> Side:
    """Read and check one version; never raises on bad input."""
    path, loaded = _read(arg)
    doc = loaded[0]
    checked = pipeline.check_file(path, loaded=loaded)
    errors = tuple(i for i in checked.issues if i.is_error)
    if checked.budget is None or errors or doc is None:
        return Side(arg, errors)
    blocks, issues = _narrative(checked)
    if blocks is None:
        return Side(arg, tuple(issues))
    return Side(arg, (), facts(checked.budget), tuple(sentences(blocks)), doc.data)


def _figures(old: Facts, new: Facts) -> Iterator[FigureChange]:
    before = {(f.section, f.key): f for f in old.figures}
    after = {(f.section, f.key): f for f in new.figures}
    keys = [*before, *(k for k in after if k not in before)]
    keys.sort(key=lambda k: SECTIONS.index(k[0]))  # stable: old order, then new keys, within each section
    for key in keys:
        was, now = before.get(key), after.get(key)
        fact = now or was
        old_value, new_value = (was.value if was else 0), (now.value if now else 0)
        if fact is not None and old_value != new_value:
            yield FigureChange(fact, old_value, new_value)


def _projects(old: Facts, new: Facts) -> Iterator[ProjectChange]:
    before = {p.name: p for p in old.projects}
    after = {p.name: p for p in new.projects}
    for name in [*before, *(n for n in after if n not in before)]:
        if before.get(name) != after.get(name):
            yield ProjectChange(name, before.get(name), after.get(name))


def _text(old: Sequence[tuple[str, str]], new: Sequence[tuple[str, str]]) -> Iterator[TextChange]:
    """Removed and added sentences, one entry per heading (adjacent changes under one heading merge)."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    pending: TextChange | None = None
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        heading = (old[i1:i2] or new[j1:j2])[0][0]
        removed, added = tuple(s for _, s in old[i1:i2]), tuple(s for _, s in new[j1:j2])
        if pending is not None and pending.heading == heading:
            pending = TextChange(heading, pending.removed + removed, pending.added + added)
            continue
        if pending is not None:
            yield pending
        pending = TextChange(heading, removed, added)
    if pending is not None:
        yield pending


def _leaves(data: Any) -> dict[str, Any]:
    return {source.format_path(p): v for p, v in source.walk(data) if not isinstance(v, dict | list)}


def _other(old: Any, new: Any) -> tuple[str, ...]:
    """Source paths whose values differ, when nothing a reader sees changed (e.g. a 绩效目标 text)."""
    before, after = _leaves(old), _leaves(new)
    changed = [p for p in [*before, *(p for p in after if p not in before)] if before.get(p) != after.get(p)]
    return tuple(changed[:MAX_OTHER])


def compare(old_arg: str, new_arg: str) -> Result:
    """Compare two versions; a side that cannot be read or checked makes the result ``invalid``."""
    old, new = load_side(old_arg), load_side(new_arg)
    if old.facts is None or new.facts is None:
        return Result(old_arg, new_arg, old.issues + new.issues)
    figures = tuple(_figures(old.facts, new.facts))
    projects = tuple(_projects(old.facts, new.facts))
    text = tuple(_text(old.sentences, new.sentences))
    other = () if figures or projects or text else _other(old.data, new.data)
    departments = (old.facts.department, new.facts.department)
    return Result(old_arg, new_arg, (), departments, figures, projects, text, other)
