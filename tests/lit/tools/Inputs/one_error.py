"""Runs a command and succeeds if it failed as a tool must fail on a user's mistake: exit
code 1 and one line on stderr saying `error:` (no internal error, no traceback), which is
passed on for FileCheck."""
import subprocess
import sys

proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stderr.write(proc.stderr)
lines = proc.stderr.splitlines()
sys.exit(0 if proc.returncode == 1 and len(lines) == 1 and " error: " in f" {lines[0]}"
         and "internal error" not in lines[0] else 1)
