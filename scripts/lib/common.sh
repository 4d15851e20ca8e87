# shellcheck shell=bash
# Shared helpers for scripts/test and scripts/bench. Source it; do not run it.
#
#   log / warn / die               messages on stderr, prefixed with the script name
#   is_root                        true when running as uid 0
#   ensure_apt_packages PKG...     install the Debian packages that are missing (only those)
#   pick_python                    echo the python3 to use (Debian's /usr/bin/python3 first)
#   free_ports [N]                 echo N distinct free TCP ports on 127.0.0.1, one a line
#   wait_for_url URL SECS [PID] [LOG]   poll URL until it answers 2xx; fail early if PID dies
#   stop_pid PID [SECS]            TERM, then KILL, a process we started
#   run_child CMD... / stop_child  run a long command so that traps can end it at once
#   pg_start / pg_stop             throwaway PostgreSQL cluster (see pg_start)
#   smtp_start PY / smtp_stop      throwaway aiosmtpd SMTP sink writing to a Maildir (see smtp_start)
#   dhis2_start / dhis2_stop       the DHIS2 stand-in, tests/dhis2/standin.py (see dhis2_start)
#
# Only loopback addresses are ever contacted by these helpers.

# Never send loopback traffic through a proxy that may be configured in the environment.
export no_proxy="127.0.0.1,localhost,::1${no_proxy:+,$no_proxy}"
export NO_PROXY="$no_proxy"

PASAN_SCRIPT_NAME="${PASAN_SCRIPT_NAME:-$(basename "${0:-pasan}")}"

log()  { printf '[%s] %s\n' "$PASAN_SCRIPT_NAME" "$*" >&2; }
warn() { printf '[%s] WARNING: %s\n' "$PASAN_SCRIPT_NAME" "$*" >&2; }
die()  { printf '[%s] ERROR: %s\n' "$PASAN_SCRIPT_NAME" "$*" >&2; exit 1; }

is_root() { [[ "$(id -u)" -eq 0 ]]; }

# dpkg_installed PKG: true when the Debian package is installed (not just known).
dpkg_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

# ensure_apt_packages PKG...
# Installs, quietly and non-interactively, the packages that are not installed yet.
# Does nothing (not even `apt-get update`) when everything is there. When not root,
# prints the command to run and returns 1. While installing, services that the
# packages would normally start (the default PostgreSQL cluster, nginx on :80) are
# kept from starting through a temporary policy-rc.d, unless one already exists.
ensure_apt_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg_installed "$pkg" || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0

  if ! is_root; then
    warn "missing Debian packages: ${missing[*]}"
    warn "install them with:  sudo apt-get install -y ${missing[*]}"
    return 1
  fi

  log "installing Debian packages: ${missing[*]}"
  local aptlog policy=/usr/sbin/policy-rc.d made_policy=0 rc=0
  aptlog="$(mktemp /tmp/pasan-apt.XXXXXX.log)"
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1
  fi
  {
    DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
  } >"$aptlog" 2>&1 || rc=$?
  ((made_policy)) && rm -f "$policy"
  if ((rc != 0)); then
    tail -n 40 "$aptlog" >&2
    warn "apt-get failed (exit $rc); full log: $aptlog"
    return 1
  fi
  rm -f "$aptlog"
  for pkg in "${missing[@]}"; do
    dpkg_installed "$pkg" || { warn "package $pkg still not installed"; return 1; }
  done
}

# pick_python: Debian's python3 when present (what a fresh Debian machine has), else
# whatever python3 is on PATH.
pick_python() {
  if [[ -x /usr/bin/python3 ]]; then
    echo /usr/bin/python3
  elif command -v python3 >/dev/null 2>&1; then
    command -v python3
  else
    return 1
  fi
}

