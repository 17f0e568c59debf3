"""A build killed midway leaves the earlier outputs intact.

The folder first holds a good build of the example. A second build of a
changed (still valid) source is then killed with SIGKILL:

* at a fixed point: after the first new file is fully written to its temp
  file but before anything is renamed (a hook in the child pauses there);
* at many moments spread over a normal build's duration.
* between renaming the first and the second publication (issue 13): the torn
  pair is noted in the journal, and the next build, without ``--force``,
  rebuilds it.

Afterwards every publication is byte-for-byte either the earlier one or the
complete new one, never a truncated mix; with the fixed kill point, all of them
are exactly the earlier ones.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from issue_helpers import EXAMPLE_TEXT, cli_env, run_cli

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX process groups"),
]

CHANGED = (
    EXAMPLE_TEXT.replace("  简称: 政务中心", "  简称: 政务服务中心", 1)
    .replace("30101: 307056", "30101: 307057", 1)
    .replace("经费拨款: 2602664", "经费拨款: 2602665", 1)
)

# The child pauses right after the first staged temp file is flushed to disk.
PAUSE_AFTER_FIRST_FSYNC = """
import os, sys, time
real_fsync = os.fsync
def paused_fsync(fd):
    real_fsync(fd)
    print("STAGED", flush=True)
    time.sleep(120)
os.fsync = paused_fsync
from budgetgen import cli
sys.exit(cli.main(sys.argv[1:]))
"""


def publications(folder: Path) -> dict[str, bytes]:
    """The .docx/.xlsx files of ``folder`` by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in (".docx", ".xlsx")}


def digest(files: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}


def build(src: Path, out: Path) -> None:
    run = run_cli("build", "--force", str(src), "-o", str(out))
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes], dict[str, bytes]]:
    """``(source, out, old, new)``: out holds the old build; source now holds the changed text."""
    src, out, ref = tmp_path / "zwfwzx.yaml", tmp_path / "out", tmp_path / "ref"
    src.write_text(CHANGED, encoding="utf-8")
    build(src, ref)
    src.write_text(EXAMPLE_TEXT, encoding="utf-8")
    build(src, out)
    old, new = publications(out), publications(ref)
    assert set(old) == set(new) and len(old) == 2
    assert all(old[n] != new[n] for n in old), "the changed source must change both publications"
    src.write_text(CHANGED, encoding="utf-8")
    return src, out, old, new


def _start(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli_env(), start_new_session=True
    )


def _kill(proc: subprocess.Popen[str]) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)


def test_kill_after_staging_leaves_earlier_outputs(
    folders: tuple[Path, Path, dict[str, bytes], dict[str, bytes]],
) -> None:
    src, out, old, _new = folders
    proc = _start([sys.executable, "-c", PAUSE_AFTER_FIRST_FSYNC, "build", "--force", str(src), "-o", str(out)])
    assert proc.stdout is not None
    line = proc.stdout.readline()  # blocks until the child has staged its first file
    assert line.strip() == "STAGED", line + (proc.stderr.read() if proc.stderr else "")
    assert [p.name for p in out.glob(".budgetgen-*.tmp")], "a temp file should be staged"
    _kill(proc)
    assert proc.returncode == -signal.SIGKILL
    assert digest(publications(out)) == digest(old)


def test_kill_at_any_moment_never_leaves_a_partial_file(
    folders: tuple[Path, Path, dict[str, bytes], dict[str, bytes]],
) -> None:
    src, out, old, new = folders
    started = time.monotonic()
    build(src, out.parent / "timing")
    duration = time.monotonic() - started
    allowed = {name: {hashlib.sha256(old[name]).hexdigest(), hashlib.sha256(new[name]).hexdigest()} for name in old}
    for step in range(10):
        proc = _start([sys.executable, "-m", "budgetgen", "build", "--force", str(src), "-o", str(out)])
        time.sleep(duration * step / 10)
        _kill(proc)
        now = digest(publications(out))
        assert set(now) == set(old)
        assert all(now[name] in allowed[name] for name in now), f"partial file after kill at step {step}"


# The child is killed with SIGKILL between renaming its first and its second publication.
PAUSE_AFTER_FIRST_RENAME = """
import os, sys, time
real_replace = os.replace
def paused_replace(a, b, **kw):
    real_replace(a, b, **kw)
    if str(b).endswith((".docx", ".xlsx")):
        print("RENAMED", flush=True)
        time.sleep(120)
os.replace = paused_replace
from budgetgen import cli
sys.exit(cli.main(sys.argv[1:]))
"""


def test_kill_between_the_two_renames_is_noticed_and_the_pair_rebuilt(
    folders: tuple[Path, Path, dict[str, bytes], dict[str, bytes]],
) -> None:
    src, out, old, new = folders
    proc = _start([sys.executable, "-c", PAUSE_AFTER_FIRST_RENAME, "build", str(src), "-o", str(out)])
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "RENAMED", line + (proc.stderr.read() if proc.stderr else "")
    _kill(proc)
    mixed = digest(publications(out))
    assert mixed != digest(old) and mixed != digest(new), "one new and one old file: the pair is torn"
    assert (out / ".budgetgen-journal").is_file()
    run = run_cli("build", str(src), "-o", str(out))  # no --force: the journal says the pair is torn
    assert run.returncode == 0, run.stdout + run.stderr
    assert digest(publications(out)) == digest(new)
    assert not (out / ".budgetgen-journal").exists()
