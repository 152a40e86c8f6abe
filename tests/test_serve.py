"""`policyapi serve` as a real process: workers replaced, busy ports and bad settings refused, prompt stop.

Every server here runs in its own process group (session) and the whole group is stopped in a `finally`:
SIGTERM, then SIGKILL, so a test that fails or times out leaves nothing answering on its port.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from policyapi.app import Settings
from serving import ROOT, free_port, stop_group


@dataclass
class Server:
    process: subprocess.Popen
    base: str
    port: int
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def serve_command(db: Path, port: int, workers: int = 1, *extra: str) -> list[str]:
    return [sys.executable, "-m", "policyapi.cli", "serve", "--db", str(db), "--port", str(port),
            "--workers", str(workers), *extra]


@contextlib.contextmanager
def policyapi_serve(db: Path, tmp_path: Path, workers: int = 2, env: dict[str, str] | None = None,
            log_level: str = "info") -> Iterator[Server]:
    """Start `policyapi serve` in its own process group on a free loopback port; yield once /healthz answers."""
    port = free_port()
    log = tmp_path / f"serve-{port}.log"
    with log.open("wb") as out:  # a file, not a pipe nobody reads: a full pipe would block the server
        process = subprocess.Popen(serve_command(db, port, workers, "--log-level", log_level), cwd=ROOT,
                                   env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    server = Server(process, f"http://127.0.0.1:{port}", port, log)
    try:
        deadline = time.monotonic() + 30
        while not _healthy(server.base):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start:\n{server.output()[-2000:]}")
            time.sleep(0.1)
        yield server
    finally:
        stop_group(process)


def run_serve(args: list[str], env: dict[str, str] | None = None, timeout: float = 30) -> subprocess.CompletedProcess:
    """Run a `policyapi serve` expected to exit by itself; its group is killed if it does not."""
    process = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
        return subprocess.CompletedProcess(args, process.returncode, out, err)
    finally:
        stop_group(process, grace=2)


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def _children(pid: int) -> list[int]:
    pids: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(FileNotFoundError):
            pids.extend(int(c) for c in (task / "children").read_text().split())
    return pids


def _running(pid: int) -> bool:
    """Alive and not a zombie."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def _tcp_sockets() -> set[tuple[str, str]]:
    """(local address, state) of every IPv4 TCP socket, as /proc/net/tcp writes them."""
    lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return {(fields[1], fields[3]) for fields in map(str.split, lines)}


def _wait_for(condition, timeout: float) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


# ---- 1. a worker that dies is replaced ------------------------------------------------------------

def test_a_killed_worker_is_replaced_and_the_others_keep_answering(db_path, tmp_path):
    with policyapi_serve(db_path, tmp_path, workers=2) as server:
        workers = _children(server.process.pid)
        assert len(workers) == 2, workers
        victim = workers[0]
        os.kill(victim, signal.SIGKILL)
        assert _wait_for(lambda: not _running(victim), 5)

        # Each request a new connection, so the kernel hands them to whichever worker accepts.
        codes, deadline = [], time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                codes.append(httpx.get(f"{server.base}/healthz", timeout=2).status_code)
            except httpx.TransportError as exc:
                codes.append(type(exc).__name__)
            time.sleep(0.1)
        assert set(codes) == {200}, f"{codes}\n{server.output()[-2000:]}"
        assert server.process.poll() is None, server.output()[-2000:]
        # ...and there are two workers again, one of them new.
        assert _wait_for(lambda: len([p for p in _children(server.process.pid) if _running(p)]) == 2, 10)
        assert victim not in _children(server.process.pid) and workers[1] in _children(server.process.pid)
        assert httpx.get(f"{server.base}/api/v1/dataset").status_code == 200


# ---- 2. a busy port is refused ---------------------------------------------------------------------

