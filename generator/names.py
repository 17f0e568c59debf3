"""Which file names budgetgen may create: one plain name that every common file system accepts.

A department's 全称 becomes part of its output file names, and the 全称 is
written by the department, so it is untrusted: it must never choose a folder
(``../``, ``/``, ``C:``), hide a file (a leading ``.``), disguise one (control,
bidi and zero-width characters) or produce a name that Windows, macOS or Linux
refuses. This module imports nothing else of budgetgen.
"""

from __future__ import annotations

import unicodedata

#: ext4, XFS, APFS and Btrfs allow 255 bytes per name (NTFS and FAT 255 UTF-16 units, never fewer).
MAX_NAME_BYTES = 255
_WINDOWS_FORBIDDEN = set('<>:"|?*')
_SEPARATORS = set("/\\")
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
#: Unicode categories never allowed in a name: controls, formats (bidi marks, zero-width), separators, surrogates.
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def bad_character(text: str) -> str | None:
    """The first character of ``text`` that no output file name may contain, shown readably."""
    for ch in text:
        if ch in _SEPARATORS:
            return f"路径分隔符“{ch}”"
        if ch in _WINDOWS_FORBIDDEN:
            return f"Windows 不允许的字符“{ch}”"
        if unicodedata.category(ch) in _INVISIBLE or (ch.isspace() and ch != " "):
            return f"不可见的控制字符 U+{ord(ch):04X}"
    return None


def unsafe_reason(name: str) -> str | None:
    """Why ``name`` cannot be an output file name, in Chinese; None when it is safe."""
    found = bad_character(name)
    size = len(name.encode("utf-8", errors="surrogatepass"))
    stem = name.split(".", 1)[0]
    too_long = f"长 {size} 字节，超过文件系统允许的 {MAX_NAME_BYTES} 字节（约 {MAX_NAME_BYTES // 3} 个汉字）"
    reasons = (
        (not name.strip(), "文件名为空"),
        (found is not None, f"含有{found}"),
        (name.startswith("."), "以“.”开头（会成为隐藏文件）"),
        (name != name.rstrip(" ."), "以空格或“.”结尾（Windows 不允许）"),
        (stem.strip().upper() in _RESERVED, f"“{stem}”是 Windows 的保留名称"),
        (size > MAX_NAME_BYTES, too_long),
    )
    return next((why for bad, why in reasons if bad), None)
