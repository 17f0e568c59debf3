"""Open stand-ins for the 公文 fonts, used only while LibreOffice renders a PDF.

The .docx keeps the official names (仿宋_GB2312, 楷体_GB2312, 黑体, 方正小标宋简体);
those fonts are licensed (方正, 中易) and absent on most machines. For each we
list open fonts of the same style, best first, chosen by looking at rendered
pages (see docs/publish.md): the Fandol 仿宋 and 楷体 are the only open faces
of those styles close to the GB2312 ones; Noto's 黑体 and semi-bold 宋 are
closer to 黑体 and 小标宋 than Fandol's. The first installed candidate wins, and
every PDF build says which one stood in.

Names are the family names LibreOffice sees: FandolFang's English name is
"FandolFang R".
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

#: Official font → open candidates, best first: (family name as LibreOffice sees it, package).
STAND_INS: dict[str, tuple[tuple[str, str], ...]] = {
    "仿宋_GB2312": (("FandolFang R", "fandol"), ("Noto Serif CJK SC Light", "fonts-noto-cjk-extra")),
    "楷体_GB2312": (
        ("FandolKai", "fandol"),
        ("AR PL KaitiM GB", "fonts-arphic-gkai00mp"),
        ("LXGW WenKai", "fonts-lxgw-wenkai"),
    ),
    "黑体": (("Noto Sans CJK SC", "fonts-noto-cjk"), ("FandolHei", "fandol")),
    "方正小标宋简体": (
        ("Noto Serif CJK SC SemiBold", "fonts-noto-cjk-extra"),
        ("Noto Serif CJK SC Black", "fonts-noto-cjk-extra"),
        ("FandolSong", "fandol"),
    ),
    "宋体": (("Noto Serif CJK SC", "fonts-noto-cjk"), ("FandolSong", "fandol")),
}

#: Where TeX Live keeps the Fandol fonts; fontconfig does not look there unless told.
FANDOL_DIRS = (
    Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"),
    Path("/usr/share/texmf/fonts/opentype/public/fandol"),
    Path("/usr/local/share/fonts/fandol"),
)


def shown(family: str) -> str:
    """The name users know a font by ("FandolFang R" is FandolFang's name for LibreOffice)."""
    return family.removesuffix(" R")


@dataclass(frozen=True)
class FontChoice:
    """Which open font stands in for one official font (``None``: none of the candidates is installed)."""

    official: str
    stand_in: str | None
    first_choice: str
    #: The official font itself is installed here: LibreOffice uses it and nothing is replaced.
    installed: bool = False
    #: The installed fonts could not be listed; the first choice is asked for regardless.
    unknown: bool = False

    @property
    def line(self) -> str:
        """``仿宋_GB2312 → FandolFang（开源替代字体）``, or what is missing."""
        if self.installed:
            return f"{self.official} → {self.official}（本机已安装该字体，未替换）"
        if self.stand_in is None:
            return f"{self.official} → 未找到替代字体（建议安装 {shown(self.first_choice)}），由 LibreOffice 自行选择"
        note = "开源替代字体"
        if self.unknown:
            note += "；无法列出本机字体，未确认是否已安装"
        elif self.stand_in != self.first_choice:
            note += f"；首选 {shown(self.first_choice)} 未安装"
        return f"{self.official} → {shown(self.stand_in)}（{note}）"


def fontconfig_file(folder: Path) -> Path:
    """A fontconfig file: the system's configuration plus the Fandol folders, cached in ``folder``."""
    dirs = "".join(f"  <dir>{d}</dir>\n" for d in FANDOL_DIRS if d.is_dir())
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"{dirs}  <cachedir>{folder / 'fc-cache'}</cachedir>\n</fontconfig>\n"
    )
    path = folder / "fonts.conf"
    path.write_text(text, encoding="utf-8")
    return path


def installed_families(env: dict[str, str]) -> set[str] | None:
    """Every font family name fontconfig knows (all localized names); None without ``fc-list`` (Windows)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run(
            [fc_list, "--format", "%{family}\n"], env=env, capture_output=True, text=True, timeout=60, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return {name.strip() for line in out.splitlines() for name in line.split(",") if name.strip()}


def choose(families: set[str] | None) -> tuple[FontChoice, ...]:
    """The first installed candidate for every official font that is not installed itself.

    ``None`` (the installed fonts cannot be listed): map every font to its first
    choice and let LibreOffice fall back where that one is missing.
    """
    out = []
    for official, candidates in STAND_INS.items():
        first = candidates[0][0]
        if families is None:
            out.append(FontChoice(official, first, first, unknown=True))
        elif official in families:
            out.append(FontChoice(official, None, first, installed=True))
        else:
            found = next((name for name, _ in candidates if name in families), None)
            out.append(FontChoice(official, found, first))
    return tuple(out)


def environment(folder: Path) -> dict[str, str]:
    """The environment LibreOffice and fc-list run in: our fontconfig file, UTC (PDF dates), no proxy lookups."""
    env = dict(os.environ)
    env.update({"FONTCONFIG_FILE": str(fontconfig_file(folder)), "TZ": "UTC", "SAL_USE_VCLPLUGIN": "svp"})
    return env
