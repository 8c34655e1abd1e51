"""The exploration notebook is stored without outputs, and runs top to bottom, offline, in JupyterLab started as
`python3 dev.py notebook` starts it: headless on a free port with a token, the notebook's kernel started through
the server's REST API (a session, as Lab opens a notebook) and its cells executed over the kernel's websocket."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import secrets
import socket
import subprocess
import time
import uuid
from pathlib import Path

import httpx
import nbformat
import pytest
import websocket

from conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
STARTUP = 90  # seconds for the server to answer; JupyterLab takes a few on two busy cores


def _dev():
    """dev.py as a module: the tests start JupyterLab with its command, without its set-up step (pip)."""
    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Kernel:
    """A kernel of the server, driven over its websocket with the Jupyter messaging protocol."""

    def __init__(self, url: str) -> None:
        self.socket = websocket.create_connection(url, timeout=600)
        self.session = uuid.uuid4().hex

    def run(self, code: str) -> list[nbformat.NotebookNode]:
        """Execute `code` and return its outputs as a notebook cell stores them."""
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": "execute_request", "session": self.session, "username": "kgx-test",
                  "version": "5.3", "date": dt.datetime.now(dt.timezone.utc).isoformat()}
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False,
                   "stop_on_error": True}
        self.socket.send(json.dumps({"header": header, "parent_header": {}, "metadata": {}, "content": content,
                                     "channel": "shell", "buffers": []}))
        outputs = []
        while True:
            frame = self.socket.recv()
            message = json.loads(frame) if isinstance(frame, str) else {}
            if message.get("channel") != "iopub" or message["parent_header"].get("msg_id") != msg_id:
                continue
            kind = message["header"]["msg_type"]
            if kind == "status" and message["content"]["execution_state"] == "idle":
                return outputs
            if kind in {"stream", "display_data", "execute_result", "error"}:
                outputs.append(nbformat.v4.output_from_msg(message))


class Lab:
    """A JupyterLab server of the checkout, as `dev.py notebook` starts it."""

    def __init__(self, tmp_path: Path) -> None:
        dev = _dev()
        self.port, self.token = _free_port(), secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / "jupyter.log"
        environment = {**dev.lab_environment(), "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
                       "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "IPYTHONDIR": str(tmp_path / "ipython")}
        options = ["--no-browser", "--ServerApp.ip=127.0.0.1", f"--port={self.port}", "--ServerApp.port_retries=0",
                   f"--IdentityProvider.token={self.token}"]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(dev.lab_command(*options), cwd=ROOT, env=environment, stdout=log,
                                            stderr=subprocess.STDOUT)
        self.client = httpx.Client(base_url=self.url, headers={"Authorization": f"token {self.token}"}, timeout=60)
        deadline = time.monotonic() + STARTUP
        while not self._answers():
            assert self.process.poll() is None and time.monotonic() < deadline, self.log_tail()
            time.sleep(0.5)

    def _answers(self) -> bool:
        try:
            return self.client.get("/api/status").status_code == 200
        except httpx.TransportError:
            return False

    def log_tail(self) -> str:
        return "JupyterLab did not start:\n" + self.log.read_text(errors="replace")[-3000:]

    def open_notebook(self, path: str) -> tuple[str, Kernel]:
        """Start the notebook's kernel as Lab does when it opens it (its directory is the kernel's), and connect."""
        kernelspec = nbformat.read(ROOT / path, as_version=4).metadata.kernelspec.name
        response = self.client.post("/api/sessions", json={"path": path, "type": "notebook", "name": Path(path).name,
                                                           "kernel": {"name": kernelspec}})
        assert response.status_code == 201, response.text
        kernel_id = response.json()["kernel"]["id"]
        return kernelspec, Kernel(f"ws://127.0.0.1:{self.port}/api/kernels/{kernel_id}/channels?token={self.token}")

    def stop(self) -> None:
        try:
            self.client.post("/api/shutdown")  # stops the kernels with it
            self.process.wait(timeout=30)
        except (httpx.TransportError, subprocess.TimeoutExpired):
            pass
        finally:
            if self.process.poll() is None:
                self.process.terminate()
                self.process.wait(timeout=30)
            self.client.close()


@pytest.fixture
def lab(tmp_path):
    server = Lab(tmp_path)
    yield server
    server.stop()


def test_the_notebook_is_stored_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") and not cell.get("execution_count") for cell in notebook.cells if cell.cell_type == "code")


def test_dev_notebook_serves_jupyterlab_on_the_notebook_with_the_venvs_kernel(lab):
    assert "started" in lab.client.get("/api/status").json()
    assert httpx.get(f"{lab.url}/api/status").status_code == 403  # the token is required
    page = lab.client.get(f"/lab/tree/{NOTEBOOK.relative_to(ROOT)}")
    assert page.status_code == 200 and "JupyterLab" in page.text
    contents = lab.client.get(f"/api/contents/{NOTEBOOK.relative_to(ROOT)}", params={"content": 0})
    assert contents.status_code == 200 and contents.json()["type"] == "notebook"
    kernelspec, kernel = lab.open_notebook(str(NOTEBOOK.relative_to(ROOT)))
    assert kernelspec in lab.client.get("/api/kernelspecs").json()["kernelspecs"]
    outputs = kernel.run("import os, sys\nimport kgx\nprint(sys.prefix, kgx.__file__, os.getcwd(), sep='\\n')")
    assert [o.output_type for o in outputs] == ["stream"], outputs
    prefix, package, cwd = outputs[0].text.split()
    assert Path(prefix) == ROOT / ".venv" and Path(package).is_relative_to(ROOT / "kgx") and Path(cwd) == NOTEBOOK.parent


@pytest.mark.model
def test_the_notebook_runs_through_jupyterlab_and_shows_what_it_promises(lab):
    _, kernel = lab.open_notebook(str(NOTEBOOK.relative_to(ROOT)))
    cells = [cell for cell in nbformat.read(NOTEBOOK, as_version=4).cells if cell.cell_type == "code"]
    outputs = [output for cell in cells for output in kernel.run(cell.source)]
    assert not [o for o in outputs if o.output_type == "error"], [o for o in outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 3  # two timelines and the network
    text = "\n".join(str(o.get("data", {}).get("text/plain", "")) + o.get("text", "") for o in outputs)
    assert "Isaac Herzog" in text and "Herzog headed to Azerbaijan" in text
