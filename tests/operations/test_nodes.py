"""Issue 15, item 1: two `pasan serve` nodes on one database (PostgreSQL, and SQLite where
several processes share a file) behave as one portal.

- A change made through node A (an assignment imported on its web page) and a publication made
  by `pasan import sdmx --publish` (a third process) show on node B's cached public pages and
  API answers, without a restart: B hears them through PostgreSQL's LISTEN/NOTIFY. The time until
  B shows them is printed; the deadline asserted (PROPAGATION_DEADLINE) is a liveness bound for a
  loaded CI machine, not the target (the target, within 1 s, is what the printed figure shows).
- A deadline reminder due once is queued once, with both nodes running the reminder round at
  start-up at the same time.
- /metrics parses with the Prometheus project's own parser and counts what was asked; /readyz
  says ready, then not ready (503) while the database is down, and the node serves again when it
  is back, without a restart.
"""

from __future__ import annotations

import datetime
import os
import pathlib
import re
import subprocess
import time
import urllib.request

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from conftest import ROOT, run

FIXTURE = ROOT / "tests" / "fixtures" / "sdmx" / "lao_valid_structure-specific.xml"
ADMIN = "nodes-admin@ops.test"
PASSWORD = "a long test password 42"
CSRF = re.compile(r'name="_csrf" value="([^"]+)"')
# A liveness bound, not a speed target (see the module's text).
PROPAGATION_DEADLINE = 10.0


def psql(pg_bin: pathlib.Path, url: str, sql: str) -> str:
    return run([str(pg_bin / "psql"), url, "-At", "-q", "-c", sql]).stdout.strip()


def wait_until(predicate, deadline: float, what: str) -> float:
    """Polls `predicate` every 20 ms; returns the seconds it took, fails after `deadline`."""
    start = time.monotonic()
    while True:
        if predicate():
            return time.monotonic() - start
        if time.monotonic() - start > deadline:
            pytest.fail(f"{what}: not seen within {deadline} s", pytrace=False)
        time.sleep(0.02)


