"""Issue 15: the nginx configuration of docs/operations/nginx.conf, as documented, in front of
two `pasan serve` nodes on one PostgreSQL database: requests are shared between the nodes,
nginx's request id is the one in Pasan's answer, and when a node stops the other answers every
request (no error reaches the reader). Only the places the file marks `# TEST:` are changed.
"""

from __future__ import annotations

import pathlib
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from conftest import ROOT, free_port

CONFIG = ROOT / "docs" / "operations" / "nginx.conf"


def render(nodes: list[int], port: int, folder: pathlib.Path) -> str:
    lines, out, skip_servers = CONFIG.read_text().splitlines(), [], False
    for line in lines:
        if "# TEST: nodes" in line:
            out.append(line)
            out.extend(f"        server 127.0.0.1:{p} max_fails=2 fail_timeout=5s;" for p in nodes)
            skip_servers = True
            continue
        if skip_servers and line.strip().startswith("server ") and ":" in line:
            continue
        skip_servers = False
        if "# TEST: port" in line:
            line = f"        listen 127.0.0.1:{port};"
        elif "# TEST: folders" in line:
            line = re.sub(r"/(run|var/log/nginx|var/lib/nginx)/", f"{folder}/", line)
        out.append(line)
    return "\n".join(out) + "\n"


def get(url: str, headers=None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
    except (urllib.error.URLError, ConnectionError) as error:
        return 0, {}, str(error).encode()


def test_the_documented_nginx_config_shares_two_nodes_and_survives_one_stopping(nodes, postgres_database, tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not pathlib.Path(nginx).exists():
        pytest.fail("nginx is not installed (scripts/test installs it for the operations stage)", pytrace=False)
    url = postgres_database()
    a = nodes(url, "a", args=["--demo", "--trusted-proxy", "127.0.0.1"]).wait_ready()
    b = nodes(url, "b", args=["--trusted-proxy", "127.0.0.1"]).wait_ready()
    folder = tmp_path / "nginx"
    folder.mkdir()
    folder.chmod(0o777)
    port = free_port()
    config = folder / "nginx.conf"
    config.write_text(render([a.port, b.port], port, folder))
    check = subprocess.run([nginx, "-t", "-c", str(config), "-p", str(folder)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proxy = subprocess.Popen([nginx, "-c", str(config), "-p", str(folder), "-g", "daemon off;"], stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while get(base + "/healthz")[0] != 200:
            assert time.monotonic() < deadline and proxy.poll() is None, f"nginx did not start: {proxy.stderr.read() if proxy.poll() is not None else ''}"
            time.sleep(0.1)
        # Both nodes answer, through nginx; nginx's request id is the one Pasan answers with.
        for _ in range(20):
            status, headers, _ = get(base + "/en/indicators/3.1.2")
            assert status == 200
        rid = headers["X-Request-Id"]
        assert re.fullmatch(r"[0-9a-f]{32}", rid), rid
        access = (folder / "pasan-access.log").read_text()
        assert f"rid={rid}" in access
        used = set(re.findall(r"127\.0\.0\.1:(\d+) ", access))
        assert {str(a.port), str(b.port)} <= used, used
        assert get(base + "/metrics")[0] == 200  # from 127.0.0.1, as allowed
        # A node stops: every request is still answered.
        a.stop()
        answers = [get(base + path)[0] for path in ["/en/indicators/3.1.2", "/lo/", "/api/v1/indicators", "/readyz"] * 10]
        assert answers == [200] * len(answers), answers
    finally:
        proxy.terminate()
        proxy.wait(10)
