# shellcheck shell=bash
# scripts/bench section "resilience" (sourced by scripts/bench with --only resilience; it uses
# its report, FAILED_TARGETS, TMP, OUT_DIR, PASAN_BIN, log, warn, free_ports, wait_for_url,
# stop_pid, pg_start and pg_stop). Two parts, issue 15 item 6; docs/operations/resilience.md.
#
# 1. kill -9 during uploads, on SQLite and on PostgreSQL (a throwaway cluster of its own; the
#    app is killed, never the database). The database is prepared once (`pasan bench-fixture
#    --cycle`: an open cycle where bench.owner@bench.test may fill BENCH01's submission of 4.1.1
#    at village level) and copied per trial (the file; CREATE DATABASE ... TEMPLATE). A trial:
#    `pasan serve` on the copy, sign in as that focal point, upload a 100,000-row tidy CSV
#    through the submission's upload form (as a focal point does), `kill -9` the server at a
#    planned moment, restart it (time to /healthz), then count what the submission holds with
#    the sqlite3 shell / psql and run PRAGMA integrity_check (SQLite). All rows (and all their
#    claimed cells, and the submission at version 1) or none (no submission): anything else is
#    half-written. Kill moments: one upload first runs unkilled to find when its write
#    transaction runs; then a third of the trials are killed before it, a third during it and a
#    third after it (up to 0.5 s past the answer), at random within each window. Each trial
#    also records what it saw at the kill: whether the write transaction was open (SQLite: the
#    WAL write lock, byte 120 of the -shm file, in /proc/locks; PostgreSQL: a backend of the
#    trial database holding a transaction id). Targets: half-written 0, integrity failures 0.
# 2. Load: a fresh `pasan serve --demo` (SQLite, the embedded default; then the same on
#    PostgreSQL unless PASAN_RESILIENCE_PG_LOAD_SECONDS=0), and wrk with 200 connections for
#    10 minutes running scripts/bench.d/resilience-mix.lua: Lao and English indicator, goal and
#    place pages, API calls, sign-ins (demo accounts, passwords from the server's first-start
#    output) and a signed-in focal point saving values into the open cycle's submissions.
#    Errors: non-2xx/3xx answers and socket errors (every request of the mix expects 200 or
#    303). Peak RSS of the server: VmHWM from /proc/PID/status (and VmRSS sampled each second).
#    Targets: 0 errors, peak RSS under 150 MB; p50/p99 latency reported.
#
# Environment: PASAN_RESILIENCE_TRIALS (50 per engine), PASAN_RESILIENCE_LOAD_SECONDS (600),
#   PASAN_RESILIENCE_PG_LOAD_SECONDS (as the SQLite load; 0 skips it), PASAN_RESILIENCE_CLIENTS
#   (200), PASAN_RESILIENCE_SIGNINS_PER_S (1: at most so many sign-ins a second in all, one at
#   a time per wrk thread),
#   PASAN_RESILIENCE_SEED (15: the kill moments' random seed).
# Raw output: .build/bench/raw/resilience/ (one JSON line per trial, wrk output, server logs).

RES_TRIALS="${PASAN_RESILIENCE_TRIALS:-50}"
RES_LOAD_SECONDS="${PASAN_RESILIENCE_LOAD_SECONDS:-600}"
RES_PG_LOAD_SECONDS="${PASAN_RESILIENCE_PG_LOAD_SECONDS:-$RES_LOAD_SECONDS}"
RES_CLIENTS="${PASAN_RESILIENCE_CLIENTS:-200}"
RES_SIGNINS_PER_S="${PASAN_RESILIENCE_SIGNINS_PER_S:-1}"
RES_THREADS=2
RES_ROWS=100000
RES_RSS_TARGET_MB=150
res_dir="$TMP/resilience"
# Raw output is written under TMP and copied to .build/bench/raw/resilience at the end (another
# scripts/bench run, of another section, empties .build/bench/raw when it starts).
res_raw="$res_dir/raw"
res_raw_kept="$OUT_DIR/raw/resilience"
mkdir -p "$res_dir" "$res_raw"
res_keep_raw() { mkdir -p "$res_raw_kept" && cp -R "$res_raw/." "$res_raw_kept/" 2>/dev/null; }
RES_DRIVER_PID=""
RES_LOAD_PID=""
RES_RSS_PID=""
PG_DIR=""

# Our own processes and the PostgreSQL cluster, then scripts/bench's own cleanup (with the
# exit status it would have had).
# shellcheck disable=SC2317  # runs from the EXIT trap
resilience_cleanup() {
  local rc=$?
  set +e
  stop_pid "$RES_DRIVER_PID" 30
  res_keep_raw
  stop_pid "$RES_RSS_PID" 5
  stop_pid "$RES_LOAD_PID" 10
  pg_stop
  (exit "$rc")
  cleanup
}
trap resilience_cleanup EXIT

