#!/usr/bin/env python3
"""Rewrite the output of every `$ mlsal ...` example in README.md from the real binary.

usage: cargo build && python3 scripts/update-readme.py [path/to/mlsal]

tests/readme.rs checks the same blocks (stdout, then stderr), so after changing output, run this,
read the diff, and commit it with the change.
"""
import os
import re
import shlex
import subprocess
import sys

BIN = sys.argv[1] if len(sys.argv) > 1 else "target/debug/mlsal"
ENV = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "MLSAL_DATA")}
ENV.update(HOME="/nonexistent-mlsal-home", XDG_CONFIG_HOME="/nonexistent-mlsal-home")


def rewrite(block: str) -> str:
    out, lines, i = [], block.split("\n"), 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if line.startswith("$ mlsal "):
            while i < len(lines) and not lines[i].startswith("$ "):
                i += 1  # drop the old output
            r = subprocess.run([BIN] + shlex.split(line[len("$ mlsal "):]), capture_output=True, text=True, env=ENV)
            out.extend((r.stdout + r.stderr).rstrip("\n").split("\n"))
    return "\n".join(out)


text = open("README.md").read()
text = re.sub(r"(?<=```console\n)(.*?)(?=\n```)", lambda m: rewrite(m.group(1)), text, flags=re.S)
open("README.md", "w").write(text)
