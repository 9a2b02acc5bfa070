"""Helpers shared by the tests: polling, free ports, serving Panel apps on loopback."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = ["REPO", "free_port", "serve_workbench", "wait_until"]

REPO = Path(__file__).resolve().parents[1]


def wait_until(condition: Callable[[], object], timeout: float = 15.0, interval: float = 0.05):
    """Poll ``condition`` until it returns something truthy; return it, or fail at ``timeout``."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            result = condition()
        except Exception as exc:
            last_error = exc
        else:
            if result:
                return result
        time.sleep(interval)
    raise TimeoutError(f"condition not met within {timeout}s (last error: {last_error!r})")


def free_port() -> int:
    """A TCP port free on loopback now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _responds(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def serve_workbench(
    env: dict[str, str], *args: str, port: int | None = None, timeout: float = 90.0
) -> Iterator[str]:
    """Run ``workbench serve`` on loopback in a subprocess; yield its base URL; stop it."""
    port = port or free_port()
    command = [sys.executable, "-m", "workbench.cli", "serve", "--port", str(port), *args]
    log = open(Path(env.get("WORKBENCH_DATA", ".")) / f"serve-{port}.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        command, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT, cwd=REPO
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(
            lambda: (
                process.poll() is not None or _responds(f"{base}/liveness") or _responds(f"{base}/")
            ),
            timeout=timeout,
            interval=0.2,
        )
        if process.poll() is not None:
            log.flush()
            raise RuntimeError(Path(log.name).read_text()[-2000:])
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