def test_a_second_server_on_a_busy_port_is_refused(db_path, tmp_path):
    with policyapi_serve(db_path, tmp_path, workers=1) as first:
        second = run_serve(serve_command(db_path, first.port))
        assert second.returncode != 0
        assert second.stderr.strip().splitlines() == [
            f"error: cannot serve on 127.0.0.1:{first.port}: already in use (is another policyapi serve running?)"]
        assert "serving" not in second.stdout
        assert _healthy(first.base) and first.process.poll() is None


def test_a_port_held_by_another_program_is_refused(db_path):
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        result = run_serve(serve_command(db_path, other.getsockname()[1]))
    assert result.returncode == 1 and "already in use" in result.stderr and "Traceback" not in result.stderr


def test_a_port_left_in_time_wait_is_not_refused():
    from policyapi.cli import _refuse_a_port_in_use

    # A restart right after a stop finds the old connections in TIME_WAIT: that port is free to serve.
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as granian's own socket
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        accepted, _ = listener.accept()
        accepted.close()  # the server side closes first: it is the side left in TIME_WAIT
        client.close()
    assert (f"0100007F:{port:04X}", "06") in _tcp_sockets()  # 06: TIME_WAIT
    _refuse_a_port_in_use("127.0.0.1", port)  # no SystemExit


# ---- 3. a bad setting is one line, before any worker starts -----------------------------------------

BAD_SETTINGS = {
    "POLICYAPI_REQUEST_TIMEOUT": ("abc", "expected a number of seconds above 0"),
    "POLICYAPI_RATE_LIMIT": ("lots", "expected <requests>/<second|minute|hour|day>"),
    "POLICYAPI_CACHE_MAX_AGE": ("-5", "expected a whole number of seconds"),
    "POLICYAPI_RESPONSE_CACHE": ("big", "expected a whole number of entries"),
}


@pytest.mark.parametrize("variable", BAD_SETTINGS)
def test_a_bad_setting_is_one_line_and_exit_status_2(db_path, variable):
    value, expected = BAD_SETTINGS[variable]
    result = run_serve(serve_command(db_path, free_port()), env={variable: value})
    assert result.returncode == 2, result.stderr[-2000:]
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {variable}={value!r}: {expected}")
    assert "Traceback" not in result.stderr and "serving" not in result.stdout


@pytest.mark.parametrize(("variable", "value"), [("POLICYAPI_REQUEST_TIMEOUT", "0"),
                                                  ("POLICYAPI_REQUEST_TIMEOUT", "nan"),
                                                  ("POLICYAPI_CACHE_MAX_AGE", "1.5"),
                                                  ("POLICYAPI_PLANNED_QUERIES", "-1"),
                                                  ("POLICYAPI_PERSISTED_QUERIES", "１０")])
def test_settings_name_the_variable(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValueError, match=f"^{variable}="):
        Settings.from_env()


# ---- 4. SIGTERM stops everything promptly -----------------------------------------------------------

def test_sigterm_stops_the_server_and_its_workers_promptly(db_path, tmp_path):
    with policyapi_serve(db_path, tmp_path, workers=2) as server:
        workers = _children(server.process.pid)
        # A worker that ignores SIGTERM (here: stopped; in life, stuck in a long C call) must not hold
        # the shutdown: before, granian waited for it with no time limit.
        os.kill(workers[0], signal.SIGSTOP)
        started = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(timeout=15)
        took = time.monotonic() - started
        assert took < 8 and server.process.returncode == 0, (took, server.process.returncode)
        assert not any(_running(p) for p in workers)
        assert not _healthy(server.base)


# ---- 5. the rate limit is per worker, and says so ----------------------------------------------------

def test_the_rate_limit_is_said_to_count_per_worker(db_path):
    with socket.socket() as other:  # a busy port, so the command stops right after its checks
        other.bind(("127.0.0.1", 0))
        other.listen()
        result = run_serve(serve_command(db_path, other.getsockname()[1], 3),
                           env={"POLICYAPI_RATE_LIMIT": "100/minute"})
    assert result.stderr.splitlines()[0] == ("note: the rate limit is counted by each of the 3 workers: "
                                             "a client may get up to 300/minute")
