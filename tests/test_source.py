"""Reading a source: exact numbers, locations, and hostile YAML refused as located issues."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from issue_helpers import EXAMPLE_TEXT, cli_env

from budgetgen import source
from budgetgen.issues import Issue


def load(text: str) -> tuple[source.SourceDoc | None, list[tuple[str, int]]]:
    doc, issues = source.load_text(text, "t.yaml")
    return doc, [(i.code, i.loc.line) for i in issues]


def pairs(issues: list[Issue]) -> list[tuple[str, int]]:
    return [(i.code, i.loc.line) for i in issues]


def test_numbers_are_exact_and_codes_keep_their_text() -> None:
    doc, found = load("a: 0.1\nb: 12\nc: 0123\nd: '0.10'\n")
    assert found == []
    assert doc is not None
    assert doc.data == {"a": Decimal("0.1"), "b": 12, "c": 123, "d": "0.10"}
    assert doc.text(("c",)) == "0123"


def test_every_value_and_key_has_a_location() -> None:
    doc, _ = load("x:\n  y: [1, 2]\n  z: {w: 3}\n")
    assert doc is not None
    assert doc.loc(("x", "y", 1)).line == 2
    assert doc.key_loc(("x", "z")).line == 3
    assert (doc.loc(("x", "z", "w")).line, doc.loc(("x", "z", "w")).column) == (3, 10)
    assert doc.loc(("x", "missing", 5)).line == 2  # nearest ancestor


def test_duplicate_key_is_reported_at_the_second_occurrence() -> None:
    doc, found = load("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
    assert found == [("E-YAML-DUPLICATE-KEY", 4), ("E-YAML-DUPLICATE-KEY", 5)]
    assert doc is not None
    assert doc.data["a"] == 1  # the first one is kept


def test_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"a: 1\nb: !!python/object/apply:os.system ['touch {marker}']\nc: !!python/name:os.system\n"
    doc, found = load(text)
    assert found == [("E-YAML-TAG", 2), ("E-YAML-TAG", 3)]
    assert not marker.exists()
    assert doc is not None
    assert doc.rejected == {("b",), ("c",)}


def test_other_tags_and_merge_keys_are_refused() -> None:
    assert load("a: !!binary aGk=\nb: !!set {x}\n")[1] == [("E-YAML-TAG", 1), ("E-YAML-TAG", 2)]
    assert load("x: &x {a: 1}\ny:\n  <<: *x\n")[1] == [("E-YAML-KEY", 3)]


def test_exponential_aliases_are_refused() -> None:
    bomb = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefg", "bcdefgh", strict=True)
    )
    doc, found = load(bomb)
    assert doc is None
    assert [c for c, _ in found] == ["E-YAML-ALIAS"]


def test_nesting_beyond_the_limit_points_at_its_line() -> None:
    just_over = "a: 1\nb: " + "[" * (source.MAX_DEPTH + 1) + "]" * (source.MAX_DEPTH + 1) + "\n"
    assert load(just_over)[1] == [("E-YAML-DEPTH", 2)]
    runaway = "a: 1\nb: 2\nc: " + "[" * 5000 + "]" * 5000 + "\n"
    assert load(runaway)[1] == [("E-YAML-DEPTH", 3)]
    block = "a: 1\nb:\n  " + "- " * 5000 + "x\n"
    assert load(block)[1] == [("E-YAML-DEPTH", 3)]


def test_very_deep_block_nesting_does_not_crash_the_interpreter() -> None:
    # libyaml recursed on the C stack here and killed the process: run it in a child.
    code = (
        "from budgetgen import source\n"
        "doc, issues = source.load_text('a:\\n' + '- ' * 100000 + 'x\\n', 't')\n"
        "print([(i.code, i.loc.line) for i in issues])\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env(), check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[('E-YAML-DEPTH', 2)]"


def test_ordinary_sources_use_the_fast_parser() -> None:
    assert source.nesting_bound(EXAMPLE_TEXT) < source._C_NESTING_LIMIT
    assert source.runaway_nesting(EXAMPLE_TEXT, "x", source.MAX_DEPTH) is None


def test_numbers_with_too_many_digits_are_refused_not_crashed() -> None:
    assert load("a: " + "9" * 5000 + "\nb: 1." + "5" * 40 + "\n")[1] == [("E-YAML-NUMBER", 1), ("E-YAML-NUMBER", 2)]
    assert load("a: " + "9" * source.MAX_DIGITS + "\n")[1] == []


def test_special_floats_stay_text_for_the_schema() -> None:
    doc, found = load("a: .nan\nb: .inf\nc: 1e400\nd: -0\ne: 1.0e+400\n")
    assert found == []
    assert doc is not None
    assert doc.data == {"a": ".nan", "b": ".inf", "c": "1e400", "d": 0, "e": "1.0e+400"}


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: 1\n\tb: 2\n", 2),
        ("a: 1\nb: [1, 2\nc: 3\n", 2),
        ("a: 1\nb: 'unclosed\nc: 3\n", 2),
        ("a: 1\nb: 1\n  c: 2\n", 3),
        ("a: 1\n---\nb: 2\n", 2),
        ("a: 1\nb: 测试\x07局\n", 2),
        ("a: 1\nb: @x\n", 2),
    ],
)
def test_syntax_errors_point_at_their_line(text: str, line: int) -> None:
    assert load(text)[1] == [("E-YAML-SYNTAX", line)]


@pytest.mark.parametrize("text", ["", "\n\n", "# 只有注释\n", "---\n"])
def test_empty_sources(text: str) -> None:
    assert load(text)[1] == [("E-EMPTY", 1)]


def test_non_utf8_bytes_are_located(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("a: 1\nb: 测试\n".encode("gbk"))
    doc, issues = source.load_file(path)
    assert doc is None
    assert pairs(issues) == [("E-ENCODING", 2)]


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    doc, issues = source.load_file(path)
    assert issues == []
    assert doc is not None
    assert doc.data == {"a": 1}


def test_oversized_file_is_refused_without_being_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as fh:
        fh.truncate(source.MAX_BYTES + 1)

    def never(_self: Path) -> bytes:
        raise AssertionError("the file must not be read")

    monkeypatch.setattr(Path, "read_bytes", never)
    doc, issues = source.load_file(path)
    assert doc is None
    assert pairs(issues) == [("E-FILE-TOO-LARGE", 1)]


def test_a_file_at_the_cap_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "cap.yaml"
    path.write_bytes(b"a: 1\n" + b"#" * (source.MAX_BYTES - 6) + b"\n")
    assert path.stat().st_size == source.MAX_BYTES
    doc, issues = source.load_file(path)
    assert issues == []
    assert doc is not None


def test_missing_file(tmp_path: Path) -> None:
    doc, issues = source.load_file(tmp_path / "nope.yaml")
    assert doc is None
    assert [i.code for i in issues] == ["E-FILE-READ"]


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=80),
        st.from_regex(r"[-+]?[0-9_.,:]{0,12}(e[-+]?[0-9]{1,3})?", fullmatch=True),
        st.sampled_from(["", "~", "null", "Yes", "off", ".inf", "-.NaN", "0x1F", "0o17", "1:20", "2020-01-01", "="]),
    ),
    plain=st.booleans(),
)
def test_cached_resolver_tags_scalars_as_pyyaml_does(text: str, plain: bool) -> None:
    """The remembered implicit tag equals PyYAML's own, for short and long scalars, plain or quoted."""
    loader = source._CachedCLoader("")
    try:
        for kind, implicit in ((yaml.ScalarNode, (plain, not plain)), (yaml.MappingNode, plain)):
            value = text if kind is yaml.ScalarNode else None
            assert loader.resolve(kind, value, implicit) == yaml.resolver.Resolver().resolve(kind, value, implicit)
    finally:
        loader.dispose()


def test_the_example_composes_to_the_same_tags_with_the_cached_resolver() -> None:
    def tags(node: yaml.Node) -> list[str]:
        out = [node.tag]
        if isinstance(node.value, list):
            for child in node.value:
                for part in child if isinstance(child, tuple) else (child,):
                    out += tags(part)
        return out

    node, fast = source._compose(EXAMPLE_TEXT)
    assert fast and node is not None
    assert tags(node) == tags(yaml.compose(EXAMPLE_TEXT, Loader=yaml.SafeLoader))
