"""Hypothesis mutates the example: every result is a clean build or located issues, never a crash.

Mutations: deleted, duplicated and re-indented lines; values swapped for other
types or for hostile text (.nan, .inf, 1e400, -0, 1.234, control characters,
random Unicode); junk keys; truncation; non-UTF-8 bytes and empty files;
5,000-deep nesting, exponential aliases and Python tags. The checks go through
``pipeline.check_file`` (load → schema → derive → rules), so any exception fails
the test; a smaller set of text-only mutations is built for real.

CI runs 2,300 examples (derandomized, so a failure is reproducible). Set
``BUDGETGEN_FUZZ_SCALE=10`` to run ten times as many locally, and
``BUDGETGEN_FUZZ_RANDOM=1`` to explore with a fresh random seed.
"""

from __future__ import annotations

import copy
import json
import os
import re
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import event, given, settings
from hypothesis import strategies as st
from issue_helpers import EXAMPLE_TEXT

from budgetgen import pipeline, source
from budgetgen.catalog import load_catalog
from budgetgen.issues import Severity, format_issue, has_errors, issues_to_json
from budgetgen.profile import default_profile

PROJECT_GROUPS, SOURCES = default_profile().project_groups, default_profile().sources

SCALE = float(os.environ.get("BUDGETGEN_FUZZ_SCALE", "1"))
CODE = re.compile(r"^[EW](-[A-Z0-9]+)+$")
NEVER = {"E-CHECK-FAILED", "E-INTERNAL"}


def fuzz(examples: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Deterministic Hypothesis settings with ``examples`` × scale runs."""
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=None,
        derandomize=os.environ.get("BUDGETGEN_FUZZ_RANDOM") != "1",
        database=None,
    )


NASTY = (
    "abc",
    "-5",
    "1.234",
    ".nan",
    ".NaN",
    ".inf",
    "-.inf",
    "1e400",
    "1.0e+400",
    "-1.5e-400",
    "-0",
    "-0.0",
    "0x1F",
    "0o17",
    "1_000",
    "1:30",
    "٣",
    "𝟙𝟚",
    "2020-02-30",
    "~",
    "null",
    "yes",
    "''",
    '""',
    "[]",
    "{}",
    "[1, [2, [3]]]",
    "{a: 1}",
    "&x 1",
    "*undefined",
    "!!binary aGk=",
    "!!python/object/apply:os.system ['true']",
    "'{{ 7*7 }}'",
    "'{% for x in y %}'",
    "\x00",
    "\x1b[31m",
    "\u202e反转",
    "\ufeff",
    "9" * 50,
    "1." + "5" * 50,
    "1.5E+999999999999999999999",
)
_WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
SCALARS = st.one_of(
    st.sampled_from(NASTY),
    _WORDS,
    st.integers(min_value=-(10**35), max_value=10**35).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)


# -- the property ----------------------------------------------------------------------------------


def assert_clean_outcome(path: Path) -> pipeline.Checked:
    """Check ``path``: no exception, and either a model without errors or located, well-formed issues."""
    checked = pipeline.check_file(path)
    for issue in checked.issues:
        assert CODE.match(issue.code), issue
        assert issue.code not in NEVER, issue
        assert issue.severity in (Severity.ERROR, Severity.WARNING)
        assert issue.loc.line >= 1, issue
        assert issue.message and "Traceback" not in issue.message
        assert format_issue(issue).startswith(f"{issue.loc.file}:{issue.loc.line}:")
    json.loads(issues_to_json(checked.issues))
    if not has_errors(checked.issues):
        assert checked.budget is not None
    stage = "clean" if not checked.issues else ("rules" if checked.budget is not None else checked.issues[0].code)
    event(f"outcome: {stage.split('-')[1] if stage.startswith('E-') else stage}")
    return checked


@pytest.fixture(scope="module")
def work() -> Path:
    """One scratch folder for the module (Hypothesis reuses it across examples)."""
    with tempfile.TemporaryDirectory(prefix="budgetgen-fuzz-") as folder:
        yield Path(folder)


def write(folder: Path, content: str | bytes) -> Path:
    path = folder / "src.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8", errors="surrogatepass"))
    return path


# -- text mutations ---------------------------------------------------------------------------------


def _mutate_line(data: st.DataObject, lines: list[str]) -> None:
    i = data.draw(st.integers(0, max(0, len(lines) - 1)), label="line")
    op = data.draw(st.sampled_from(["delete", "dup", "value", "insert", "indent", "chars", "truncate"]), label="op")
    if not lines:
        lines.append(data.draw(SCALARS))
    elif op == "delete":
        del lines[i]
    elif op == "dup":
        lines.insert(i, lines[i])
    elif op == "value" and ": " in lines[i]:
        lines[i] = lines[i].split(": ", 1)[0] + ": " + data.draw(SCALARS, label="value")
    elif op == "insert":
        indent = data.draw(st.sampled_from(["", "  ", "    ", "      ", "\t", " "]))
        lines.insert(i, f"{indent}{data.draw(_WORDS, label='key')}: {data.draw(SCALARS, label='junk')}")
    elif op == "indent":
        prefix = data.draw(st.sampled_from(["", " ", "\t", "  ", "\t  "]), label="prefix")
        lines[i] = prefix + (lines[i].lstrip(" ") if data.draw(st.booleans(), label="strip") else lines[i])
    elif op == "chars":
        pos = data.draw(st.integers(0, len(lines[i])))
        junk = data.draw(st.text(st.characters(codec="utf-8"), min_size=1, max_size=4), label="chars")
        lines[i] = lines[i][:pos] + junk + lines[i][pos:]
    else:
        del lines[i:]


@fuzz(800)
@given(data=st.data())
def test_text_mutations_never_crash(data: st.DataObject, work: Path) -> None:
    lines = EXAMPLE_TEXT.splitlines()
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        _mutate_line(data, lines)
    assert_clean_outcome(write(work, "\n".join(lines) + "\n"))


# -- data mutations ---------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Dump loaded data back to YAML; Decimals as plain numbers."""


_Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", str(v)))

_DOC, _ = source.load_text(EXAMPLE_TEXT, "example")
assert _DOC is not None
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    SCALARS,
    st.lists(st.integers(-5, 5), max_size=3),
    st.dictionaries(_WORDS, st.integers(0, 9), max_size=2),
)