def signed_in(node, email: str, password: str) -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    page = session.get(node.base + "/en/sign-in", timeout=30)
    answer = session.post(
        node.base + "/en/sign-in",
        data={"email": email, "password": password, "_csrf": CSRF.search(page.text).group(1)},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 303, answer.text[:500]
    return session


@pytest.mark.parametrize("backend", ["postgres", "sqlite"])
def test_two_nodes_on_one_database_serve_one_portal(backend, pasan_bin, nodes, postgres_database, tmp_path):
    # SQLite: two processes on one file hear each other through the change_notices table.
    url = postgres_database() if backend == "postgres" else f"sqlite://{tmp_path}/shared.sqlite"
    a = nodes(url, "a", args=["--demo"]).wait_ready()
    b = nodes(url, "b").wait_ready()

    # B's pages, cached: the indicator whose owner will change, and the data the import adds.
    indicator, data = "/en/indicators/1.2.1", "/api/v1/indicators/1.2.1/data"
    for path in (indicator, data, "/lo/indicators/1.2.1"):
        for _ in range(2):
            assert b.get(path)[0] == 200
    before_page, before_data = b.get(indicator)[2], b.get(data)[2]
    assert b"LWU" not in before_page

    # 1. A change on A's web pages: the Secretariat imports an assignment (LWU owns 1.2.1).
    env = dict(os.environ, PASAN_NEW_PASSWORD=PASSWORD)
    run([pasan_bin, "users", "create", "--email", ADMIN, "--name", "Nodes test", "--role", "secretariat-admin", "--database-url", url], env=env)
    session = signed_in(a, ADMIN, PASSWORD)
    header = run([pasan_bin, "assignments", "export", "--database-url", url]).stdout.splitlines()[0]
    columns = header.split(",")
    row = {name: "" for name in columns}
    row.update({"indicator": "1.2.1", "owners": "LWU", "reporter": "LSB"})
    csv = header + "\n" + ",".join(row[name] for name in columns) + "\n"
    form = session.get(a.base + "/en/admin/assignments", timeout=30).text
    answer = session.post(
        a.base + "/en/admin/assignments/import",
        data={"_csrf": CSRF.search(form).group(1)},
        files={"file": ("assignment.csv", csv.encode(), "text/csv")},
        allow_redirects=False,
        timeout=60,
    )
    assert answer.status_code in (200, 303), answer.text[:2000]
    seconds = wait_until(lambda: b"LWU" in b.get(indicator)[2], PROPAGATION_DEADLINE, "the assignment made on A, on B's indicator page")
    print(f"assignment on A seen on B after {seconds:.3f} s")

    # 2. A publication by another process (the CLI): on both nodes' cached pages and API answers.
    run([pasan_bin, "import", "sdmx", str(FIXTURE), "--publish", "--as", ADMIN, "--database-url", url])
    seconds = wait_until(lambda: b.get(data)[2] != before_data, PROPAGATION_DEADLINE, "the publication, on B's API answer")
    print(f"publication seen on B after {seconds:.3f} s")
    assert a.get(data)[2] == b.get(data)[2], "A and B answer differently"
    assert b.get(indicator)[2] != before_page
    # No second version: a cache-busting parameter gets the same answer as the plain address.
    assert b.get(data + "?x=1")[2] == b.get(data)[2]

    # Metrics count what was asked, in the Prometheus text format.
    status, headers, body = b.get("/metrics")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    families = {family.name: family for family in text_string_to_metric_families(body.decode())}
    applied = {sample.labels.get("change"): sample.value for sample in families["pasan_changes_applied"].samples if sample.name.endswith("_total")}
    assert applied.get("data", 0) + applied.get("pages", 0) >= 2, applied
    requests_by_route = [s for s in families["hb_requests"].samples if s.labels.get("http_route", "").startswith("/api/v1/indicators/{") and s.labels["http_route"].endswith("}/data")]
    assert requests_by_route and sum(s.value for s in requests_by_route) >= 3, families["hb_requests"].samples[:5]
    assert any(s.value > 0 for s in families["pasan_cache_hits"].samples)
    assert "pasan_db_connection_wait_seconds" in families
    assert "pasan_outbox_waiting" in families


def test_a_reminder_due_once_is_queued_once_by_two_nodes(pasan_bin, nodes, postgres_database, pg_bin):
    url = postgres_database()
    seeder = nodes(url, "seed", args=["--demo"]).wait_ready()
    seeder.stop()
    # The open demo cycle's owners' deadline moved to 7 days from today: a reminder is due.
    today = datetime.date.today()
    due = (today + datetime.timedelta(days=7)).isoformat()
    cycle = psql(pg_bin, url, "SELECT id FROM cycles WHERE status = 'open' ORDER BY id LIMIT 1")
    assert cycle, "the demo has no open cycle"
    psql(pg_bin, url, f"UPDATE cycles SET owner_deadline = '{due}' WHERE id = {cycle}")
    before = int(psql(pg_bin, url, "SELECT COUNT(*) FROM outbox"))
    # Both nodes run the reminder round as they start, at the same moment.
    a, b = nodes(url, "a"), nodes(url, "b")
    a.wait_ready()
    b.wait_ready()
    wait_until(lambda: int(psql(pg_bin, url, "SELECT COUNT(*) FROM reminders_sent")) > 0, 60, "a reminder")
    time.sleep(2)  # let the slower node finish its round too
    sent = psql(pg_bin, url, f"SELECT stage, institution, kind, COUNT(*) FROM reminders_sent WHERE cycle_id = {cycle} GROUP BY 1, 2, 3")
    assert sent and all(line.endswith("|1") for line in sent.splitlines()), sent
    subjects = psql(pg_bin, url, f"SELECT subject, recipient, COUNT(*) FROM outbox WHERE id > 0 GROUP BY 1, 2 HAVING COUNT(*) > 1")
    assert subjects == "", f"messages queued twice:\n{subjects}"
    assert int(psql(pg_bin, url, "SELECT COUNT(*) FROM outbox")) > before
    # A node whose round was skipped (the other held the lock) may never have counted a run, so
    # its metrics may lack the family: the runs are summed over whichever node has it.
    runs = 0
    for node in (a, b):
        families = {f.name: f for f in text_string_to_metric_families(node.get("/metrics")[2].decode())}
        family = families.get("pasan_reminder_runs")
        runs += sum(s.value for s in family.samples if s.name.endswith("_total")) if family else 0
    assert runs >= 1


def test_a_node_that_loses_the_database_says_so_and_recovers_without_a_restart(pasan_bin, nodes, postgres_database, pg_bin):
    url = postgres_database()
    node = nodes(url, "a", args=["--demo"]).wait_ready()
    assert node.get("/readyz")[0] == 200
    assert node.get("/en/indicators/3.1.2")[0] == 200
    name = url.rsplit("/", 1)[1]
    admin = os.environ["PASAN_TEST_POSTGRES_URL"]
    # The database goes away: new connections refused, the node's own cut.
    psql(pg_bin, admin, f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false")
    psql(pg_bin, admin, f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
    try:
        wait_until(lambda: node.get("/readyz", timeout=15)[0] == 503, 30, "/readyz failing")
        # A cached page is still served; what needs the database (a session to look up, an
        # API list not asked before) gets 503 with a page that says to try again (after Pasan's
        # 10 s wait for a connection).
        assert node.get("/en/indicators/3.1.2", timeout=30)[0] == 200
        status, headers, body = node.get("/en/me", headers={"Cookie": "pasan_session=not-a-session"}, timeout=30)
        assert status == 503, (status, body[:300])
        assert "Retry-After" in headers and b"Temporarily unavailable" in body
        api = node.get("/api/v1/activities?institution=MOH", timeout=30)
        assert api[0] == 503 and b'"unavailable"' in api[2], api
    finally:
        psql(pg_bin, admin, f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true")
    wait_until(lambda: node.get("/readyz", timeout=15)[0] == 200, 60, "/readyz recovering")
    assert node.get("/api/v1/activities?institution=MOH", timeout=30)[0] == 200
    assert node.get("/en/me", headers={"Cookie": "pasan_session=not-a-session"}, timeout=30)[0] in (200, 303)
    assert node.process.poll() is None, "the node exited"
