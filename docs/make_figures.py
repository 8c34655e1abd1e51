#!/usr/bin/env python3
"""Draw the README's pictures from the sample corpus with kgx's Python API: docs/timeline.png, docs/network.png.

    .venv/bin/python docs/make_figures.py
"""

import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import kgx  # noqa: E402
from kgx import plots  # noqa: E402

HERE = Path(__file__).resolve().parent


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        kg = kgx.extract([HERE.parent / "corpus"], store=Path(tmp) / "store")
        ax = plots.timeline(kg, since="2022")
        ax.figure.savefig(HERE / "timeline.png", bbox_inches="tight", dpi=100)
        ax = plots.network(kg)
        ax.figure.savefig(HERE / "network.png", bbox_inches="tight", dpi=100)
    print("wrote docs/timeline.png and docs/network.png")


if __name__ == "__main__":
    main()
