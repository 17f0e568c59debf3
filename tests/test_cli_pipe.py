"""A reader that stops early (``budgetgen check … | head``) must not cause a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from issue_helpers import cli_env

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "tongdao-zwfwzx-2020.yaml"


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    # 3,000 unknown keys: far more output than a pipe buffers, so the writer is still writing when we close.
    text = EXAMPLE.read_text(encoding="utf-8") + "".join(f"未知键{i}: 1\n" for i in range(3000))
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "budgetgen", "check", str(bad)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(),
        cwd=tmp_path,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # like `head -1`
    err = proc.stderr.read().decode("utf-8")
    proc.stderr.close()
    proc.wait(timeout=60)
    assert "E-SCHEMA-UNKNOWN-KEY" in first.decode("utf-8")
    assert "Traceback" not in err and "BrokenPipeError" not in err
