"""One registry of issue codes (generator/codes.py): every code used is registered, documented and typed once."""

from __future__ import annotations

import re
from pathlib import Path

from budgetgen.checks import CHECKS
from budgetgen.codes import REGISTRY
from budgetgen.issues import Severity

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "generator"
CODE = re.compile(r"\b[EW]-[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*\b")
LITERAL = re.compile(r"""(["'])([EW]-[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)\1""")

#: Codes tests make up to exercise the machinery (E-TEST, E-X), and code prefixes they match with startswith (E-YAML).
TEST_ONLY = {"E-TEST", "E-X", "E-YAML"}


def _python(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.py"))}


def test_every_code_mentioned_in_the_code_is_registered() -> None:
    found = {(name, c) for name, text in _python(GENERATOR).items() for c in CODE.findall(text)}
    assert sorted((name, c) for name, c in found if c not in REGISTRY) == []


def test_every_code_a_test_names_is_registered() -> None:
    found = {(name, c) for name, text in _python(ROOT / "tests").items() for c in CODE.findall(text)}
    assert sorted((name, c) for name, c in found if c not in REGISTRY and c not in TEST_ONLY) == []


def test_code_strings_live_only_in_the_registry() -> None:
    spelled = {
        name: sorted({m[2] for m in LITERAL.finditer(text)})
        for name, text in _python(GENERATOR).items()
        if name != "codes.py"
    }
    assert {name: codes for name, codes in spelled.items() if codes} == {}


def test_every_registered_code_is_used() -> None:
    others = "".join(t for name, t in _python(GENERATOR).items() if name != "codes.py")
    unused = [c for c in REGISTRY if f'"{c}"' not in others and not re.search(rf"\b{c.replace('-', '_')}\b", others)]
    assert unused == []


def test_docs_explain_exactly_the_registered_codes() -> None:
    doc = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([EW]-[A-Z0-9-]+)`", doc))
    assert sorted(set(REGISTRY) - documented) == []
    assert sorted(documented - set(REGISTRY)) == []


def test_rules_take_their_titles_from_the_registry() -> None:
    assert [(r.code, r.title) for r in CHECKS] == [(r.code, REGISTRY[r.code].title) for r in CHECKS]
    assert all(r.severity is REGISTRY[r.code].severity for r in CHECKS)


def test_severity_follows_the_prefix() -> None:
    """``error(W_…)`` or ``warning(E_…)`` would print a code whose prefix lies about its severity."""
    calls = re.compile(r"\b(error|warning)\(\s*[\"']?([EW])[-_]")
    wrong = [
        (name, fn, prefix)
        for name, text in _python(GENERATOR).items()
        for fn, prefix in calls.findall(text)
        if (fn == "error") != (prefix == "E")
    ]
    assert wrong == []
    assert all(info.severity is (Severity.ERROR if c[0] == "E" else Severity.WARNING) for c, info in REGISTRY.items())
