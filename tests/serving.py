"""Run `policyapi serve` as a real process on a free loopback port (for tests and the load run)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import tempfile
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_group(process: subprocess.Popen, grace: float = 5) -> None:
    """SIGTERM the process group, SIGKILL it after `grace` seconds; also reaps what the leader left behind."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=wait)
            if not _group_alive(process.pid):
                return


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@contextlib.contextmanager
def running_server(db: Path, workers: int = 2, env: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """Yield the base URL and the server's process id; stop it on exit. The server runs in its own
    process group, which is stopped whole (a worker left behind would keep answering on the port), and
    logs to a file (a pipe nobody reads fills up and blocks the server)."""
    port = free_port()
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen([sys.executable, "-m", "policyapi.cli", "serve", "--db", str(db), "--port",
                                   str(port), "--workers", str(workers), "--log-level", "warning"],
                                  cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            else:
                log.seek(0)
                raise RuntimeError(f"server did not start: {log.read().decode(errors='replace')[-2000:]}")
            yield base, server.pid
        finally:
            stop_group(server)


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, from /proc."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending.extend(int(c) for c in children)
    return total
