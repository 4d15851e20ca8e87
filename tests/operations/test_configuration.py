"""Configuration of `pasan` as an operator gives it: command line, environment (PASAN_<KEY>),
a YAML file (--config / PASAN_CONFIG) and Pasan's default, in that order; secrets from files;
`pasan config check`; problems named with their file and line, exit 64; enum options that list
their values; JSON logs. See docs/operations/configuration.md."""

from __future__ import annotations

import json
import os
import pathlib
import re
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

USAGE_EXIT = 64
LINE = re.compile(r"^(?P<key>[a-z-]+)\s+= (?P<value>.*?)  \((?P<source>[^()]*)\)$")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_environment(**extra: str) -> dict[str, str]:
    """The test process's environment without any Pasan setting, plus `extra`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not (k.startswith("PASAN_") and k not in ("PASAN_BIN",)) and k not in ("DATABASE_URL", "LOG_LEVEL")
    }
    env.update(extra)
    return env


def pasan(pasan_bin: str, *args: str, env: dict[str, str] | None = None, cwd=None) -> subprocess.CompletedProcess:
    """Runs pasan in `cwd` (default: a new empty folder, so that a command that should have
    stopped but opens the default SQLite database leaves nothing in the repository)."""
    return subprocess.run(
        [pasan_bin, *args],
        capture_output=True,
        text=True,
        env=env if env is not None else clean_environment(),
        cwd=cwd if cwd is not None else tempfile.mkdtemp(prefix="pasan-config-test-"),
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def check(pasan_bin: str, *args: str, env=None, cwd=None) -> tuple[subprocess.CompletedProcess, dict[str, tuple[str, str]]]:
    """Runs `pasan config check`; returns the result and {key: (value, source)}."""
    result = pasan(pasan_bin, "config", "check", *args, env=env, cwd=cwd)
    entries: dict[str, tuple[str, str]] = {}
    for line in result.stdout.splitlines():
        match = LINE.match(line)
        if match:
            entries[match["key"]] = (match["value"], match["source"])
    return result, entries


def write(path: pathlib.Path, text: str) -> pathlib.Path:
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: pathlib.Path, key: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if line.startswith(key + ":"):
            return number
    raise AssertionError(f"{key} not in {path}")


def test_config_check_lists_every_key_with_its_source_and_masks_secrets(pasan_bin, tmp_path):
    config = write(
        tmp_path / "pasan.yaml",
        "# Pasan on the ministry's server\n"
        "host: 0.0.0.0\n"
        "\n"
        "database-url: postgres://pasan:DbPassw0rd-in-file@db.example.org:5433/pasan\n"
        "smtp-url: smtps://mailer:SmtpPassw0rd-in-file@mail.example.org\n"
        "trusted-proxies: [127.0.0.1, '::1']\n"
        "cache-mb: 32\n",
    )
    secret_key = "K" * 40
    result, entries = check(
        pasan_bin,
        "--config",
        str(config),
        "--port",
        "9191",
        env=clean_environment(PASAN_SECRET_KEY=secret_key, PASAN_MAIL_FROM="Pasan <pasan@example.org>"),
    )
    assert result.returncode == 0, result.stderr
    assert "The configuration is valid." in result.stdout
    for secret in ("DbPassw0rd-in-file", "SmtpPassw0rd-in-file", secret_key):
        assert secret not in result.stdout and secret not in result.stderr
    assert entries["config"] == (str(config), "command line --config")
    assert entries["host"] == ("0.0.0.0", f"file {config}:{line_of(config, 'host')}")
    assert entries["port"] == ("9191", "command line --port")
    assert entries["database-url"] == (
        "postgres://pasan:*****@db.example.org:5433/pasan",
        f"file {config}:{line_of(config, 'database-url')}",
    )
    assert entries["smtp-url"] == ("smtps://mailer:*****@mail.example.org", f"file {config}:{line_of(config, 'smtp-url')}")
    assert entries["trusted-proxies"] == ("127.0.0.1, ::1", f"file {config}:{line_of(config, 'trusted-proxies')}")
    assert entries["cache-mb"][0] == "32"
    assert entries["secret-key"] == ("*****", "environment PASAN_SECRET_KEY")
    assert entries["mail-from"] == ("Pasan <pasan@example.org>", "environment PASAN_MAIL_FROM")
    # Keys nobody gave: Pasan's default, shown as such.
    assert entries["log-format"] == ("text", "Pasan's default")
    assert entries["default-language"] == ("lo", "Pasan's default")
    assert entries["public-url"] == ("http://127.0.0.1:9191", "Pasan's default")
    for key in ("demo", "log-level", "database-url-file", "smtp-url-file", "secret-key-file"):
        assert entries[key][1] == "Pasan's default", key


def test_precedence_command_line_then_environment_then_file_then_default(pasan_bin, tmp_path):
    config = write(tmp_path / "pasan.yaml", "log-level: debug\nport: 1111\ndefault-language: en\n")
    port_line = line_of(config, "port")

    _, entries = check(pasan_bin, "--config", str(config), "--port", "3333", env=clean_environment(PASAN_PORT="2222"))
    assert entries["port"] == ("3333", "command line --port")
    _, entries = check(pasan_bin, "--config", str(config), env=clean_environment(PASAN_PORT="2222"))
    assert entries["port"] == ("2222", "environment PASAN_PORT")
    # The file named by PASAN_CONFIG instead of --config.
    _, entries = check(pasan_bin, env=clean_environment(PASAN_CONFIG=str(config)))
    assert entries["config"] == (str(config), "environment PASAN_CONFIG")
    assert entries["port"] == ("1111", f"file {config}:{port_line}")
    assert entries["default-language"] == ("en", f"file {config}:{line_of(config, 'default-language')}")
    _, entries = check(pasan_bin)
    assert entries["port"] == ("8080", "Pasan's default")

    # The older variables still count, after the PASAN_ ones.
    _, entries = check(pasan_bin, env=clean_environment(LOG_LEVEL="warning"))
    assert entries["log-level"] == ("warning", "environment LOG_LEVEL")
    _, entries = check(pasan_bin, env=clean_environment(LOG_LEVEL="warning", PASAN_LOG_LEVEL="error"))
    assert entries["log-level"] == ("error", "environment PASAN_LOG_LEVEL")
    _, entries = check(pasan_bin, "--config", str(config), env=clean_environment(DATABASE_URL="sqlite://legacy.sqlite"))
    assert entries["database-url"] == ("sqlite://legacy.sqlite", "environment DATABASE_URL")
    assert entries["log-level"] == ("debug", f"file {config}:{line_of(config, 'log-level')}")
    # A flag is a flag: --no-demo beats PASAN_DEMO=true.
    _, entries = check(pasan_bin, "--no-demo", env=clean_environment(PASAN_DEMO="true"))
    assert entries["demo"] == ("false", "command line --demo")
    _, entries = check(pasan_bin, env=clean_environment(PASAN_DEMO="true", PASAN_TRUSTED_PROXIES="10.0.0.1, 10.0.0.2"))
    assert entries["demo"] == ("true", "environment PASAN_DEMO")
    assert entries["trusted-proxies"] == ("10.0.0.1, 10.0.0.2", "environment PASAN_TRUSTED_PROXIES")


def test_secrets_from_files(pasan_bin, tmp_path):
    url_file = write(tmp_path / "database-url", "postgres://pasan:FromFile-Secret@db.example.org/pasan\n")
    smtp_file = write(tmp_path / "smtp-url", "smtp://mailer:SmtpFromFile@127.0.0.1:2525\r\n")
    key_file = write(tmp_path / "secret-key", "S" * 44 + "\n")
    result, entries = check(
        pasan_bin,
        "--database-url-file",
        str(url_file),
        env=clean_environment(PASAN_SMTP_URL_FILE=str(smtp_file), PASAN_SECRET_KEY_FILE=str(key_file)),
    )
    assert result.returncode == 0, result.stderr
    assert "FromFile-Secret" not in result.stdout and "SmtpFromFile" not in result.stdout
    assert entries["database-url"] == (
        "postgres://pasan:*****@db.example.org/pasan",
        f"content of {url_file}, named by database-url-file",
    )
    assert entries["database-url-file"] == (str(url_file), "command line --database-url-file")
    assert entries["smtp-url"] == ("smtp://mailer:*****@127.0.0.1:2525", f"content of {smtp_file}, named by smtp-url-file")
    assert entries["secret-key"] == ("*****", f"content of {key_file}, named by secret-key-file")

    # The URL itself on the command line wins over a file named in the environment.
    _, entries = check(pasan_bin, "--database-url", "sqlite://x.sqlite", env=clean_environment(PASAN_DATABASE_URL_FILE=str(url_file)))
    assert entries["database-url"] == ("sqlite://x.sqlite", "command line --database-url")

    # A file that cannot be read: named, exit 64, for config check and for every command.
    missing = tmp_path / "no-such-secret"
    for args in (["config", "check"], ["serve"], ["migrate"]):
        result = pasan(pasan_bin, *args, "--database-url-file", str(missing), cwd=tmp_path)
        assert result.returncode == USAGE_EXIT, (args, result.stdout, result.stderr)
        assert f"{missing} does not exist" in result.stderr, result.stderr
    unreadable = write(tmp_path / "unreadable", "postgres://x@y/z\n")
    unreadable.chmod(0)
    if os.geteuid() != 0:  # root reads any file
        result = pasan(pasan_bin, "config", "check", "--smtp-url-file", str(unreadable))
        assert result.returncode == USAGE_EXIT and str(unreadable) in result.stderr
    empty = write(tmp_path / "empty", "\n")
    result = pasan(pasan_bin, "config", "check", env=clean_environment(PASAN_SECRET_KEY_FILE=str(empty)))
    assert result.returncode == USAGE_EXIT and f"{empty} is empty" in result.stderr, result.stderr
    # The secret and its file at the same level: one must go.
    result = pasan(pasan_bin, "config", "check", "--database-url", "sqlite://a.sqlite", "--database-url-file", str(url_file))
    assert result.returncode == USAGE_EXIT and "give one" in result.stderr, result.stderr


def test_server_reads_the_database_url_from_a_file_and_keeps_it_out_of_ps(pasan_bin, postgres_database, pg_bin, tmp_path):
    url = postgres_database()
    parts = urllib.parse.urlsplit(url)
    password = "NotInPs-9f3k2"  # the cluster trusts local connections: the password is never asked for
    with_password = urllib.parse.urlunsplit(parts._replace(netloc=f"{parts.username}:{password}@{parts.hostname}:{parts.port}"))
    url_file = write(tmp_path / "database-url", with_password + "\n")
    url_file.chmod(0o600)
    port = free_port()
    log_path = tmp_path / "serve.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [pasan_bin, "serve", "--host", "127.0.0.1", "--port", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=clean_environment(PASAN_DATABASE_URL_FILE=str(url_file)),
            start_new_session=True,
        )
        try:
            command_line = pathlib.Path(f"/proc/{process.pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            assert password not in command_line and parts.hostname + ":" not in command_line, command_line
            deadline = time.monotonic() + 180
            status = None
            while time.monotonic() < deadline:
                assert process.poll() is None, log_path.read_text()
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/", timeout=5) as response:
                        status = response.status
                        break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    time.sleep(0.3)
            assert status == 200, log_path.read_text()
            # Still not on the command line of the running server.
            command_line = pathlib.Path(f"/proc/{process.pid}/cmdline").read_bytes().decode(errors="replace")
            assert password not in command_line
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
    output = log_path.read_text()
    assert password not in output, output
    assert f"PostgreSQL at {parts.hostname}:{parts.port}/{parts.path.lstrip('/')}" in output, output
    # The server's schema is in the database the file named.
    tables = subprocess.run(
        [str(pg_bin / "psql"), url, "-tA", "-c", "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(tables.stdout.strip()) > 10


def test_unknown_key_and_bad_values_in_the_file_are_named_with_file_and_line(pasan_bin, tmp_path):
    config = write(tmp_path / "pasan.yaml", "host: 127.0.0.1\nprot: 8080\nlog-format: json\n")
    for args in (["config", "check", "--config", str(config)], ["serve", "--config", str(config)], ["migrate", "--config", str(config)]):
        result = pasan(pasan_bin, *args, cwd=tmp_path)
        assert result.returncode == USAGE_EXIT, (args, result.stdout, result.stderr)
        assert f"{config}:2: unknown key prot (did you mean port?)" in result.stderr, result.stderr
    assert not (tmp_path / "pasan-data").exists()  # stopped before opening the default database

    bad = write(
        tmp_path / "bad.yaml",
        "port: eighty\ndefault-language: fr\ncache-mb: -1\ntrusted-proxies: proxy.example.org\nlog-level: loud\ndemo: maybe\n",
    )
    result = pasan(pasan_bin, "config", "check", "--config", str(bad))
    assert result.returncode == USAGE_EXIT, result.stdout
    for key in ("port", "default-language", "cache-mb", "trusted-proxies", "log-level", "demo"):
        assert re.search(rf"^pasan: {re.escape(str(bad))}:{line_of(bad, key)}: {key}", result.stderr, re.M), (key, result.stderr)
    assert "'fr' is not a language of Pasan's interface (lo, en)" in result.stderr
    assert "The configuration is valid." not in result.stdout

    # A secret's problem never repeats the secret.
    secret = write(tmp_path / "secret.yaml", "database-url: mysql://root:HushHush@db/pasan\n")
    result = pasan(pasan_bin, "config", "check", "--config", str(secret))
    assert result.returncode == USAGE_EXIT and f"{secret}:1: database-url is not a database URL" in result.stderr
    assert "HushHush" not in result.stderr + result.stdout

    # Not YAML at all; a mapping where a value belongs; the key that belongs on the command line.
    for text, message in (
        ("port: [8080\n", "not valid YAML"),
        ("host:\n  name: x\n", "host takes one value"),
        ("secret-key: abc\n", "secret-key-file or PASAN_SECRET_KEY"),
        ("port: 1\nport: 2\n", "given more than once"),
    ):
        path = write(tmp_path / "case.yaml", text)
        result = pasan(pasan_bin, "config", "check", "--config", str(path))
        assert result.returncode == USAGE_EXIT and message in result.stderr, (text, result.stderr)
    result = pasan(pasan_bin, "config", "check", "--config", str(tmp_path / "missing.yaml"))
    assert result.returncode == USAGE_EXIT, result.stderr
    assert f"pasan: --config: the configuration file {tmp_path / 'missing.yaml'} does not exist" in result.stderr, result.stderr
    result = pasan(pasan_bin, "migrate", cwd=tmp_path, env=clean_environment(PASAN_CONFIG=str(tmp_path / "missing.yaml")))
    assert result.returncode == USAGE_EXIT and "pasan: PASAN_CONFIG: the configuration file" in result.stderr, result.stderr

    # Bad values from the environment name the variable.
    result = pasan(pasan_bin, "serve", env=clean_environment(PASAN_PORT="abc"))
    assert result.returncode == USAGE_EXIT and "PASAN_PORT: port: 'abc' is not a port number" in result.stderr, result.stderr
    result = pasan(pasan_bin, "config", "check", env=clean_environment(PASAN_SECRET_KEY="short"))
    assert result.returncode == USAGE_EXIT and "PASAN_SECRET_KEY: the secret key is unusable" in result.stderr
    assert "short" not in result.stdout


@pytest.mark.parametrize(
    "args, option, values",
    [
        (["users", "create", "--email", "a@b.la", "--name", "A", "--role", "emperor"], "--role", ["secretariat-admin", "planning-officer"]),
        (["users", "create", "--email", "a@b.la", "--name", "A", "--role", "viewer", "--language", "fr"], "--language", ["lo", "en"]),
        (["progress", "--method", "magic", "x.csv"], "--method", ["opensdg-statcan", "sdsn"]),
        (["serve", "--log-format", "xml"], "--log-format", ["text", "json"]),
        (["serve", "--log-level", "loud"], "--log-level", ["notice", "critical"]),
        (["serve", "--default-language", "fr"], "--default-language", ["lo", "en"]),
        (["config", "check", "--port", "eighty"], "--port", []),
    ],
)
def test_bad_option_values_print_usage_and_exit_64(pasan_bin, tmp_path, args, option, values):
    result = pasan(pasan_bin, *args, cwd=tmp_path)
    assert result.returncode == USAGE_EXIT, (result.stdout, result.stderr)
    assert option in result.stderr and "Usage:" in result.stderr, result.stderr
    for value in values:
        assert value in result.stderr, (value, result.stderr)
    assert not (tmp_path / "pasan-data").exists()


def test_help_lists_the_values_of_enum_options(pasan_bin):
    def help_of(*args: str) -> str:
        return " ".join(pasan(pasan_bin, *args, "--help").stdout.split())  # lines joined as one

    roles = help_of("users", "create")
    assert re.search(r"--role <role> The account's role\. \(values: secretariat-admin(, [a-z-]+)+\)", roles), roles
    assert "statistics-reviewer" in roles and "(values: lo, en; default: lo)" in roles
    assert "(values: opensdg-statcan, sdsn)" in help_of("progress")
    serve = help_of("serve")
    assert "(values: text, json)" in serve
    assert "(values: trace, debug, info, notice, warning, error, critical)" in serve
    assert "--database-url-file" in serve and "--config" in serve and "--smtp-url-file" in serve


def test_json_logs_are_one_object_per_line_with_the_request_id(pasan_bin, tmp_path):
    port = free_port()
    stderr_path = tmp_path / "stderr.log"
    with open(stderr_path, "w") as stderr, open(tmp_path / "stdout.log", "w") as stdout:
        process = subprocess.Popen(
            [pasan_bin, "serve", "--port", str(port), "--database-url", f"sqlite://{tmp_path}/pasan.sqlite", "--log-level", "info"],
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            env=clean_environment(PASAN_LOG_FORMAT="json", PASAN_HOST="127.0.0.1"),
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 180
            answered = False
            while time.monotonic() < deadline and not answered:
                assert process.poll() is None, stderr_path.read_text()
                request = urllib.request.Request(f"http://127.0.0.1:{port}/en/", headers={"X-Request-Id": "cfg-test-4711"})
                try:
                    with urllib.request.urlopen(request, timeout=5) as response:
                        answered = response.status == 200
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    time.sleep(0.3)
            assert answered, stderr_path.read_text()
            time.sleep(0.5)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
    lines = [line for line in stderr_path.read_text().splitlines() if line.strip()]
    assert len(lines) >= 2, lines
    objects = []
    for line in lines:
        entry = json.loads(line)  # every line is one JSON object
        assert isinstance(entry, dict)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", entry["timestamp"]), entry
        assert entry["level"] in ("trace", "debug", "info", "notice", "warning", "error", "critical")
        assert isinstance(entry["label"], str) and isinstance(entry["message"], str)
        objects.append(entry)
    # The access line of the request carries its id (given by the proxy as X-Request-Id).
    with_id = [o for o in objects if any("request" in k and v == "cfg-test-4711" for k, v in o.items())]
    assert with_id, lines
    assert any("/en/" in o["message"] for o in with_id), with_id
    # The serve command's own output (the address it listens on) stays plain text on stdout.
    assert "Pasan is listening on" in (tmp_path / "stdout.log").read_text()