# free_ports [N]: N distinct TCP ports that are free on 127.0.0.1 right now. All N
# sockets are held open together so the answers cannot repeat.
free_ports() {
  local n="${1:-1}" py
  py="$(pick_python)" || { warn "python3 is needed to pick a free port"; return 1; }
  "$py" - "$n" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print("\n".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
PY
}

# wait_for_url URL TIMEOUT_SECONDS [PID] [LOGFILE]
# Polls URL with curl until it answers with a 2xx. Fails early if PID has exited. On
# failure prints the tail of LOGFILE (when given).
wait_for_url() {
  local url="$1" timeout="$2" pid="${3:-}" logfile="${4:-}" deadline
  deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    if curl -fsS --noproxy '*' -o /dev/null --max-time 2 "$url" 2>/dev/null; then
      return 0
    fi
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      warn "process $pid exited before $url answered"
      [[ -n "$logfile" && -f "$logfile" ]] && { warn "its log ($logfile):"; tail -n 60 "$logfile" >&2; }
      return 1
    fi
    sleep 0.25
  done
  warn "timed out after ${timeout}s waiting for $url"
  [[ -n "$logfile" && -f "$logfile" ]] && { warn "log ($logfile):"; tail -n 60 "$logfile" >&2; }
  return 1
}

# stop_pid PID [SECONDS]: SIGTERM, then SIGKILL after SECONDS (default 10); reaps it.
stop_pid() {
  local pid="$1" grace="${2:-10}" i
  [[ -n "$pid" ]] || return 0
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}

# run_child CMD...: run CMD in its own process group and wait for it, returning its
# exit code. While it runs CHILD_PID is set, so that a trap can end the whole tree at
# once with stop_child (a plain foreground command would delay the trap until it ends).
CHILD_PID=""
run_child() {
  local rc=0
  setsid "$@" &
  CHILD_PID=$!
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=""
  return "$rc"
}

# stop_child: end the process group started by run_child, if any (TERM, then KILL).
stop_child() {
  [[ -n "$CHILD_PID" ]] || return 0
  kill -TERM -- "-$CHILD_PID" 2>/dev/null || true
  local i
  for ((i = 0; i < 50; i++)); do
    kill -0 -- "-$CHILD_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$CHILD_PID" 2>/dev/null || true
  wait "$CHILD_PID" 2>/dev/null || true
  CHILD_PID=""
}

# ---------------------------------------------------------------------------------
# Throwaway PostgreSQL cluster
# ---------------------------------------------------------------------------------

PG_DIR=""      # temp dir holding data/, the unix socket and the server log
PG_PORT=""
PG_BINDIR=""
PG_RUNAS=()    # command prefix that runs a program as the cluster's OS user

# pg_find_bindir: newest /usr/lib/postgresql/<version>/bin that has pg_ctl.
pg_find_bindir() {
  local d best=""
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x "$d/pg_ctl" && -x "$d/initdb" ]] || continue
    if [[ -z "$best" ]] || [[ "$(printf '%s\n%s\n' "$best" "$d" | sort -V | tail -n1)" == "$d" ]]; then
      best="$d"
    fi
  done
  [[ -n "$best" ]] || return 1
  echo "$best"
}

# pg_os_user: the unprivileged OS user that owns the cluster when we are root
# (PostgreSQL refuses to run as root): `postgres` if present, else a `pasantest`
# system user, created on first use.
pg_os_user() {
  if id -u postgres >/dev/null 2>&1; then
    echo postgres
    return
  fi
  if ! id -u pasantest >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin pasantest >&2 ||
      return 1
  fi
  echo pasantest
}

