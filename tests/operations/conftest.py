"""Shared set-up of Pasan's operations checks: Pasan run as an operator runs it — several
`pasan serve` nodes on one PostgreSQL database, metrics, readiness, backups, configuration.

Run through scripts/test (stage "operations"), which builds pasan and sets:
  PASAN_BIN               the pasan binary (required)
  PASAN_TEST_POSTGRES_URL a throwaway PostgreSQL cluster (superuser, trust auth); each test
                          creates its own database through it
  PASAN_PG_BIN            the folder of that cluster's binaries (pg_dump, pg_restore, psql)
"""

from __future__ import annotations

import os
import pathlib
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

for _var in ("no_proxy", "NO_PROXY"):
    _old = os.environ.get(_var, "")
    os.environ[_var] = "127.0.0.1,localhost,::1" + ("," + _old if _old else "")


def _required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        pytest.fail(f"{name} is not set: run the operations checks through scripts/test", pytrace=False)
    return value


@pytest.fixture(scope="session")
def pasan_bin() -> str:
    return _required("PASAN_BIN")


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    return _required("PASAN_TEST_POSTGRES_URL")


@pytest.fixture(scope="session")
def pg_bin() -> pathlib.Path:
    return pathlib.Path(_required("PASAN_PG_BIN"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Runs a command, failing the test with its output when it fails."""
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, cmd))} exited {result.returncode}\n--- stdout\n{result.stdout[-4000:]}\n--- stderr\n{result.stderr[-4000:]}",
            pytrace=False,
        )
    return result


@pytest.fixture
def postgres_database(postgres_admin_url: str, pg_bin: pathlib.Path):
    """Makes a new empty database on the throwaway cluster; yields its URL (dropped after)."""
    made: list[str] = []

    def make() -> str:
        name = "ops_" + uuid.uuid4().hex[:12]
        run([str(pg_bin / "psql"), postgres_admin_url, "-q", "-c", f"CREATE DATABASE {name}"])
        made.append(name)
        parts = urllib.parse.urlsplit(postgres_admin_url)
        return urllib.parse.urlunsplit(parts._replace(path="/" + name))

    yield make
    for name in made:
        subprocess.run(
            [str(pg_bin / "psql"), postgres_admin_url, "-q", "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
            capture_output=True,
        )


class Node:
    """One `pasan serve` process on a free port; its output goes to a log file."""

    def __init__(self, pasan_bin: str, database_url: str, workdir: pathlib.Path, name: str, args=(), env=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / f"{name}.log"
        self.name = name
        environment = dict(os.environ)
        environment.update(env or {})
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [pasan_bin, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--database-url", database_url, *args],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=environment,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 180) -> "Node":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"{self.name} exited {self.process.returncode}:\n{self.log()}", pytrace=False)
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        pytest.fail(f"{self.name} did not answer /healthz within {timeout} s:\n{self.log()}", pytrace=False)

    def get(self, path: str, headers=None, timeout: float = 30) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")[-6000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self._log.close()


@pytest.fixture
def nodes(pasan_bin: str, tmp_path: pathlib.Path):
    """Starts `pasan serve` nodes: `nodes(database_url, name, args=[...], env={...})`; all
    stopped after the test."""
    started: list[Node] = []

    def start(database_url: str, name: str = "node", args=(), env=None) -> Node:
        node = Node(pasan_bin, database_url, tmp_path, f"{name}-{len(started)}", args=args, env=env)
        started.append(node)
        return node

    yield start
    for node in started:
        node.stop()