ensure_apt_packages sqlite3 postgresql-client || warn "could not install sqlite3 and psql"
command -v sqlite3 >/dev/null 2>&1 || fail_setup "the sqlite3 shell is missing (apt-get install sqlite3)"

# ------------------------------------------------------------------ kill -9 during uploads
cat >"$res_dir/killtrials.py" <<'PY'
"""kill -9 during a 100,000-row upload, then a restart, then: all rows or none.

Arguments: ENGINE PASAN_BIN TEMPLATE WORK CSV TRIALS PORT OUT_JSONL [PSQL ADMIN_URL TRIAL_URL_BASE]
  ENGINE      sqlite or postgres
  TEMPLATE    sqlite: the prepared database file; postgres: the prepared database's name
  WORK        sqlite: the trial database file (a copy of TEMPLATE per trial); postgres: the
              trial database's name (CREATE DATABASE WORK TEMPLATE TEMPLATE per trial)
One JSON line per trial in OUT_JSONL; a summary as KEY=VALUE lines on standard output.
"""

import atexit
import http.client
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

engine, pasan, template, work, csv_path, trials, port, out_path = sys.argv[1:9]
trials, port = int(trials), int(port)
psql = admin_url = url_base = None
if engine == "postgres":
    psql, admin_url, url_base = sys.argv[9:12]
SUBMISSION = "/en/cycles/1/submissions/BENCH01/4.1.1"
EMAIL, PASSWORD = "bench.owner@bench.test", "bench owner password"
csv_bytes = open(csv_path, "rb").read()
rows_in_upload = csv_bytes.count(b"\n") - 1
random.seed(int(os.environ.get("PASAN_RESILIENCE_SEED", "15")))
COUNT_SQL = (
    "SELECT (SELECT COUNT(*) FROM submission_values v JOIN submissions s ON s.id = v.submission_id"
    " WHERE s.cycle_id = 1 AND s.institution = 'BENCH01' AND s.indicator = '4.1.1'),"
    " (SELECT COUNT(*) FROM cycle_cells WHERE cycle_id = 1 AND indicator = '4.1.1' AND institution = 'BENCH01'),"
    " (SELECT COUNT(*) FROM submissions WHERE cycle_id = 1 AND institution = 'BENCH01' AND indicator = '4.1.1'),"
    " (SELECT COALESCE(MAX(version), -1) FROM submissions WHERE cycle_id = 1 AND institution = 'BENCH01' AND indicator = '4.1.1')"
)


def database_url():
    if engine == "sqlite":
        return "sqlite://" + work
    return url_base + work


def sql(query, admin=False):
    """One query on the trial database (or, admin, PostgreSQL's maintenance database) with the
    engine's own shell (sqlite3 or psql); '|'-separated output."""
    if engine == "sqlite":
        out = subprocess.run(["sqlite3", work, query], capture_output=True, text=True, timeout=300)
    else:
        out = subprocess.run(
            [psql, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", admin_url if admin else url_base + work, "-c", query],
            capture_output=True, text=True, timeout=300,
        )
    if out.returncode != 0:
        raise RuntimeError(f"{query[:60]}: {out.stderr.strip()}")
    return out.stdout.strip()


def prepare():
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm", ".lock"):
            if os.path.exists(work + suffix):
                os.remove(work + suffix)
        shutil.copyfile(template, work)
    else:
        sql(f'DROP DATABASE IF EXISTS "{work}" WITH (FORCE)', admin=True)
        sql(f'CREATE DATABASE "{work}" TEMPLATE "{template}"', admin=True)


class TransactionProbe:
    """Whether the server is inside a write transaction right now.
    SQLite: the WAL write lock (byte 120 of the -shm file, an fcntl lock that BEGIN IMMEDIATE
    takes and COMMIT or ROLLBACK gives back) in /proc/locks. PostgreSQL: a backend of the
    trial database with a transaction id (it has written something and not yet ended)."""

    def __init__(self):
        self.monitor = None
        if engine == "postgres":
            self.monitor = subprocess.Popen(
                [psql, "-X", "-q", "-At", "-d", admin_url], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
            )

    def open_now(self):
        if engine == "sqlite":
            try:
                inode = os.stat(work + "-shm").st_ino
            except FileNotFoundError:
                return False
            with open("/proc/locks") as f:
                for line in f:
                    parts = line.split()
                    # "N: POSIX ADVISORY WRITE PID MAJ:MIN:INODE START END"
                    if len(parts) >= 8 and parts[1] == "POSIX" and parts[3] == "WRITE":
                        if parts[5].rsplit(":", 1)[-1] == str(inode) and parts[6] == "120":
                            return True
            return False
        self.monitor.stdin.write(
            f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{work}' AND backend_xid IS NOT NULL;\n"
        )
        self.monitor.stdin.flush()
        return self.monitor.stdout.readline().strip() not in ("", "0")

    def close(self):
        if self.monitor:
            self.monitor.stdin.close()
            self.monitor.wait(timeout=10)


def start_server(log_name):
    log = open(log_name, "ab")
    started = time.monotonic()
    proc = subprocess.Popen(
        [pasan, "serve", "--host", "127.0.0.1", "--port", str(port), "--database-url", database_url()],
        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = started + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"pasan serve exited with {proc.returncode} (see {log_name})")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return proc, time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.02)
    proc.kill()
    raise RuntimeError(f"pasan serve did not answer /healthz in 120 s (see {log_name})")