# pg_start: initdb a fresh cluster in a temp dir, start it on 127.0.0.1 at a free
# port (trust auth, loopback only, durability off for speed) with superuser role
# `pasan`, wait until it accepts connections, and export
#   PASAN_TEST_POSTGRES_URL=postgres://pasan@127.0.0.1:PORT/postgres
# The caller must arrange for pg_stop to run (trap).
pg_start() {
  PG_BINDIR="$(pg_find_bindir)" || { warn "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"; return 1; }
  PG_DIR="$(mktemp -d /tmp/pasan-pg.XXXXXX)"
  chmod 700 "$PG_DIR"
  if is_root; then
    local user
    user="$(pg_os_user)" || { warn "could not find or create an unprivileged user for PostgreSQL"; return 1; }
    chown "$user:" "$PG_DIR"
    PG_RUNAS=(runuser -u "$user" --)
  else
    PG_RUNAS=()
  fi

  local locale=C
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale=C.UTF-8; fi
  if ! "${PG_RUNAS[@]}" "$PG_BINDIR/initdb" -D "$PG_DIR/data" -U pasan --auth=trust \
      --encoding=UTF8 --locale="$locale" --no-sync >"$PG_DIR/initdb.log" 2>&1; then
    cat "$PG_DIR/initdb.log" >&2
    warn "initdb failed"
    return 1
  fi

  # Only loopback, only trust. (Written as the cluster's user: the files are theirs.)
  "${PG_RUNAS[@]}" tee "$PG_DIR/data/pg_hba.conf" >/dev/null <<'EOF'
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  trust
host    all       all   127.0.0.1/32   trust
EOF

  local attempt
  for attempt in 1 2 3; do
    PG_PORT="$(free_ports 1)" || return 1
    "${PG_RUNAS[@]}" tee "$PG_DIR/data/postgresql.auto.conf" >/dev/null <<EOF
# throwaway test cluster made by scripts/test
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
max_connections = 1000
fsync = off
full_page_writes = off
synchronous_commit = off
logging_collector = off
log_min_messages = warning
EOF
    if "${PG_RUNAS[@]}" "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" \
        -w -t 60 -s start >/dev/null 2>&1; then
      break
    fi
    warn "PostgreSQL did not start on port $PG_PORT (attempt $attempt):"
    tail -n 20 "$PG_DIR/postgres.log" >&2 || true
    PG_PORT=""
  done
  [[ -n "$PG_PORT" ]] || { warn "could not start PostgreSQL"; return 1; }

  local i
  for ((i = 0; i < 120; i++)); do
    "$PG_BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U pasan -d postgres && break
    sleep 0.25
  done
  "$PG_BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U pasan -d postgres ||
    { warn "PostgreSQL is not ready on 127.0.0.1:$PG_PORT"; tail -n 40 "$PG_DIR/postgres.log" >&2; return 1; }

  export PASAN_TEST_POSTGRES_URL="postgres://pasan@127.0.0.1:$PG_PORT/postgres"
  log "PostgreSQL $("$PG_BINDIR/postgres" --version | awk '{print $3}') ready: $PASAN_TEST_POSTGRES_URL (data in $PG_DIR)"
}

# pg_stop: stop the cluster immediately and delete its directory. Idempotent.
pg_stop() {
  [[ -n "$PG_DIR" ]] || return 0
  if [[ -f "$PG_DIR/data/postmaster.pid" ]]; then
    "${PG_RUNAS[@]}" "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 30 -s stop >/dev/null 2>&1 || {
      # Last resort: kill the postmaster by the pid it recorded.
      local pid
      pid="$(head -n1 "$PG_DIR/data/postmaster.pid" 2>/dev/null || true)"
      [[ "$pid" =~ ^[0-9]+$ ]] && kill -KILL "$pid" 2>/dev/null
    }
  fi
  rm -rf "$PG_DIR"
  PG_DIR=""
  unset PASAN_TEST_POSTGRES_URL
}

# ---------------------------------------------------------------------------------
# Throwaway SMTP sink (aiosmtpd)
# ---------------------------------------------------------------------------------

SMTP_DIR=""    # temp dir holding maildir/ and the sink's log
SMTP_PID=""
SMTP_PORT=""

