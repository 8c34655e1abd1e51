"""Servers the tests and the benchmark start on this machine, as a user starts them from the shell, on free ports:
a Dask cluster (`dask scheduler`, and `dask worker --nworkers 1 --nthreads 1` processes, each under its nanny,
which starts a new worker when one dies, with the settings of `deploy/dask` that the README gives kgx's workers;
no dashboards), and Virtuoso (a fresh database folder with a generated
virtuoso.ini, `virtuoso-t +foreground`). Each is stopped at the end; its folders are left to the caller."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kgx.graph.virtuoso import Virtuoso

BIN = Path(sys.executable).parent
WORKER_CONFIG = Path(__file__).resolve().parent.parent / "deploy" / "dask"
START_SECONDS = 120.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def local_cluster(workers: int, logs: Path) -> Iterator[tuple[str, object]]:
    """Yields the scheduler's address and a `distributed.Client` connected to it, once `workers` have joined."""
    import distributed

    address = f"tcp://127.0.0.1:{free_port()}"
    logs.mkdir(parents=True, exist_ok=True)
    started = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port",
                                 address.rsplit(":", 1)[1], "--no-dashboard"],
                                stdout=subprocess.DEVNULL, stderr=(logs / "scheduler.log").open("w"))]
    client = None
    try:
        for i in range(workers):
            started.append(subprocess.Popen([str(BIN / "dask"), "worker", address, "--nworkers", "1", "--nthreads", "1",
                                             "--host", "127.0.0.1", "--no-dashboard"],
                                            env={**os.environ, "DASK_CONFIG": str(WORKER_CONFIG)},
                                            stdout=subprocess.DEVNULL, stderr=(logs / f"worker{i}.log").open("w")))
        client = distributed.Client(address, timeout=60, set_as_default=False)
        client.wait_for_workers(workers, timeout=START_SECONDS)
        yield address, client
    finally:
        if client is not None:
            client.close()
        for process in reversed(started):
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


VIRTUOSO = "virtuoso-t"
# Buffers of 8 KiB: 100 000 of them (about 0.8 GiB) hold a few million triples; ResultSetMaxRows above any
# named query's rows (Virtuoso cuts a result at that many rows without an error); no time limit on queries.
INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = {sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {load}
NumberOfBuffers = 100000
MaxDirtyBuffers = 75000
CheckpointInterval = 0
[HTTPServer]
ServerPort = {http_port}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
"""


@contextmanager
def local_virtuoso(folder: Path) -> Iterator[tuple[Virtuoso, Path]]:
    """A server on free ports with its database in `folder`/db; yields where it listens and the folder its bulk
    loader may read (`folder`/load)."""
    db, load = folder / "db", folder / "load"
    db.mkdir(parents=True)
    load.mkdir()
    sql_port, http_port = free_port(), free_port()
    (db / "virtuoso.ini").write_text(INI.format(db=db, load=load, sql_port=sql_port, http_port=http_port))
    server = Virtuoso(sql=f"127.0.0.1:{sql_port}", sparql=f"http://127.0.0.1:{http_port}/sparql")
    process = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(db / "virtuoso.ini")], cwd=db,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(server, process)
        yield server, load
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(server: Virtuoso, process: subprocess.Popen) -> None:
    """Until the SPARQL endpoint answers (the HTTP server starts after the database is ready)."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with {process.returncode} at start")
        try:
            with urllib.request.urlopen(server.sparql + "?query=ASK%7B%7D", timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"Virtuoso did not answer at {server.sparql} within {START_SECONDS:.0f} s")


def virtuoso_available() -> bool:
    return shutil.which(VIRTUOSO) is not None
