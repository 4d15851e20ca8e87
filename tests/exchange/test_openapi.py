"""The OpenAPI document of Pasan's open-data API (`GET /api/v1/openapi.json`), checked by
independent tools against a live `pasan serve --demo`:

- openapi-spec-validator: the document is valid OpenAPI 3.1;
- schemathesis (4.32, pinned in requirements-openapi.txt): every operation, with every check
  (no 5xx, only documented status codes, content types and headers, answers conforming to their
  schema, invalid parameters refused and valid ones accepted, 405 with `Allow` for methods the
  document does not list), over the examples, coverage, fuzzing and stateful phases, with a fixed
  seed and a modest number of examples per operation;
- CORS on the open-data API, as a browser on another origin sees it.

The server's address comes from PASAN_BASE_URL (set by scripts/test); nothing else is contacted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

BASE_URL = os.environ.get("PASAN_BASE_URL", "").rstrip("/")
DOCUMENT = "/api/v1/openapi.json"

# schemathesis: examples per operation and the seed (reproducible runs; `st replay` ids in the output).
MAX_EXAMPLES = 30
SEED = 20261202


def base_url() -> str:
    if not BASE_URL:
        pytest.fail("PASAN_BASE_URL is not set: run the exchange checks through scripts/test", pytrace=False)
    return BASE_URL


def local_only_environment() -> dict[str, str]:
    """The environment for the tools: the server is on this machine, never through a proxy."""
    env = dict(os.environ)
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        env.pop(name, None)
    env["no_proxy"] = env["NO_PROXY"] = "*"
    return env


def fetch(path: str, method: str = "GET", headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(base_url() + path, method=method, headers=headers or {})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def test_the_document_is_valid_openapi_3_1() -> None:
    status, headers, body = fetch(DOCUMENT)
    assert status == 200
    assert headers["content-type"].split(";")[0] == "application/json"
    spec = json.loads(body)
    assert spec["openapi"] == "3.1.0"
    validate(spec)  # detects the version from the document
    validate(spec, cls=OpenAPIV31SpecValidator)  # and as 3.1 explicitly
    # Every operation is under /api/v1 and documents its errors with the shared shape; the open
    # data is read-only, and only operations that need an API token (institutions' systems) write.
    assert spec["paths"], "no operations"
    error = {"$ref": "#/components/schemas/Error"}
    for path, item in spec["paths"].items():
        assert path.startswith("/api/v1/"), path
        for method, operation in item.items():
            assert method in {"get", "post"}, f"{path}: {method}"
            assert method == "get" or operation.get("security"), f"{method} {path} writes without a token"
            responses = operation["responses"]
            assert "200" in responses, f"{method} {path}"
            for code in ("400", "401", "403", "404"):
                if code in responses:
                    answer = spec["components"]["responses"][responses[code]["$ref"].rsplit("/", 1)[1]]
                    assert answer["content"]["application/json"]["schema"] == error, f"{method} {path} {code}"
            if operation.get("security"):
                assert "401" in responses, f"{method} {path}: a token operation documents its 401"
    # The licence of the data and the placeholder contact say they are Pasan's defaults.
    assert "Pasan's default" in spec["info"]["license"]["name"]
    assert "Pasan's default" in spec["info"]["contact"]["name"]


def test_schemathesis_finds_no_failure(tmp_path) -> None:
    command = [
        sys.executable, "-m", "schemathesis.cli", "run", base_url() + DOCUMENT,
        "--url", base_url(),
        "--checks", "all",
        "--phases", "examples,coverage,fuzzing,stateful",
        "--max-examples", str(MAX_EXAMPLES),
        "--seed", str(SEED),
        "--workers", "1",
        "--generation-database", "none",
        "--request-timeout", "30",
        "--no-color",
        "--report", "junit",
        "--report-dir", str(tmp_path / "report"),
    ]  # fmt: skip
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=1800, cwd=tmp_path, env=local_only_environment()
    )
    output = result.stdout + result.stderr
    # The summary stays in the test log (`pytest -s` or -rA shows it even when the run passes).
    summary = output[output.rfind("=== SUMMARY") :] if "=== SUMMARY" in output else output[-3000:]
    print(summary)
    assert result.returncode == 0, f"schemathesis exited {result.returncode}\n{output[-20000:]}"
    assert "Tested: 0" not in output, output[-3000:]


def test_cross_origin_reads_are_allowed_on_the_open_data_api() -> None:
    origin = {"Origin": "https://news.example.org"}
    status, headers, _ = fetch("/api/v1/indicators?goal=3", headers=origin)
    assert status == 200
    assert headers["access-control-allow-origin"] == "*"
    assert "etag" in headers["access-control-expose-headers"].lower()
    assert "access-control-allow-credentials" not in headers
    # A conditional request answered from the cache keeps them.
    status, headers, _ = fetch("/api/v1/indicators?goal=3", headers={**origin, "If-None-Match": headers["etag"]})
    assert status == 304 and headers["access-control-allow-origin"] == "*"
    # Errors too, so a script can read why.
    status, headers, body = fetch("/api/v1/areas?level=city", headers=origin)
    assert status == 400 and headers["access-control-allow-origin"] == "*"
    assert json.loads(body)["error"]["parameter"] == "level"
    # A browser's preflight.
    status, headers, _ = fetch(
        "/api/v1/indicators/3.1.2/data",
        method="OPTIONS",
        headers={**origin, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "if-none-match"},
    )
    assert status == 204
    assert headers["access-control-allow-origin"] == "*"
    assert {m.strip() for m in headers["access-control-allow-methods"].split(",")} == {"GET", "HEAD", "OPTIONS"}
    assert "if-none-match" in headers["access-control-allow-headers"].lower()
    # Pages get none of it.
    status, headers, _ = fetch("/en/", headers=origin)
    assert status == 200 and "access-control-allow-origin" not in headers