def _swap_type(value: Any) -> Any:
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, list):
        return {str(i): v for i, v in enumerate(value)}
    if isinstance(value, str):
        return len(value)
    return str(value)


def _mutate_data(data: st.DataObject, tree: Any) -> None:
    paths = [p for p, _ in source.walk(tree) if p]
    path = paths[data.draw(st.integers(0, len(paths) - 1), label="path")]
    parent = tree
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    op = data.draw(st.sampled_from(["delete", "replace", "swap", "junk"]), label="op")
    if op == "delete":
        del parent[last]
    elif op == "replace":
        parent[last] = data.draw(VALUES, label="value")
    elif op == "swap":
        parent[last] = _swap_type(parent[last])
    elif isinstance(parent, dict):
        parent[data.draw(_WORDS, label="key")] = data.draw(VALUES, label="junk")


@fuzz(700)
@given(data=st.data())
def test_data_mutations_never_crash(data: st.DataObject, work: Path) -> None:
    tree = copy.deepcopy(_DOC.data)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        _mutate_data(data, tree)
    text = yaml.dump(tree, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
    assert_clean_outcome(write(work, text))


# -- mutations that keep the shape valid, to reach derivation and the rules ---------------------------

_CATALOG = load_catalog(2020)
FUNC_CODES = st.sampled_from(sorted(_CATALOG.functional))
ECON_CODES = st.sampled_from(sorted(c for c in _CATALOG.economic if len(c) == 5))
MONEY = st.one_of(st.integers(0, 10**9), st.decimals(0, 10**9, places=2))
ENUMS = {
    "类别": st.sampled_from(sorted(PROJECT_GROUPS)),
    "资金来源": st.sampled_from(SOURCES),
    "单位性质": st.sampled_from(["行政", "参公", "事业", "企业", "其他"]),
    "性质": st.sampled_from(["延续", "新增"]),
    "功能分类": FUNC_CODES,
    "说明日期": st.dates().map(str) | st.sampled_from(["2020-02-30", "2019年12月31日", "2021/1/1"]),
    "收入": st.sampled_from(["", "人员经费增加", "增加的原因为减少了支出", "项目减少"]),
    "支出": st.sampled_from(["", "人员经费减少", "下降", "新增项目"]),
    "单位": st.sampled_from(["702701", "702702", "999"]),
}


def _reshape(data: st.DataObject, tree: Any) -> None:
    paths = [p for p, _ in source.walk(tree) if (p and p[0] != "部门") or p[-1:] == ("说明日期",)]
    path = paths[data.draw(st.integers(0, len(paths) - 1), label="path")]
    parent = tree
    for part in path[:-1]:
        parent = parent[part]
    last, value = path[-1], parent[path[-1]]
    if isinstance(last, str) and last in ENUMS and not isinstance(value, (dict, list)):
        parent[last] = data.draw(ENUMS[last], label=last)
    elif isinstance(last, str) and re.fullmatch(r"3[0-9]{4}", last):
        parent[data.draw(ECON_CODES, label="econ")] = parent.pop(last)
    elif isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        parent[last] = data.draw(MONEY, label="amount")
    elif isinstance(value, list) and value:
        value.append(copy.deepcopy(value[data.draw(st.integers(0, len(value) - 1), label="item")]))
    elif isinstance(parent, dict) and data.draw(st.booleans(), label="delete"):
        del parent[last]


@fuzz(400)
@given(data=st.data())
def test_valid_shape_mutations_never_crash(data: st.DataObject, work: Path) -> None:
    tree = copy.deepcopy(_DOC.data)
    for _ in range(data.draw(st.integers(1, 5), label="mutations")):
        _reshape(data, tree)
    assert_clean_outcome(write(work, yaml.dump(tree, Dumper=_Dumper, allow_unicode=True, sort_keys=False)))


# -- hostile payloads -------------------------------------------------------------------------------

BOMB = "".join(
    f"{n}: &{n} [" + ", ".join([f"*{p}"] * 9 if p else ['"lol"'] * 9) + "]\n"
    for p, n in zip([None, *"abcdefg"], "abcdefgh", strict=True)
)
PAYLOADS = (
    "名词解释: " + "[" * 5000 + "]" * 5000 + "\n",
    "名词解释: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n",
    "名词解释:\n  " + "- " * 5000 + "x\n",
    "".join(" " * i + f"k{i}:\n" for i in range(300)) + " " * 300 + "v: 1\n",
    BOMB,
    "x: !!python/object/apply:os.system ['touch /tmp/budgetgen-fuzz-pwned']\n",
    "x: !!python/name:os.system\n",
    "x: !!binary aGVsbG8=\n",
    "x: &a {b: 1}\ny:\n  <<: *a\n",
    "? [复杂, 键]\n: 1\n",
    "%YAML 1.1\n---\n",
    "---\nx: 1\n",
    "...\n",
    "x: " + "9" * 5000 + "\n",
    "x: '" + "长" * 20000 + "'\n",
    'x: "\\ud800"\n',
    "\t\t\tx: 1\n",
    "x: [1, 2\n",
    "x: 'unclosed\n",
)


@fuzz(300)
@given(
    where=st.integers(0, EXAMPLE_TEXT.count("\n")),
    payload=st.one_of(st.sampled_from(PAYLOADS), st.binary(max_size=64), _WORDS),
    whole=st.booleans(),
)
def test_hostile_payloads_never_crash(where: int, payload: str | bytes, whole: bool, work: Path) -> None:
    if whole:
        content: str | bytes = payload
    else:
        lines = EXAMPLE_TEXT.splitlines(keepends=True)
        head, tail = "".join(lines[:where]).encode(), "".join(lines[where:]).encode()
        content = head + (payload if isinstance(payload, bytes) else payload.encode("utf-8", "surrogatepass")) + tail
    assert_clean_outcome(write(work, content))
    assert not Path("/tmp/budgetgen-fuzz-pwned").exists()


# -- real builds of text-only mutations ---------------------------------------------------------------

TEXT_FIELDS = (
    ("部门", "主要职能"),
    ("部门", "简称"),
    ("部门", "职能职责概述"),
    ("变动原因", "收入"),
    ("单位", 0, "人员", "岗位说明"),
    ("项目", 3, "绩效目标", "年度目标"),
    ("项目", 0, "绩效目标", "长期目标"),
)


@fuzz(100)
@given(field=st.sampled_from(TEXT_FIELDS), text=st.one_of(SCALARS, _WORDS))
def test_text_field_mutations_build_or_report(field: tuple[str | int, ...], text: str, work: Path) -> None:
    tree = copy.deepcopy(_DOC.data)
    parent = tree
    for part in field[:-1]:
        parent = parent[part]
    parent[field[-1]] = text
    path = write(work, yaml.dump(tree, Dumper=_Dumper, allow_unicode=True, sort_keys=False))
    out = work / "out"
    for old in out.glob("*"):
        old.unlink()
    checked = assert_clean_outcome(path)
    built = pipeline.build_file(path, out)
    if has_errors(checked.issues):
        assert built.written == ()
        assert not list(out.glob("*.docx"))
    else:
        assert len(built.written) == 2
        assert all(p.stat().st_size > 0 for p in built.written)


def test_source_text_is_never_rendered_as_a_template(tmp_path: Path) -> None:
    import zipfile

    payload = "{{ 7*7 }}{% if true %}真{% endif %}"
    text = EXAMPLE_TEXT.replace("  简称: 政务中心", f"  简称: '{payload}'", 1)
    path = tmp_path / "src.yaml"
    path.write_text(text, encoding="utf-8")
    built = pipeline.build_file(path, tmp_path / "out")
    assert [i.code for i in built.checked.issues if i.is_error] == []
    docx = next(p for p in built.written if p.suffix == ".docx")
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    assert payload in re.sub(r"<[^>]+>", "", xml)


# -- hostile names and file kinds (issue 13) --------------------------------------------------------
#
# The department name becomes part of two file names, and a source folder may hold anything. Each
# example makes a fresh county folder with one drawn source (drawn 全称, drawn file name, drawn
# file kind) beside a good one, builds the folder, and asserts: no exception, no E-INTERNAL, every
# issue well-formed, and no file written anywhere but the output folder, under a safe name.
# Rendering is replaced by two tiny files (the names and the writes are what is under test here),
# so 10,000 examples take minutes: ``BUDGETGEN_FUZZ_HOSTILE=10000 pytest tests/test_fuzz.py -k hostile_names``.

HOSTILE_EXAMPLES = int(os.environ.get("BUDGETGEN_FUZZ_HOSTILE", str(int(300 * SCALE))))
_NAME_PARTS = st.sampled_from(
    [
        "..",
        ".",
        "/",
        "\\",
        "../",
        "/tmp/",
        "C:",
        ":",
        "*",
        "?",
        "<",
        ">",
        "|",
        "CON",
        "NUL",
        "LPT1",
        " ",
        "\t",
        "\n",
        "\r",
        "\x00",
        "\x07",
        "\x1b[31m",
        "\x7f",
        "\x85",
        "\u200b",
        "\u202e",
        "\u2028",
        "\ufeff",
        "😀",
        "政务",
        "中心",
        "a",
        "-",
        "#",
        "'",
        '"',
        "{{ 7*7 }}",
        "政" * 40,
    ]
)
HOSTILE_NAME = st.one_of(
    st.lists(_NAME_PARTS, min_size=1, max_size=6).map("".join),
    st.builds("政务{}中心".format, _NAME_PARTS),  # mostly fine: one odd piece in a real name
    st.sampled_from(["通道县政务服务中心", "政务（新）中心", "政" * 74, "政" * 75, "a" * 222, "a" * 223]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30),
)
FILE_NAMES = st.sampled_from(
    [b"src.yaml", "测试".encode("gbk") + b".yaml", b"-x.yaml", b"a\nb.yaml", b"\x1b[2J.yaml", b"..yaml", b"x .yaml"]
)
FILE_KINDS = st.sampled_from(["regular"] * 6 + ["empty", "dev-zero", "fifo", "folder", "loop", "outside"])


def _yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (control characters escaped)."""
    return json.dumps(text, ensure_ascii=False)


def _place(folder: Path, raw_name: bytes, kind: str, text: str) -> None:
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), raw_name)))
    if kind in ("regular", "empty"):
        path.write_bytes(text.encode("utf-8", "surrogatepass") if kind == "regular" else b"")
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
        (path / "inner.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    elif kind == "loop":
        path.symlink_to(path)
    else:
        path.symlink_to("/etc/hostname")


def _fake_render(budget: Any, settings: Any) -> dict[str, bytes]:
    return dict.fromkeys(pipeline.output_names(budget), b"fuzz")


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX file kinds")
@settings(
    max_examples=max(1, HOSTILE_EXAMPLES),
    deadline=None,
    derandomize=os.environ.get("BUDGETGEN_FUZZ_RANDOM") != "1",
    database=None,
)
@given(name=HOSTILE_NAME, raw_name=FILE_NAMES, kind=FILE_KINDS, manifest_junk=st.booleans())
def test_hostile_names_and_file_kinds_never_escape(
    name: str, raw_name: bytes, kind: str, manifest_junk: bool, work: Path
) -> None:
    import shutil

    from budgetgen.batch import Batch
    from budgetgen.names import unsafe_reason

    root = work / "hostile"
    shutil.rmtree(root, ignore_errors=True)
    folder, out = root / "repo" / "2020", root / "out"
    folder.mkdir(parents=True)
    text = EXAMPLE_TEXT.replace("  全称: 通道县政务服务中心", f"  全称: {_yaml_string(name)}", 1)
    _place(folder, raw_name, kind, text)
    if manifest_junk:
        out.mkdir()
        junk = {"../../victim": [1, 2], "/etc/hostname": [1, 2], "x.docx": {"size": 1}}
        entries = {str(folder.resolve() / "src.yaml"): {"outputs": junk}}
        (out / ".budgetgen-manifest.json").write_text(json.dumps({"format": 2, "entries": entries}), "utf-8")
    (root / "victim").write_text("keep", encoding="utf-8")
    before = {p for p in root.rglob("*") if not p.is_relative_to(out)}
    real_render, real_fsync = pipeline.render, os.fsync
    pipeline.render, os.fsync = _fake_render, lambda _fd: None  # type: ignore[assignment]
    try:
        report = Batch([folder], out_dir=out).run()
    finally:
        pipeline.render, os.fsync = real_render, real_fsync  # type: ignore[assignment]
    for issue in report.issues:
        assert CODE.match(issue.code), issue
        assert issue.code not in NEVER, issue
        assert issue.message and "Traceback" not in issue.message
        json.loads(issues_to_json([issue]))
    after = {p for p in root.rglob("*") if not p.is_relative_to(out)}
    assert after == before, f"written outside the output folder: {after - before}"
    assert (root / "victim").read_text(encoding="utf-8") == "keep"
    for written in out.iterdir() if out.is_dir() else ():
        assert written.name.startswith(".budgetgen-") or unsafe_reason(written.name) is None, written
    event(f"built: {len([o for o in report.outcomes if o.status.value == 'built'])}, kind: {kind}")