class Browser:
    def __init__(self):
        self.jar = {}

    def call(self, method, path, body=None, headers=None, timeout=120):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        headers = dict(headers or {})
        if self.jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        conn.request(method, path, body, headers)
        response = conn.getresponse()
        data = response.read()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";")[0].partition("=")
            self.jar[name.strip()] = value.strip()
        conn.close()
        return response.status, data.decode("utf-8", "replace")

    def field(self, html, name):
        found = re.search(r'name="%s" value="([^"]*)"' % re.escape(name), html)
        return found.group(1) if found else None


def signed_in_upload_request():
    """Signs in as the submission's owner focal point; the upload's path, body and headers."""
    b = Browser()
    status, html = b.call("GET", "/en/sign-in")
    form = urllib.parse.urlencode({"_csrf": b.field(html, "_csrf"), "email": EMAIL, "password": PASSWORD})
    status, _ = b.call("POST", "/en/sign-in", form, {"Content-Type": "application/x-www-form-urlencoded"})
    if status != 303:
        raise RuntimeError(f"sign-in answered {status}")
    status, page = b.call("GET", SUBMISSION)
    if status != 200:
        raise RuntimeError(f"GET {SUBMISSION} answered {status}")
    token, version = b.field(page, "_csrf"), b.field(page, "version") or "0"
    boundary = "PasanResilience%016x" % random.getrandbits(64)
    parts = []
    for name, value in (("_csrf", token), ("version", version), ("comment", "resilience trial")):
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="villages.csv"\r\n'
        f"Content-Type: text/csv\r\n\r\n".encode()
    )
    body = b"".join(parts) + csv_bytes + f"\r\n--{boundary}--\r\n".encode()
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Cookie": "; ".join(f"{k}={v}" for k, v in b.jar.items()),
    }
    return SUBMISSION + "/upload", body, headers


def upload(path, body, headers, result):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        conn.request("POST", path, body, headers)
        response = conn.getresponse()
        response.read()
        result["status"] = response.status
    except Exception as error:  # the server was killed: the connection breaks
        result["status"] = type(error).__name__
    result["at"] = time.monotonic()


# The upload's write transaction takes seconds; a write transaction seen for less than this is
# another request's (the session's, a sign-in's record), which the probe cannot tell apart.
SHORTEST_UPLOAD_TRANSACTION = 0.05


def run_upload(kill_plan):
    """One upload; kill -9 the server at the moment kill_plan = (window, u) says (None: never),
    sampling the write transaction every few milliseconds. Windows: "before" kills u times the
    calibration's time to the transaction's start after the request starts; "during" kills u
    times the calibration's transaction length after this upload's transaction was seen to
    open; "after" kills u times 0.5 s after it was seen to close (or the answer came)."""
    path, body, headers = signed_in_upload_request()
    result = {}
    opened = closed = killed = None
    t0 = time.monotonic()
    thread = threading.Thread(target=upload, args=(path, body, headers, result))
    thread.start()
    state_at_kill = None
    while True:
        now = time.monotonic() - t0
        is_open = probe.open_now()
        if closed is None:
            if is_open and opened is None:
                opened = now
            if not is_open and opened is not None:
                if now - opened >= SHORTEST_UPLOAD_TRANSACTION:
                    closed = now
                else:  # a few milliseconds: another request's write (a session's), not the upload's
                    opened = None
        answered_at = result["at"] - t0 if "at" in result else None
        due = None
        if kill_plan is not None:
            window, u = kill_plan
            if window == "before":
                due = u * tx_open
            elif window == "during" and opened is not None:
                due = opened + u * (tx_closed - tx_open)
            elif window == "after" and (closed is not None or answered_at is not None):
                due = min(x for x in (closed, answered_at) if x is not None) + u * 0.5
            if due is None and answered_at is not None:
                due = answered_at + u * 0.5  # the transaction was never seen: kill after the answer
        if due is not None and now >= due:
            state_at_kill = is_open and closed is None
            server.send_signal(signal.SIGKILL)
            killed = time.monotonic() - t0
            break
        if kill_plan is None and answered_at is not None:
            break
        if now > 240:
            raise RuntimeError("the upload neither ended nor reached its kill moment in 240 s")
        time.sleep(0.003)
    thread.join(timeout=310)
    if killed is not None:
        server.wait(timeout=30)
    answered = result.get("at") is not None and isinstance(result.get("status"), int)
    return {
        "kill_s": None if killed is None else round(killed, 4),
        "tx_open_s": None if opened is None else round(opened, 4),
        "tx_closed_s": None if closed is None else round(closed, 4),
        "tx_open_at_kill": state_at_kill,
        "http": result.get("status"),
        "answered_s": round(result["at"] - t0, 4) if answered else None,
    }


