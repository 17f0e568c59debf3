"""Make LibreOffice's PDFs reproducible: replace what it takes from the clock.

LibreOffice 7 writes the export time into ``/CreationDate`` and the XMP
``xmp:CreateDate``, and derives the trailer ``/ID`` and ``/DocChecksum`` from
it. Everything else is a function of the input (checked by a test that
converts twice). Each replacement has the same length as what it replaces, so
the cross-reference offsets stay valid and the file needs no rewriting.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

_PDF_DATE = re.compile(rb"/(CreationDate|ModDate)\(D:(\d{14})")
_XMP_DATE = re.compile(rb"<xmp:(CreateDate|ModifyDate|MetadataDate)>(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]{32})")


def normalize(data: bytes, when: date) -> bytes:
    """``data`` with every clock-derived field set from ``when`` (midnight UTC)."""
    pdf_stamp = when.strftime("%Y%m%d000000").encode()
    xmp_stamp = when.strftime("%Y-%m-%dT00:00:00").encode()
    data = _PDF_DATE.sub(lambda m: b"/" + m[1] + b"(D:" + pdf_stamp, data)
    data = _XMP_DATE.sub(lambda m: b"<xmp:" + m[1] + b">" + xmp_stamp, data)
    blank = _CHECKSUM.sub(lambda m: b"/DocChecksum /" + b"0" * 32, _ID.sub(_zero_id, data))
    digest = hashlib.md5(blank, usedforsecurity=False).hexdigest().upper().encode()
    data = _ID.sub(lambda m: m[0].replace(m[1], digest).replace(m[2], digest), data)
    return _CHECKSUM.sub(lambda m: m[0].replace(m[1], digest), data)


def _zero_id(m: re.Match[bytes]) -> bytes:
    return m[0].replace(m[1], b"0" * 32).replace(m[2], b"0" * 32)
