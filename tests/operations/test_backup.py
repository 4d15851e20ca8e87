"""Backups restored into an empty database serve the same portal (issue 15, item 5).

SQLite: `pasan backup` of a file while `pasan serve` serves it (and while another process
writes to it), `pasan restore` into a new empty file, a second node on the restored file.
PostgreSQL: `pg_dump --format=custom` while a node serves, `pg_restore --no-owner` into a new
empty database, `pasan migrate`, a node on it. In both, the restored node must answer the same
public pages and API calls byte for byte as a node on the original database.

What is compared: public pages and API answers only. Pages behind sign-in (forms with a CSRF
token, the signed-in user's name) and response headers (Date, ETag) carry per-process or
per-request values and are left out; the public pages and the open-data API have none.
The original is compared through a node started after the backup (not the node that served
during it), so that both sides read their database afresh rather than one from a warm cache.
"""

from __future__ import annotations

import os
import pathlib
import sqlite3
import subprocess
import threading
from contextlib import closing

import pytest

from conftest import ROOT, run

FIXTURE = ROOT / "tests" / "fixtures" / "sdmx" / "lao_valid_structure-specific.xml"
ADMIN = "backup-admin@ops.test"

# Public pages in both languages and open-data API answers, including the indicator whose
# values the change below publishes (1.2.1, SI_POV_NAHC) and the demo's SDG 18.
COMPARED = [
    "/lo/",
    "/en/",
    "/lo/goals/1",
    "/en/goals/18",
    "/en/indicators/1.2.1",
    "/lo/indicators/1.2.1",
    "/en/indicators/18.1.1",
    "/lo/indicators/3.1.2",
    "/en/plans",
    "/en/activities",
    "/api/v1/goals",
    "/api/v1/indicators",
    "/api/v1/indicators/1.2.1",
    "/api/v1/indicators/1.2.1/data",
    "/api/v1/indicators/18.1.1/data",
    "/api/v1/indicators/18.2.2/data",
    "/api/v1/plans",
    "/api/v1/activities",
    "/api/v1/institutions",
]


def answers(node) -> dict[str, tuple[int, bytes]]:
    result = {}
    for path in COMPARED:
        status, _, body = node.get(path, headers={"Accept-Encoding": "identity"})
        result[path] = (status, body)
    return result


def assert_same_portal(original, restored) -> None:
    a, b = answers(original), answers(restored)
    for path in COMPARED:
        assert a[path][0] == 200, f"{path} on the original answered {a[path][0]}"
        assert b[path][0] == 200, f"{path} on the restored database answered {b[path][0]}"
        if a[path][1] != b[path][1]:
            first = next((i for i, (x, y) in enumerate(zip(a[path][1], b[path][1])) if x != y), min(len(a[path][1]), len(b[path][1])))
            pytest.fail(
                f"{path} differs at byte {first}:\n original: {a[path][1][max(0, first - 80):first + 80]!r}\n"
                f" restored: {b[path][1][max(0, first - 80):first + 80]!r}",
                pytrace=False,
            )


def make_change(pasan_bin: str, url: str) -> None:
    """A change made with the CLI while the node serves: an administrator, then the SDMX
    fixture imported and published (three values of 1.2.1, absent from the demo data)."""
    env = dict(os.environ, PASAN_NEW_PASSWORD="a long test password 42")
    run([pasan_bin, "users", "create", "--email", ADMIN, "--name", "Backup test", "--role", "secretariat-admin", "--database-url", url], env=env)
    run([pasan_bin, "import", "sdmx", str(FIXTURE), "--publish", "--as", ADMIN, "--database-url", url])


class Traffic:
    """Readers on a node and a writer on its database while a backup runs."""

    def __init__(self, pasan_bin: str, node, url: str):
        self.stop = threading.Event()
        self.errors: list[str] = []
        self.requests = 0
        self.threads = [threading.Thread(target=self.read, args=(node,)) for _ in range(3)]
        self.threads.append(threading.Thread(target=self.write, args=(pasan_bin, url)))

    def read(self, node) -> None:
        while not self.stop.is_set():
            for path in ("/en/indicators/1.2.1", "/api/v1/indicators/18.1.1/data", "/lo/"):
                status, _, _ = node.get(path)
                self.requests += 1
                if status != 200:
                    self.errors.append(f"{path}: {status}")

    def write(self, pasan_bin: str, url: str) -> None:
        env = dict(os.environ, PASAN_NEW_PASSWORD="another long test password 42")
        n = 0
        while not self.stop.is_set() and n < 20:
            n += 1
            result = subprocess.run(
                [pasan_bin, "users", "create", "--email", f"writer{n}@ops.test", "--name", f"Writer {n}", "--role", "secretariat-admin",
                 "--database-url", url],
                capture_output=True, text=True, env=env,
            )
            if result.returncode != 0:
                self.errors.append(f"users create: {result.stderr.strip()}")

    def __enter__(self) -> "Traffic":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(120)


