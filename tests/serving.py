"""Run `policyapi serve` as a real process on a free loopback port (for tests and the load run)."""

from __future__ import annotations

import contextlib
import os
import socket
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


@contextlib.contextmanager
def running_server(db: Path, workers: int = 2, env: dict[str, str] | None = None) -> Iterator[tuple[str, int]]:
    """Yield the base URL and the server's process id; stop it on exit."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "policyapi.cli", "serve", "--db", str(db), "--port", str(port),
                               "--workers", str(workers), "--log-level", "warning"],
                              cwd=ROOT, env={**os.environ, **(env or {})},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
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
            server.terminate()
            raise RuntimeError(f"server did not start: {server.communicate(timeout=10)[1].decode()[-2000:]}")
        yield base, server.pid
    finally:
        server.terminate()
        server.wait(timeout=15)


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