def counts():
    values, cells, submissions, version = (int(x) for x in sql(COUNT_SQL).split("|"))
    return {"values": values, "cells": cells, "submissions": submissions, "version": version}


logs = os.path.dirname(out_path)
probe = TransactionProbe()
server = None


def stop_server_at_exit():
    if server is not None and server.poll() is None:
        server.kill()
        server.wait(timeout=30)


atexit.register(stop_server_at_exit)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

# Calibration: one upload on a fresh copy, not killed, to find when the write transaction runs.
prepare()
server, first_start = start_server(os.path.join(logs, f"{engine}-calibration.log"))
calibration = run_upload(None)
calibration.update(counts())
server.terminate()
server.wait(timeout=30)
if calibration["http"] != 303 or calibration["values"] != rows_in_upload:
    print(f"error=calibration upload answered {calibration['http']} and stored {calibration['values']} of {rows_in_upload} rows")
    sys.exit(3)
tx_open = calibration["tx_open_s"] or calibration["answered_s"] * 0.5
tx_closed = calibration["tx_closed_s"] or calibration["answered_s"]
answered = calibration["answered_s"]
# Kill moments: a third before the write transaction, a third during it, a third after it,
# each at random within its window (see run_upload), in random order.
plan = [(("before", "during", "after")[i % 3], random.uniform(0.0, 1.0)) for i in range(trials)]
random.shuffle(plan)

with open(out_path, "w") as out:
    out.write(json.dumps({"calibration": calibration, "first_start_s": round(first_start, 3)}) + "\n")
    for trial, kill_plan in enumerate(plan, 1):
        prepare()
        server, _ = start_server(os.path.join(logs, f"{engine}-trial-{trial}.log"))
        record = {"trial": trial, "planned": kill_plan[0], "u": round(kill_plan[1], 4)}
        record.update(run_upload(kill_plan))
        server, restart = start_server(os.path.join(logs, f"{engine}-trial-{trial}.log"))
        record["restart_s"] = round(restart, 3)
        status, _ = Browser().call("GET", "/en/indicators/4.1.1")
        record["page_after_restart"] = status
        # Checked beside the restarted server (it has opened the database and recovered it).
        record.update(counts())
        record["integrity"] = sql("PRAGMA integrity_check") if engine == "sqlite" else "n/a"
        server.terminate()
        server.wait(timeout=30)
        if record["tx_open_at_kill"]:
            moment = "during"
        elif record["answered_s"] is not None or record["tx_closed_s"] is not None:
            moment = "after"
        elif record["tx_open_s"] is None:
            moment = "before"
        else:
            moment = "after"
        record["moment"] = moment
        v, c, s = record["values"], record["cells"], record["submissions"]
        if v == rows_in_upload and c == rows_in_upload and s == 1 and record["version"] == 1:
            record["outcome"] = "all"
        elif v == 0 and c == 0 and s == 0:
            record["outcome"] = "none"
        else:
            record["outcome"] = "half"
        out.write(json.dumps(record) + "\n")
        out.flush()
        print(
            f"[resilience] {engine} trial {trial}/{trials}: kill at {record['kill_s']:.3f} s ({moment}), "
            f"{record['outcome']} ({v} values, {c} cells), integrity {record['integrity']}, restart {restart:.2f} s",
            file=sys.stderr,
        )
probe.close()
if engine == "postgres":
    sql(f'DROP DATABASE IF EXISTS "{work}" WITH (FORCE)', admin=True)

records = [json.loads(line) for line in open(out_path)][1:]
restarts = sorted(r["restart_s"] for r in records)
print(f"rows={rows_in_upload}")
print(f"trials={len(records)}")
print(f"all={sum(r['outcome'] == 'all' for r in records)}")
print(f"none={sum(r['outcome'] == 'none' for r in records)}")
print(f"half={sum(r['outcome'] == 'half' for r in records)}")
print(f"integrity_failures={sum(r['integrity'] not in ('ok', 'n/a') for r in records)}")
print(f"page_failures={sum(r['page_after_restart'] != 200 for r in records)}")
for moment in ("before", "during", "after"):
    these = [r for r in records if r["moment"] == moment]
    print(f"{moment}={len(these)}")
    print(f"{moment}_all={sum(r['outcome'] == 'all' for r in these)}")
    print(f"{moment}_none={sum(r['outcome'] == 'none' for r in these)}")