# smtp_wait_port PORT PID TIMEOUT_SECONDS: poll until 127.0.0.1:PORT accepts TCP connections;
# fail early if PID has exited.
smtp_wait_port() {
  local port="$1" pid="$2" deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# smtp_start PYTHON: start aiosmtpd (installed in PYTHON's environment) on 127.0.0.1 at a free
# port, storing every message it receives in a fresh Maildir, wait until it accepts
# connections, and export
#   PASAN_TEST_SMTP_URL=smtp://127.0.0.1:PORT
#   PASAN_TEST_MAILDIR=<temp dir>/maildir
# The caller must arrange for smtp_stop to run (trap).
smtp_start() {
  local py="$1" attempt
  "$py" -c 'import aiosmtpd' >/dev/null 2>&1 || { warn "aiosmtpd is not installed for $py"; return 1; }
  SMTP_DIR="$(mktemp -d /tmp/pasan-smtp.XXXXXX)"
  for attempt in 1 2 3; do
    SMTP_PORT="$(free_ports 1)" || return 1
    # -n: do not try to setuid to `nobody`; the Mailbox handler writes a Maildir.
    "$py" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$SMTP_DIR/maildir" \
      </dev/null >>"$SMTP_DIR/aiosmtpd.log" 2>&1 &
    SMTP_PID=$!
    if smtp_wait_port "$SMTP_PORT" "$SMTP_PID" 30; then
      break
    fi
    warn "the aiosmtpd SMTP sink did not start on port $SMTP_PORT (attempt $attempt):"
    tail -n 20 "$SMTP_DIR/aiosmtpd.log" >&2 || true
    stop_pid "$SMTP_PID" 5
    SMTP_PID=""
    SMTP_PORT=""
  done
  [[ -n "$SMTP_PID" ]] || { warn "could not start the aiosmtpd SMTP sink"; return 1; }

  export PASAN_TEST_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
  export PASAN_TEST_MAILDIR="$SMTP_DIR/maildir"
  log "aiosmtpd $("$py" -m aiosmtpd --version 2>&1 | awk '{print $NF}') ready: $PASAN_TEST_SMTP_URL (Maildir $PASAN_TEST_MAILDIR)"
}

# smtp_stop: stop the sink and delete its directory (and the messages in it). Idempotent.
smtp_stop() {
  if [[ -n "$SMTP_PID" ]]; then
    stop_pid "$SMTP_PID" 5
    SMTP_PID=""
  fi
  [[ -n "$SMTP_DIR" ]] && rm -rf "$SMTP_DIR"
  SMTP_DIR=""
  SMTP_PORT=""
  unset PASAN_TEST_SMTP_URL PASAN_TEST_MAILDIR
}

# ---------------------------------------------------------------------------------
# DHIS2 stand-in (tests/dhis2/standin.py; its README says what it answers)
# ---------------------------------------------------------------------------------

DHIS2_DIR=""   # temp dir holding the port file and the stand-in's log
DHIS2_PID=""

# dhis2_start: start the DHIS2 stand-in (Python 3 standard library only) on 127.0.0.1 at a free
# port it picks itself (--port 0, written to a port file), wait until it answers, and export
#   PASAN_TEST_DHIS2_URL=http://127.0.0.1:PORT
#   PASAN_TEST_DHIS2_TOKEN=d2pat_...            (Authorization: ApiToken ...)
#   PASAN_TEST_DHIS2_USER=admin  PASAN_TEST_DHIS2_PASSWORD=district   (Basic)
# These are the stand-in's fixed test credentials, not secrets. The caller must arrange for
# dhis2_stop to run (trap).
dhis2_start() {
  local py root script i port=""
  py="$(pick_python)" || { warn "python3 is needed for the DHIS2 stand-in"; return 1; }
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  script="$root/tests/dhis2/standin.py"
  DHIS2_DIR="$(mktemp -d /tmp/pasan-dhis2.XXXXXX)"
  "$py" "$script" --host 127.0.0.1 --port 0 --port-file "$DHIS2_DIR/port" \
    </dev/null >>"$DHIS2_DIR/standin.log" 2>&1 &
  DHIS2_PID=$!
  for ((i = 0; i < 300; i++)); do
    if [[ -s "$DHIS2_DIR/port" ]]; then
      port="$(head -n1 "$DHIS2_DIR/port")"
      break
    fi
    kill -0 "$DHIS2_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [[ -z "$port" ]] || ! wait_for_url "http://127.0.0.1:$port/__standin/health" 30 "$DHIS2_PID" "$DHIS2_DIR/standin.log"; then
    warn "the DHIS2 stand-in did not start:"
    tail -n 20 "$DHIS2_DIR/standin.log" >&2 || true
    return 1
  fi
  export PASAN_TEST_DHIS2_URL="http://127.0.0.1:$port"
  export PASAN_TEST_DHIS2_TOKEN="d2pat_pnYn8adyxM0kjXZkOUrY7SOhF96h9ktn2188301857"
  export PASAN_TEST_DHIS2_USER="admin"
  export PASAN_TEST_DHIS2_PASSWORD="district"
  log "DHIS2 stand-in ready: $PASAN_TEST_DHIS2_URL (log $DHIS2_DIR/standin.log)"
}

# dhis2_stop: stop the stand-in and delete its directory. Idempotent.
dhis2_stop() {
  if [[ -n "$DHIS2_PID" ]]; then
    stop_pid "$DHIS2_PID" 5
    DHIS2_PID=""
  fi
  [[ -n "$DHIS2_DIR" ]] && rm -rf "$DHIS2_DIR"
  DHIS2_DIR=""
  unset PASAN_TEST_DHIS2_URL PASAN_TEST_DHIS2_TOKEN PASAN_TEST_DHIS2_USER PASAN_TEST_DHIS2_PASSWORD
}
