#!/usr/bin/env python3
"""Set-up and the two everyday jobs, with nothing but Python 3.11+ and access to PyPI.

    python3 dev.py run    create .venv from the lock file, extract corpus/ and write out/graph.ttl with a summary
    python3 dev.py test   create .venv from the lock file, run the test suite, a smoke-size benchmark and the
                          seed evaluation

The environment is rebuilt only when requirements.lock or pyproject.toml change.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".kgx-installed"
GOLD = ROOT.parent / "shared" / "gold"


def sh(*args: str | Path) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT)


def ensure_environment() -> None:
    digest = hashlib.sha256((ROOT / "requirements.lock").read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.is_file() and STAMP.read_text() == digest:
        return
    if not (BIN / "python").exists():
        venv.create(VENV, with_pip=True)
    pip = [BIN / "python", "-m", "pip", "--disable-pip-version-check", "-q"]
    sh(*pip, "install", "--require-hashes", "--no-deps", "-r", "requirements.lock")
    sh(*pip, "install", "--no-deps", "-e", ".")
    STAMP.write_text(digest)


def run() -> None:
    out = ROOT / "out"
    sh(BIN / "kgx", "extract", "corpus", "--store", out / "store")
    sh(BIN / "kgx", "export", "--format", "ttl", "-o", out / "graph.ttl", "--store", out / "store")
    sh(BIN / "kgx", "stats", "--store", out / "store")


def test() -> None:
    code = subprocess.run([BIN / "python", "-m", "pytest", *sys.argv[2:]], cwd=ROOT).returncode
    print("\n== smoke-size benchmark (the full run: .venv/bin/python benchmarks/run.py)", flush=True)
    smoke = subprocess.run([BIN / "python", "benchmarks/run.py", "--smoke"], cwd=ROOT).returncode
    if GOLD.is_dir():
        print("\n== quality on the seed articles (kgx evaluate against ../shared/gold)", flush=True)
        store = ROOT / "out" / "eval-store"
        sh(BIN / "kgx", "extract", "corpus", "--store", store, "--quiet")
        sh(BIN / "kgx", "evaluate", GOLD / "events.jsonl", "--store", store)
        sh(BIN / "kgx", "evaluate", GOLD / "events.jsonl", "--store", store, "--types", "all")
    sys.exit(code or smoke)


if __name__ == "__main__":
    jobs = {"run": run, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in jobs:
        sys.exit(__doc__)
    ensure_environment()
    jobs[sys.argv[1]]()