print(f"restart_median={statistics.median(restarts):.2f}")
print(f"restart_max={restarts[-1]:.2f}")
print(f"upload_s={answered:.2f}")
print(f"tx_window={tx_open:.2f}-{tx_closed:.2f}")
PY

cat >"$res_dir/plan.py" <<'PY'
"""The load's plan for resilience-mix.lua: public GETs, pre-fetched sign-in forms, and a
signed-in focal point's submissions. Arguments: PORT LOG PLAN (LOG: the --demo server's output,
which lists the demo accounts and their passwords)."""

import http.client
import re
import sys
import urllib.parse

port, log_path, plan_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
accounts = dict(re.findall(r"^\s+\S+\s+(\S+@pasan\.demo)\s+(\S+)\s*$", open(log_path).read(), re.M))
if "moh.owner@pasan.demo" not in accounts:
    sys.exit("the demo accounts are not in the server's log")


def call(method, path, body=None, headers=None, jar=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = dict(headers or {})
    if jar:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
    conn.request(method, path, body, headers)
    response = conn.getresponse()
    data = response.read().decode("utf-8", "replace")
    if jar is not None:
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";")[0].partition("=")
            jar[name.strip()] = value.strip()
    conn.close()
    return response.status, data, response.headers


def field(html, name):
    found = re.search(r'name="%s" value="([^"]*)"' % re.escape(name), html)
    return found.group(1) if found else None


def signin_form(email):
    jar = {}
    _, html, _ = call("GET", "/en/sign-in", jar=jar)
    cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
    body = urllib.parse.urlencode({"_csrf": field(html, "_csrf"), "email": email, "password": accounts[email]})
    return cookie, body, jar


lines = []
problems = []
# Public pages (Lao and English) and API calls; a path listed twice is asked twice as often.
gets = []
for language in ("en", "lo"):
    gets += [f"/{language}/indicators/{code}" for code in ("3.1.2", "3.2.1", "4.1.1", "6.1.1", "8.5.2")]
    gets += [f"/{language}/goals/{goal}" for goal in (1, 3, 4, 6, 17)]
    gets += [f"/{language}/places/{code}" for code in ("01", "03", "06", "13")]
    gets += [f"/{language}/", f"/{language}/progress"]
gets += ["/api/v1/indicators", "/api/v1/indicators?goal=3", "/api/v1/indicators/3.1.2", "/api/v1/indicators/3.1.2/data",
         "/api/v1/indicators/3.2.1/data", "/api/v1/progress", "/api/v1/areas?level=province", "/api/v1/activities",
         "/api/v1/activities?area=01", "/api/v1/activities?sdg=3"] * 2
for path in sorted(set(gets)):
    status, _, _ = call("GET", path)
    if status != 200:
        problems.append(f"GET {path} answered {status} (left out)")
        gets = [g for g in gets if g != path]
lines += [f"get\t{path}" for path in gets]

