"""A wheel carries the code and the knowledge: built from a copy of the checkout and installed in a fresh virtual
environment (its dependencies taken from this one), `kgx extract` finds `ontology/` inside the package."""

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = [pytest.mark.model, pytest.mark.packaging]
BIN = "Scripts" if os.name == "nt" else "bin"


def run(*args, **kwargs) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True, **kwargs).stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Built from a copy, so that the checkout gets no build/ folder whose leftovers a later wheel would ship."""
    source = tmp_path_factory.mktemp("source")
    for name in ("kgx", "ontology"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index", "-w", dist,
        source)
    return next(dist.glob("kgx-*.whl"))


def test_the_wheel_holds_every_module_and_every_knowledge_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "kgx").rglob("*.py")}
    knowledge = {f"kgx/{p.relative_to(ROOT).as_posix()}" for p in (ROOT / "ontology").rglob("[!.]*") if p.is_file()}
    assert modules - names == set() and knowledge - names == set()
    assert "kgx/ontology/gazetteer/states.csv" in names and "kgx/queries/events.rq" in names


def test_kgx_installed_from_the_wheel_extracts_a_sentence(wheel, tmp_path):
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / BIN / "python"
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())
    # A .pth line naming a folder adds the folder only: the .pth files in it (the editable kgx's finder) do not run.
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-index", wheel)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "KGX_ONTOLOGY", "KGX_STORE")}
    found = run(python, "-c", "from kgx import knowledge; print(knowledge.ONTOLOGY_DIR)", cwd=tmp_path, env=env)
    assert Path(found.strip()).is_relative_to(site / "kgx")
    (tmp_path / "one.txt").write_text("Chile expelled two Peruvian diplomats on Monday.", encoding="utf-8")
    kgx = venv / BIN / "kgx"
    assert "1 documents extracted" in run(kgx, "extract", "one.txt", "--store", "s", "--quiet", cwd=tmp_path, env=env)
    assert ",Expulsion,CHL,PER," in run(kgx, "query", "events", "--format", "csv", "--store", "s", cwd=tmp_path, env=env)
