"""`parley serve` as a real process: HTTPS with a certificate, and a graceful stop on SIGTERM."""

from __future__ import annotations

import os
import shutil
import signal
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.servers import free_port

PARLEY = Path(sys.executable).with_name("parley")


def _environment(tmp_path: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    env.update(PARLEY_DATA_DIR=str(tmp_path), PARLEY_PORT=str(port), PARLEY_LOG_FORMAT="json")
    subprocess.run([str(PARLEY), "db", "upgrade"], env=env, check=True, capture_output=True, timeout=60)
    return env


def _wait(url: str, context: ssl.SSLContext | None, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited early"
        try:
            with urllib.request.urlopen(url, timeout=1, context=context) as response:
                assert response.status == 200
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is needed to make a test certificate")
def test_serves_https_and_stops_gracefully(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    port = free_port()
    env = _environment(tmp_path, port)
    process = subprocess.Popen(
        [str(PARLEY), "serve", "--certfile", str(cert), "--keyfile", str(key)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    context = ssl.create_default_context(cafile=str(cert))
    context.check_hostname = False
    try:
        _wait(f"https://127.0.0.1:{port}/api/health", context, process)
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=20)
    # uvicorn finishes the shutdown, then re-raises SIGTERM so supervisors see why it stopped
    assert process.returncode in (0, -signal.SIGTERM), output.decode()
    assert b"Application shutdown complete" in output
    assert b"https://127.0.0.1" in output
    assert b'"path": "/api/health"' in output  # one JSON log line per request