# Sign-in forms: each pair (pre-sign-in cookie, form with the CSRF field) is posted again and
# again; every POST is a full sign-in. Checked once each here.
for email in ("viewer@pasan.demo", "officer@pasan.demo", "moh.reporter@pasan.demo", "lsb.reviewer@pasan.demo"):
    cookie, body, _ = signin_form(email)
    status, _, headers = call("POST", "/en/sign-in", body, {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    if status != 303:
        problems.append(f"sign-in as {email} answered {status} (left out)")
        continue
    lines.append(f"signin\t{cookie}\t{body}")

# The focal point's submissions in the open cycle that accept values (a form posting to …/save).
cookie, body, jar = signin_form("moh.owner@pasan.demo")
status, _, _ = call("POST", "/en/sign-in", body, {"Content-Type": "application/x-www-form-urlencoded"}, jar=jar)
if status != 303:
    sys.exit(f"sign-in as moh.owner@pasan.demo answered {status}")
session = "; ".join(f"{k}={v}" for k, v in jar.items())
status, cycles, _ = call("GET", "/api/v1/cycles")
open_cycles = sorted(set(int(c) for c in re.findall(r'"id"\s*:\s*(\d+)[^{}]*"status"\s*:\s*"open"', cycles)))
submits = 0
for cycle in open_cycles or [2]:
    status, page, _ = call("GET", f"/en/cycles/{cycle}", jar=dict(jar))
    paths = sorted(set(re.findall(rf'href="(/en/cycles/{cycle}/submissions/MOH/[0-9a-z.]+)"', page)))
    for path in paths or [f"/en/cycles/{cycle}/submissions/MOH/3.b.1", f"/en/cycles/{cycle}/submissions/MOH/3.2.1"]:
        status, page, _ = call("GET", path, jar=dict(jar))
        if status != 200 or f'action="{path}/save"' not in page:
            continue
        names = re.findall(r'name="(v~[^"~]+~LA~~\d{4})"', page)
        if not names:
            continue
        series = names[0].split("~")[1]
        fields = "&".join(urllib.parse.quote(n, safe="") + "=VALUE" for n in names if n.split("~")[1] == series)
        # One save by hand, so that a value the check refuses is found here and not under load.
        form = f"_csrf={field(page, '_csrf')}&version={field(page, 'version')}&comment=load+test&" + fields.replace("VALUE", "80")
        status, _, headers = call("POST", path + "/save", form, {"Content-Type": "application/x-www-form-urlencoded"}, jar=dict(jar))
        if status != 303:
            problems.append(f"a save of {path} answered {status} (left out)")
            continue
        lines.append(f"submit\t{path}\t{session}\t{field(page, '_csrf')}\t{fields}")
        submits += 1
if submits == 0:
    sys.exit("no submission of moh.owner@pasan.demo in an open cycle accepts values")
with open(plan_path, "w") as f:
    f.write("\n".join(lines) + "\n")
print(f"{len(set(gets))} paths, {sum(l.startswith('signin') for l in lines)} sign-in forms, {submits} submissions")
for problem in problems:
    print("note: " + problem, file=sys.stderr)
PY

# res_trials ENGINE TEMPLATE WORK [PSQL ADMIN_URL URL_BASE]: run the trials (in the
# background, so that a signal reaches the EXIT trap at once); sets res_summary.
res_trials() {
  local engine="$1" port
  port="$(free_ports 1)"
  python3 "$res_dir/killtrials.py" "$engine" "$PASAN_BIN" "$2" "$3" "$res_dir/upload.csv" "$RES_TRIALS" "$port" \
    "$res_raw/$engine-trials.jsonl" "${@:4}" >"$res_dir/$engine-summary.txt" 2> >(tee "$res_raw/$engine-trials.log" >&2) &
  RES_DRIVER_PID=$!
  wait "$RES_DRIVER_PID" || warn "the $engine trials ended with status $? (see $res_raw_kept/$engine-trials.log)"
  RES_DRIVER_PID=""
  res_summary="$(cat "$res_dir/$engine-summary.txt")"
}
# res_get KEY: a value of res_summary ("KEY=VALUE" lines)
res_get() { sed -n "s/^$1=//p" <<<"$res_summary" | head -n1; }
# res_kill_report NAME: the report lines of one engine's trials
res_kill_report() {
  local name="$1" trials half integrity verdict
  trials="$(res_get trials)"
  half="$(res_get half)"
  integrity="$(res_get integrity_failures)"
  if [[ -n "$(res_get error)" || -z "$trials" ]]; then
    verdict="FAIL (could not run: $(res_get error))"
  elif [[ "$trials" != "$RES_TRIALS" || "$half" != 0 || "$integrity" != 0 ]]; then
    verdict="FAIL"
  else
    verdict="PASS"
  fi
  [[ "$verdict" == PASS ]] || FAILED_TARGETS=$((FAILED_TARGETS + 1))
  report "$(printf '  %-10s %6s %5s %5s %8s %10s %16s %14s  %s' "$name" "${trials:-0}" "$(res_get all)" "$(res_get none)" \
    "${half:-?}" "${integrity:-?}" "$(res_get before)/$(res_get during)/$(res_get after)" \
    "$(res_get restart_median)/$(res_get restart_max)" "$verdict")"
  report "$(printf '  %-10s upload %s s unkilled (write transaction %s s); all/none by kill moment: before %s/%s, during %s/%s, after %s/%s; pages after restart failed: %s' \
    "" "$(res_get upload_s)" "$(res_get tx_window)" "$(res_get before_all)" "$(res_get before_none)" \
    "$(res_get during_all)" "$(res_get during_none)" "$(res_get after_all)" "$(res_get after_none)" "$(res_get page_failures)")"
}

log "resilience: preparing the SQLite database (pasan bench-fixture --cycle) and the ${RES_ROWS}-row upload"
res_template="$res_dir/template.sqlite"
"$PASAN_BIN" bench-fixture --users 20 --assignments 50 --cycle --database-url "sqlite://$res_template" \
  >"$res_raw/fixture-sqlite.txt" 2>&1 || fail_setup "pasan bench-fixture --cycle failed (see $res_raw_kept/fixture-sqlite.txt)"
sqlite3 "$res_template" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
rm -f "$res_template-wal" "$res_template-shm" "$res_template.lock"
python3 - "$res_template" "$res_dir/upload.csv" "$RES_ROWS" <<'PY' || fail_setup "could not write the upload"
import random, sqlite3, sys
db, out, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
codes = [r[0] for r in sqlite3.connect(db).execute("SELECT code FROM areas WHERE level = 'village' ORDER BY code")]
random.seed(15)
n = 0
with open(out, "w") as f:
    f.write("Year,SERIES,UNIT_MEASURE,GeoCode,Value\n")
    for year in range(2014, 2025):  # the fixture's cycle asks for 2014-2024
        for code in codes:
            if n < rows:
                f.write(f"{year},SE_TOT_PRFL,PT,{code},{random.uniform(20, 95):.1f}\n")
                n += 1
sys.exit(0 if n == rows else f"only {n} village-years in the fixture")
PY

log "resilience: $RES_TRIALS kill -9 trials on SQLite"
res_trials sqlite "$res_template" "$res_dir/trial.sqlite"
sqlite_summary="$res_summary"

pg_summary="error=PostgreSQL did not start"
if pg_start; then
  PSQL="$PG_BINDIR/psql"
  [[ -x "$PSQL" ]] || PSQL="$(command -v psql)"
  pg_base="${PASAN_TEST_POSTGRES_URL%/postgres}/"
  log "resilience: preparing the PostgreSQL database"
  if "$PSQL" -X -q -d "$PASAN_TEST_POSTGRES_URL" -c "CREATE DATABASE resilience_template" >"$res_raw/fixture-postgres.txt" 2>&1 &&
    "$PASAN_BIN" bench-fixture --users 20 --assignments 50 --cycle --database-url "${pg_base}resilience_template" \
      >>"$res_raw/fixture-postgres.txt" 2>&1; then
    log "resilience: $RES_TRIALS kill -9 trials on PostgreSQL"
    res_trials postgres resilience_template resilience_trial "$PSQL" "$PASAN_TEST_POSTGRES_URL" "$pg_base"
    pg_summary="$res_summary"
  else
    pg_summary="error=pasan bench-fixture on PostgreSQL failed (see $res_raw_kept/fixture-postgres.txt)"
  fi
fi

report "Resilience: kill -9 during a ${RES_ROWS}-row upload (the submission's upload form, as a focal point), restart, check" \
  "$(printf '  %-10s %6s %5s %5s %8s %10s %16s %14s' engine trials all none half-written "integrity" "before/during/after" "restart s (med/max)")" \
  "$(printf '  %-10s %6s %5s %5s %8s %10s %16s %14s' "" "" "" "" "target 0" "target 0" "(kill moment)" "")"
res_summary="$sqlite_summary"
res_kill_report SQLite
res_summary="$pg_summary"
res_kill_report PostgreSQL
report ""

# ------------------------------------------------------------------------------ load
# res_load KEY LABEL DATABASE_URL SECONDS: a fresh --demo server on DATABASE_URL under the mix;
# the report lines; the server stopped at the end.
res_load() {
  local key="$1" name="$2" url="$3" seconds="$4" port base raw rss_max=0 hwm rss errors verdict
  local requests rps p50 p99 non2xx socket load_before
  port="$(free_ports 1)"
  base="http://127.0.0.1:$port"
  raw="$res_raw/wrk-$key.txt"
  log "resilience: load on $name: pasan serve --demo on 127.0.0.1:$port"
  "$PASAN_BIN" serve --host 127.0.0.1 --port "$port" --database-url "$url" --demo </dev/null >"$res_raw/load-$key.log" 2>&1 &
  RES_LOAD_PID=$!
  if ! wait_for_url "$base/healthz" "$SERVER_TIMEOUT" "$RES_LOAD_PID" "$res_raw/load-$key.log"; then
    FAILED_TARGETS=$((FAILED_TARGETS + 1))
    report "  $name: FAIL (pasan serve --demo did not become healthy)"
    stop_pid "$RES_LOAD_PID" 10
    RES_LOAD_PID=""
    return
  fi
  if ! python3 "$res_dir/plan.py" "$port" "$res_raw/load-$key.log" "$res_dir/plan-$key.tsv" >"$res_dir/plan-$key.txt" 2>"$res_raw/plan-$key.txt"; then
    FAILED_TARGETS=$((FAILED_TARGETS + 1))
    report "  $name: FAIL (the load's plan could not be made: $(tail -n1 "$res_raw/plan-$key.txt"))"
    stop_pid "$RES_LOAD_PID" 10
    RES_LOAD_PID=""
    return
  fi
  # VmRSS each second (the peak is VmHWM, read at the end; the samples are a cross-check).
  (
    while kill -0 "$RES_LOAD_PID" 2>/dev/null; do
      awk '/^VmRSS:/ {print $2}' "/proc/$RES_LOAD_PID/status" 2>/dev/null
      sleep 1
    done
  ) >"$res_dir/rss-$key.txt" &
  RES_RSS_PID=$!
  load_before="$(cut -d' ' -f1 /proc/loadavg)"
  log "resilience: load on $name: wrk -t$RES_THREADS -c$RES_CLIENTS -d${seconds}s ($(cat "$res_dir/plan-$key.txt"))"
  wrk -t"$RES_THREADS" -c"$RES_CLIENTS" -d"${seconds}s" --timeout 10s --latency -s "$ROOT/scripts/bench.d/resilience-mix.lua" \
    "$base" -- "$res_dir/plan-$key.tsv" "$RES_SIGNINS_PER_S" "$RES_THREADS" >"$raw" 2>&1 || warn "wrk ended with status $?"
  hwm="$(awk '/^VmHWM:/ {printf "%.1f", $2 / 1024}' "/proc/$RES_LOAD_PID/status" 2>/dev/null || echo "?")"
  rss="$(awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$RES_LOAD_PID/status" 2>/dev/null || echo "?")"
  stop_pid "$RES_RSS_PID" 5
  RES_RSS_PID=""
  rss_max="$(sort -n "$res_dir/rss-$key.txt" | tail -n1 | awk '{printf "%.1f", $1 / 1024}')"
  stop_pid "$RES_LOAD_PID" 10
  RES_LOAD_PID=""
  read -r requests rps p50 p99 non2xx socket <<<"$(awk '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /m$/)  return substr(v, 1, length(v) - 1) * 60000
      if (v ~ /s$/)  return substr(v, 1, length(v) - 1) * 1000
      return v + 0
    }
    / requests in /                { n = $1 }
    /^Requests\/sec:/              { rps = $2 }
    /^ +50%/                       { p50 = ms($2) }
    /^ +99%/                       { p99 = ms($2) }
    /Non-2xx or 3xx responses:/    { bad += $NF }
    /^ +Socket errors:/            { gsub(/,/, ""); sock += $4 + $6 + $8 + $10 }
    END { printf "%d %.0f %.2f %.2f %d %d\n", n, rps, p50, p99, bad, sock }
  ' "$raw")"
  mix() { awk -v k="$1" '$1 == "resilience-mix" && $2 == k {print $3; found = 1} END {if (!found) print 0}' "$raw"; }
  errors=$((non2xx + socket))
  if ((requests == 0)); then
    verdict="FAIL (wrk made no requests; see $res_raw_kept/wrk-$key.txt)"
  elif ((errors > 0)); then
    verdict="FAIL ($errors errors)"
  elif (($(mix saved) == 0 || $(mix signed-in) == 0)); then
    verdict="FAIL (no save or no sign-in succeeded)"
  else
    verdict="$(awk -v m="$hwm" -v t="$RES_RSS_TARGET_MB" 'BEGIN {print (m != "?" && m < t ? "PASS" : "FAIL (RSS)")}')"
  fi
  [[ "$verdict" == PASS ]] || FAILED_TARGETS=$((FAILED_TARGETS + 1))
  report "  $name: $requests requests ($rps req/s); errors $errors (non-2xx/3xx $non2xx, socket $socket) target 0; latency p50 ${p50} ms, p99 ${p99} ms; peak RSS ${hwm} MB (VmHWM; sampled VmRSS max ${rss_max} MB, at the end ${rss} MB) target under ${RES_RSS_TARGET_MB} MB  $verdict" \
    "    the mix: $(mix get) page and API GETs, $(mix submission-page) submission pages read; $(mix signin) sign-ins ($(mix signed-in) answered 303 to /en/me; p50 $(mix signin-p50-ms) ms, p99 $(mix signin-p99-ms) ms, max $(mix signin-max-ms) ms); $(mix save) saves ($(mix saved) saved, $(mix save-refused-409) refused as concurrent edits; p50 $(mix save-p50-ms) ms, p99 $(mix save-p99-ms) ms, max $(mix save-max-ms) ms)" \
    "    machine load average (1 min) before / after: $load_before / $(cut -d' ' -f1 /proc/loadavg) (2 cores, shared with whatever else runs)"
}

report "Resilience: $RES_CLIENTS clients (wrk -t$RES_THREADS -c$RES_CLIENTS, resilience-mix.lua), fresh --demo server: pages, API, sign-ins (${RES_SIGNINS_PER_S}/s), saves"
res_load sqlite "SQLite (${RES_LOAD_SECONDS} s, the embedded default)" "sqlite://$res_dir/load.sqlite" "$RES_LOAD_SECONDS"
if ((RES_PG_LOAD_SECONDS > 0)) && [[ -n "$PG_DIR" ]]; then
  "$PSQL" -X -q -d "$PASAN_TEST_POSTGRES_URL" -c "CREATE DATABASE resilience_load" >>"$res_raw/fixture-postgres.txt" 2>&1 ||
    warn "CREATE DATABASE resilience_load failed"
  res_load postgres "PostgreSQL (${RES_PG_LOAD_SECONDS} s)" "${pg_base}resilience_load" "$RES_PG_LOAD_SECONDS"
fi
report ""
pg_stop
