"""Locate the shipped templates and schemas, from a wheel or from a checkout."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path


@cache
def package_root() -> Path:
    """The folder that holds ``templates/`` and ``schemas/``.

    In an installed wheel they are subpackages of ``budgetgen``; in a source
    checkout (``generator/`` imported as ``budgetgen``) they sit beside it.
    """
    root = Path(str(resources.files("budgetgen"))).resolve()
    if (root / "schemas").is_dir():
        return root
    return root.parent


def schemas_dir() -> Path:
    """The shipped ``schemas/`` folder."""
    return package_root() / "schemas"


def templates_dir() -> Path:
    """The shipped ``templates/`` folder."""
    return package_root() / "templates"


def shipped_profiles() -> tuple[str, ...]:
    """Names of the profiles shipped in ``templates/`` (folders with a narrative template)."""
    return tuple(sorted(p.name for p in templates_dir().iterdir() if (p / "narrative.txt.j2").is_file()))
