"""Runs the lit suite (tests/lit: FileCheck tests over mlax-opt) as part of pytest, so one
command runs every test. `lit -v tests/lit` runs it alone."""
import subprocess
import sys
from pathlib import Path

LIT_DIR = Path(__file__).parent / "lit"


def test_lit_suite():
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; from lit.main import main; sys.argv[0] = 'lit'; main()",
         "-sv", str(LIT_DIR)],
        capture_output=True, text=True)
    summary = "\n".join(proc.stdout.splitlines()[-15:])
    assert proc.returncode == 0, f"lit failed:\n{proc.stdout[-20000:]}\n{proc.stderr[-5000:]}"
    assert "Passed" in proc.stdout, summary