def test_sqlite_backup_while_serving_restores_the_same_portal(pasan_bin, nodes, tmp_path: pathlib.Path):
    live = tmp_path / "live.sqlite"
    url = f"sqlite://{live}"
    serving = nodes(url, "serving", args=["--demo"]).wait_ready()
    make_change(pasan_bin, url)
    backup = tmp_path / "backups" / "pasan-backup.sqlite"
    backup.parent.mkdir()

    # A write transaction is open on the database (its row inserted, not committed) while the
    # backup runs, with readers on the node and another process writing: the backup neither
    # waits for it nor contains its row.
    writer = sqlite3.connect(live, isolation_level=None, timeout=30)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO pasan_meta (key, value, updated_at) VALUES ('backup-in-flight', 'x', '2026-12-03T00:00:00Z')")
    with Traffic(pasan_bin, serving, url) as traffic:
        result = run([pasan_bin, "backup", str(backup), "--database-url", url])
        writer.execute("COMMIT")
        writer.close()
    assert traffic.errors == [], traffic.errors
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("SELECT COUNT(*) FROM pasan_meta WHERE key = 'backup-in-flight'").fetchone() == (0,)
        assert copy.execute("SELECT COUNT(*) FROM users WHERE email = ?", (ADMIN,)).fetchone() == (1,)
    with closing(sqlite3.connect(live)) as original:
        assert original.execute("SELECT COUNT(*) FROM pasan_meta WHERE key = 'backup-in-flight'").fetchone() == (1,)
    assert traffic.requests > 0
    assert f"Wrote {backup}:" in result.stdout and "integrity check ok" in result.stdout, result.stdout
    assert [p.name for p in backup.parent.iterdir()] == [backup.name], "no temporary file is left beside the backup"

    # Refusals an operator meets: an existing file, and a restore onto the database in use.
    again = subprocess.run([pasan_bin, "backup", str(backup), "--database-url", url], capture_output=True, text=True)
    assert again.returncode == 1 and "already exists" in again.stderr, again.stderr
    onto_live = subprocess.run([pasan_bin, "restore", str(backup), "--database-url", url, "--force"], capture_output=True, text=True)
    assert onto_live.returncode == 1 and "is in use" in onto_live.stderr, onto_live.stderr
    assert serving.get("/healthz")[0] == 200

    # The backup is its own file: checked the way SQLite checks files.
    check = subprocess.run(["sqlite3", str(backup), "PRAGMA integrity_check"], capture_output=True, text=True)
    if check.returncode == 0:  # the sqlite3 shell is optional on the test machine
        assert check.stdout.strip() == "ok"

    restored_path = tmp_path / "restored" / "pasan.sqlite"
    restored = run([pasan_bin, "restore", str(backup), "--database-url", f"sqlite://{restored_path}"])
    assert "integrity check ok" in restored.stdout and "The schema is up to date." in restored.stdout, restored.stdout
    serving.stop()

    original = nodes(url, "original").wait_ready()
    copy = nodes(f"sqlite://{restored_path}", "restored").wait_ready()
    status, _, data = copy.get("/api/v1/indicators/1.2.1/data")
    assert status == 200 and b"SI_POV_NAHC" in data, "the values published while serving are in the backup"
    assert_same_portal(original, copy)


def test_postgres_pg_dump_and_pg_restore_serve_the_same_portal(pasan_bin, nodes, postgres_database, pg_bin, tmp_path: pathlib.Path):
    url = postgres_database()
    serving = nodes(url, "serving", args=["--demo"]).wait_ready()
    make_change(pasan_bin, url)

    # What `pasan backup` says for PostgreSQL: the pg_dump command, exit 64.
    told = subprocess.run([pasan_bin, "backup", str(tmp_path / "x.dump"), "--database-url", url], capture_output=True, text=True)
    assert told.returncode == 64 and "pg_dump --format=custom" in told.stderr, told.stderr

    dump = tmp_path / "pasan.dump"
    with Traffic(pasan_bin, serving, url) as traffic:
        run([str(pg_bin / "pg_dump"), "--format=custom", f"--dbname={url}", f"--file={dump}"])
    assert traffic.errors == [], traffic.errors

    target = postgres_database()
    run([str(pg_bin / "pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction", f"--dbname={target}", str(dump)])
    migrated = run([pasan_bin, "migrate", "--database-url", target])
    assert "the schema is up to date" in migrated.stdout, migrated.stdout
    serving.stop()

    original = nodes(url, "original").wait_ready()
    copy = nodes(target, "restored").wait_ready()
    status, _, data = copy.get("/api/v1/indicators/1.2.1/data")
    assert status == 200 and b"SI_POV_NAHC" in data, "the values published while serving are in the dump"
    assert_same_portal(original, copy)
