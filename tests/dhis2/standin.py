#!/usr/bin/env python3
"""A DHIS2 stand-in for Pasan's tests: the few Web API resources Pasan reads, answered with REAL
DHIS2 responses (tests/fixtures/dhis2, BSD-3, recorded from dhis2-core, dhis2-android-sdk and
dhis2/analytics) and an ILLUSTRATIVE Lao dataset (an org unit tree built from Pasan's shipped
areas and made-up values), with DHIS2's authentication, paging and error bodies, and fault
injection for the client's tests. Python 3 standard library only. See tests/dhis2/README.md.

    python3 tests/dhis2/standin.py --port 0 --port-file /tmp/dhis2.port

Resources (also under the context path /dhis, e.g. /dhis/api/system/info, and with an API version,
e.g. /api/41/system/info; a `.json` suffix is accepted):
    GET /api/system/info, /api/me, /api/organisationUnits, /api/organisationUnitLevels,
        /api/dataValueSets, /api/analytics, /api/analytics/dataValueSet.json
Control (no authentication; a session is the X-Standin-Session header or ?session=):
    POST /__standin/faults    {"status": 500, "count": 1} | {"html": true} | {"delaySeconds": 5}
                              | {"truncate": true} | {"status": 200, "body": {...}}
                              optional "path" (a substring the request path must contain)
    POST /__standin/reset     forget faults and requests (of the session, or all)
    GET  /__standin/requests  the API requests seen (of the session, or all)
    GET  /__standin/health    200 once serving
"""

from __future__ import annotations

import argparse
import base64
import csv
import datetime as dt
import hashlib
import hmac
import json
import math
import os
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "dhis2"
AREAS = ROOT / "Sources" / "PasanReferenceData" / "Resources"

# The credentials the stand-in accepts (DHIS2's demo user; a fixed personal access token in
# DHIS2's shape: d2pat_ + 32 characters + the CRC32 of those, 10 digits).
USERNAME = "admin"
PASSWORD = "district"
TOKEN = "d2pat_pnYn8adyxM0kjXZkOUrY7SOhF96h9ktn2188301857"

CONTEXT_PATHS = ("", "/dhis")
DEFAULT_COC = "HllvX50cXC0"
MAX_URL = 8000  # nginx/Tomcat answer longer request lines with an error page
LEVEL_NAMES = {1: "Country", 2: "Province", 3: "District"}

UNAUTHORIZED = {
    "httpStatus": "Unauthorized",
    "httpStatusCode": 401,
    "status": "ERROR",
    "message": "Unauthorized",
}
STATUS_NAMES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    414: "URI Too Long",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

# The login page a DHIS2 (or a proxy in front of it) answers with 200 when the request did not
# reach the API: what a wrong base URL or an expired SSO session looks like to a client.
LOGIN_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>DHIS 2</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
</head>
<body>
<div id="root"><form action="/dhis-web-commons-security/login.action" method="post">
<label for="j_username">Username</label><input type="text" id="j_username" name="j_username">
<label for="j_password">Password</label><input type="password" id="j_password" name="j_password">
<input type="submit" value="Sign in">
</form></div>
</body>
</html>
"""


def web_message(status: int, message: str, error_code: str | None = None) -> dict:
    """A DHIS2 WebMessage, the body of every API error."""
    body = {
        "httpStatus": STATUS_NAMES.get(status, "Error"),
        "httpStatusCode": status,
        "status": "ERROR",
        "message": message,
    }
    if error_code:
        body["errorCode"] = error_code
    return body


class QueryError(Exception):
    """A request DHIS2 would refuse with 409 Conflict (an IllegalQueryException)."""

    def __init__(self, message: str, error_code: str | None = None):
        super().__init__(message)
        self.message = message
        self.error_code = error_code


# --------------------------------------------------------------------------------------- UIDs

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
ALPHANUMERIC = LETTERS + "0123456789"
UID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")


def make_uid(seed: str) -> str:
    """A deterministic UID in DHIS2's shape: 11 characters, a letter first, then letters/digits."""
    digest = hashlib.sha256(("pasan-dhis2-standin:" + seed).encode()).digest()
    return LETTERS[digest[0] % len(LETTERS)] + "".join(ALPHANUMERIC[b % len(ALPHANUMERIC)] for b in digest[1:11])


# ------------------------------------------------------------------------------------ periods

FINANCIAL_MONTHS = {"Feb": 2, "April": 4, "July": 7, "Aug": 8, "Sep": 9, "Oct": 10, "Nov": 11}


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def period_range(period: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a DHIS2 period identifier (ISO calendar), or None."""
    try:
        if m := re.fullmatch(r"(\d{4})", period):
            y = int(m[1])
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        if m := re.fullmatch(r"(\d{4})Q([1-4])", period):
            y, q = int(m[1]), int(m[2])
            return dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
        if m := re.fullmatch(r"(\d{4})S([12])", period):
            y, s = int(m[1]), int(m[2])
            return dt.date(y, 6 * s - 5, 1), _month_end(y, 6 * s)
        if m := re.fullmatch(r"(\d{4})(\d{2})B", period):
            y, b = int(m[1]), int(m[2])
            if not 1 <= b <= 6:
                return None
            return dt.date(y, 2 * b - 1, 1), _month_end(y, 2 * b)
        if m := re.fullmatch(r"(\d{4})-?(\d{2})", period):
            y, mo = int(m[1]), int(m[2])
            return dt.date(y, mo, 1), _month_end(y, mo)
        if m := re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})", period):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := re.fullmatch(r"(\d{4})W(\d{1,2})", period):
            start = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return start, start + dt.timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})(Feb|April|July|Aug|Sep|Oct|Nov)", period):
            y, start_month = int(m[1]), FINANCIAL_MONTHS[m[2]]
            end_year, end_month = _add_months(y, start_month, 11)
            return dt.date(y, start_month, 1), _month_end(end_year, end_month)
    except ValueError:
        return None
    return None


def period_within(inner: str, outer: tuple[dt.date, dt.date]) -> bool:
    span = period_range(inner)
    return span is not None and outer[0] <= span[0] and span[1] <= outer[1]


def java_double(value: float) -> str:
    """A number as DHIS2 (Java's Double.toString) writes it: 115.0, 0.5, 1.2345678E7."""
    if value == 0:
        return "0.0"
    magnitude = abs(value)
    if 1e-3 <= magnitude < 1e7:
        text = repr(float(value))
        return text if "e" not in text else f"{value:.1f}"
    exponent = int(math.floor(math.log10(magnitude)))
    mantissa = value / 10**exponent
    mantissa_text = repr(round(mantissa, 15))
    if "." not in mantissa_text:
        mantissa_text += ".0"
    return f"{mantissa_text}E{exponent}"


# ----------------------------------------------------------------------------------- the data


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines))


class OrgUnit:
    def __init__(self, raw: dict, illustrative: bool):
        self.raw = raw
        self.uid = raw["id"]
        self.code = raw.get("code")
        self.name = raw["name"]
        self.level = raw.get("level")
        self.path = raw.get("path") or ("/" + self.uid)
        self.parent = (raw.get("parent") or {}).get("id")
        self.illustrative = illustrative


class DataElement:
    def __init__(self, uid, code, name, aggregation, period_type, cocs, value_type="NUMBER"):
        self.uid = uid
        self.code = code
        self.name = name
        self.aggregation = aggregation  # SUM | AVERAGE
        self.period_type = period_type
        self.cocs = cocs  # {uid: name}
        self.value_type = value_type


class Data:
    """Everything the stand-in answers with, loaded once at start."""

    def __init__(self, include_fixtures: bool = True):
        self.org_units: list[OrgUnit] = []
        self.levels: list[dict] = []
        self.data_elements: dict[str, DataElement] = {}
        self.data_sets: dict[str, dict] = {}
        self.raw_values: list[dict] = []
        self.analytics_facts: dict[str, list[dict]] = {}  # dx -> [{pe, ou, value, numden}]
        self.analytics_names: dict[str, str] = {}
        self.analytics_headers: dict[str, dict] = {}
        self.analytics_org_units: set[str] = set()
        if include_fixtures:
            self._load_fixtures()
        self._build_lao()
        self.by_uid = {unit.uid: unit for unit in self.org_units}
        self.children: dict[str, list[str]] = {}
        for unit in self.org_units:
            if unit.parent:
                self.children.setdefault(unit.parent, []).append(unit.uid)

    # The REAL responses --------------------------------------------------------------------
    def _load_fixtures(self) -> None:
        sdk = FIXTURES / "dhis2-android-sdk"
        for raw in json.loads((sdk / "organisationUnits.json").read_text(encoding="utf-8"))["organisationUnits"]:
            self.org_units.append(OrgUnit(raw, illustrative=False))
        export = json.loads((sdk / "dataValueSet_export_lyLU2wR22tC.json").read_text(encoding="utf-8"))
        elements = set()
        for value in export["dataValues"]:
            self.raw_values.append(dict(value))
            elements.add(value["dataElement"])
        for uid in sorted(elements):
            cocs = sorted({v["categoryOptionCombo"] for v in export["dataValues"] if v["dataElement"] == uid})
            self.data_elements[uid] = DataElement(uid, None, uid, "SUM", "Yearly", {c: c for c in cocs})
        self.data_sets[export["dataSet"]] = {"name": export["dataSet"], "dataElements": sorted(elements)}

        analytics = FIXTURES / "dhis2-analytics"
        simple = json.loads((analytics / "analytics_simple.data.json").read_text(encoding="utf-8"))
        numden = json.loads((analytics / "analytics_indicator_numden.data.json").read_text(encoding="utf-8"))
        numden_meta = json.loads((analytics / "analytics_indicator_numden.metadata.json").read_text(encoding="utf-8"))
        for header in simple["headers"]:
            self.analytics_headers[header["name"]] = header
        self._facts_from_table(simple, default_ou=None)
        # The num/den response has no ou column: its query filtered on the country
        # (metaData.dimensions.ou of the matching metadata file).
        self._facts_from_table(numden, default_ou=numden_meta["metaData"]["dimensions"]["ou"][0])
        for uid, item in numden_meta["metaData"]["items"].items():
            if item.get("dimensionItemType") in ("INDICATOR", "ORGANISATION_UNIT"):
                self.analytics_names[uid] = item["name"]
        # The analytics fixtures' org unit (Sierra Leone) is no unit of organisationUnits.json:
        # analytics knows it, the org unit list does not (as in the SDK's recorded responses).
        self.analytics_org_units = {fact["ou"] for facts in self.analytics_facts.values() for fact in facts}

    def _facts_from_table(self, table: dict, default_ou: str | None) -> None:
        names = [header["name"] for header in table["headers"]]
        for row in table["rows"]:
            cells = dict(zip(names, row))
            dx = cells["dx"]
            if not UID_PATTERN.match(dx):
                continue  # the fixture's "testing-extraneous-data" row is no DHIS2 item
            self.analytics_facts.setdefault(dx, []).append(
                {
                    "pe": cells["pe"],
                    "ou": cells.get("ou", default_ou),
                    "value": cells["value"],
                    "numden": [cells.get(n, "") for n in ("numerator", "denominator", "factor", "multiplier", "divisor")],
                }
            )

    # The ILLUSTRATIVE Lao dataset ---------------------------------------------------------
    def _build_lao(self) -> None:
        country_row = read_csv(AREAS / "pasan" / "country.csv")[0]
        provinces = read_csv(AREAS / "lao" / "lao_provinces.csv")
        districts = read_csv(AREAS / "lao" / "lao_districts.csv")
        stamp = "2024-01-15T08:00:00.000"

        def unit(code_seed, code, name, level, parent):
            uid = make_uid("orgunit:" + code_seed)
            path = (parent.path if parent else "") + "/" + uid
            raw = {
                "id": uid,
                "name": name,
                "shortName": name[:50],
                "displayName": name,
                "displayShortName": name[:50],
                "level": level,
                "path": path,
                "created": stamp,
                "lastUpdated": stamp,
                "openingDate": "1975-12-02T00:00:00.000",
            }
            if code is not None:
                raw["code"] = code
            if parent:
                raw["parent"] = {"id": parent.uid}
            made = OrgUnit(raw, illustrative=True)
            self.org_units.append(made)
            return made

        country = unit("LA", "LA", country_row["name_en"], 1, None)
        self.lao_country = country
        self.lao_provinces: list[OrgUnit] = []
        by_province = {}
        for row in provinces:
            province = unit(row["code"], row["code"], row["name_en"], 2, country)
            self.lao_provinces.append(province)
            by_province[row["code"]] = province
        for index, row in enumerate(districts):
            # Every tenth district has no code and its other spelling, as an HMIS built by hand
            # has: Pasan's matching must propose those by name (tests/dhis2/README.md).
            if index % 10 == 9:
                unit(row["code"], None, row["name_en_alt"].title(), 3, by_province[row["province_code"]])
            else:
                unit(row["code"], row["code"], row["name_en"], 3, by_province[row["province_code"]])
        # A unit that is no area: national hospitals report beside the provinces.
        unit("central-hospitals", "CENTRAL_HOSP", "Central hospitals", 2, country)
        self.levels = [
            {"id": make_uid(f"level:{level}"), "level": level, "name": name, "displayName": name}
            for level, name in LEVEL_NAMES.items()
        ]
        self._lao_values()

    def _lao_values(self) -> None:
        female, male = "LaoCocFem01", "LaoCocMal01"
        sba = DataElement(
            "LaoSbaPct01", "PASAN_ILLUSTRATIVE_SBA", "ILLUSTRATIVE Births attended by skilled health personnel (%)",
            "AVERAGE", "Yearly", {DEFAULT_COC: "default"}, value_type="PERCENTAGE",
        )
        anc = DataElement(
            "LaoAnc4Vis1", "PASAN_ILLUSTRATIVE_ANC4", "ILLUSTRATIVE Antenatal care 4+ visits",
            "SUM", "Quarterly", {DEFAULT_COC: "default"},
        )
        immunised = DataElement(
            "LaoImmFul01", "PASAN_ILLUSTRATIVE_IMM", "ILLUSTRATIVE Children under 1 fully immunised",
            "SUM", "Yearly", {female: "Female", male: "Male"},
        )
        for element in (sba, anc, immunised):
            self.data_elements[element.uid] = element
        self.data_sets["LaoSdgDs001"] = {
            "name": "ILLUSTRATIVE Pasan SDG health data set",
            "dataElements": [sba.uid, anc.uid, immunised.uid],
        }

        def noise(*parts) -> float:
            digest = hashlib.sha256("|".join(parts).encode()).digest()
            return int.from_bytes(digest[:4], "big") / 2**32

        def value(element, period, unit, coc, amount):
            return {
                "dataElement": element,
                "period": period,
                "orgUnit": unit.uid,
                "categoryOptionCombo": coc,
                "attributeOptionCombo": DEFAULT_COC,
                "value": amount,
                "storedBy": "pasan-illustrative",
                "created": "2025-01-15T08:00:00.000+0000",
                "lastUpdated": "2025-01-15T08:00:00.000+0000",
                "comment": "ILLUSTRATIVE value made up by the Pasan DHIS2 stand-in",
                "followup": False,
            }

        for province in self.lao_provinces:
            size = 0.4 + 1.6 * noise("size", province.code)
            for year in range(2015, 2025):
                start = 35 + 30 * noise("sba", province.code)
                pct = min(98.0, start + (year - 2015) * (2 + 2 * noise("sba-trend", province.code)))
                self.raw_values.append(value(sba.uid, str(year), province, DEFAULT_COC, f"{pct:.1f}"))
                for coc, sex in ((female, "F"), (male, "M")):
                    count = round(size * (2500 + 120 * (year - 2015)) * (0.9 + 0.2 * noise("imm", province.code, sex, str(year))))
                    self.raw_values.append(value(immunised.uid, str(year), province, coc, str(count)))
            for year in range(2019, 2025):
                for quarter in range(1, 5):
                    count = round(size * (600 + 25 * (year - 2019)) * (0.85 + 0.3 * noise("anc", province.code, f"{year}Q{quarter}")))
                    self.raw_values.append(value(anc.uid, f"{year}Q{quarter}", province, DEFAULT_COC, str(count)))

    # Org unit helpers ------------------------------------------------------------------------
    def subtree(self, uid: str) -> set[str]:
        """The unit and every unit below it."""
        found, stack = set(), [uid]
        while stack:
            current = stack.pop()
            if current in found:
                continue
            found.add(current)
            stack.extend(self.children.get(current, []))
        return found


# ---------------------------------------------------------------------------- metadata fields


def parse_fields(text: str) -> list[tuple[str, list | None]]:
    """DHIS2's field filter (`id,name,parent[id,name]`) as [(field, subfields or None)]."""
    fields, depth, current = [], 0, ""
    for char in text:
        if char == "," and depth == 0:
            fields.append(current)
            current = ""
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        current += char
    if current:
        fields.append(current)
    parsed = []
    for field in fields:
        field = field.strip()
        if not field:
            continue
        if "[" in field and field.endswith("]"):
            name, inner = field.split("[", 1)
            parsed.append((name.strip(), parse_fields(inner[:-1])))
        else:
            parsed.append((field, None))
    return parsed


def select_fields(obj: dict, fields: list[tuple[str, list | None]]) -> dict:
    out = {}
    for name, sub in fields:
        if name in ("*", ":all", ":owner"):
            out.update(obj)
            continue
        if name not in obj:
            continue
        value = obj[name]
        if sub is not None and isinstance(value, dict):
            value = select_fields(value, sub)
        elif sub is not None and isinstance(value, list):
            value = [select_fields(v, sub) if isinstance(v, dict) else v for v in value]
        out[name] = value
    return out


def org_unit_filter(expression: str):
    """A predicate for DHIS2's `filter=property:operator:value` on org units."""
    parts = expression.split(":", 2)
    if len(parts) != 3:
        raise QueryError(f"Invalid filter: {expression}", "E2034")
    prop, op, operand = parts
    if prop not in ("id", "code", "name", "level", "path", "parent.id", "displayName"):
        raise QueryError(f"Unknown filter property: {prop}", "E2034")

    def get(unit: OrgUnit):
        if prop == "parent.id":
            return unit.parent
        if prop == "displayName":
            return unit.name
        return getattr(unit, prop if prop != "id" else "uid")

    def compare(unit: OrgUnit) -> bool:
        value = get(unit)
        if op == "in":
            items = operand.strip("[]").split(",")
            return value is not None and str(value) in items
        if value is None:
            return op == "null"
        if prop == "level":
            try:
                number = int(operand)
            except ValueError:
                raise QueryError(f"Invalid filter value for level: {operand}", "E2034") from None
            return {
                "eq": value == number, "ne": value != number, "lt": value < number,
                "le": value <= number, "gt": value > number, "ge": value >= number,
            }.get(op, False)
        text = str(value)
        if op == "eq":
            return text == operand
        if op == "ne":
            return text != operand
        if op == "like":
            return operand.lower() in text.lower()
        if op == "ilike":
            return operand.lower() in text.lower()
        if op == "$like":
            return text.lower().startswith(operand.lower())
        if op == "!null":
            return True
        raise QueryError(f"Unsupported filter operator: {op}", "E2034")

    return compare


# ---------------------------------------------------------------------------------- the state


class Faults:
    """Injected faults and the request log, per session (None: requests without a session)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.faults: dict[str | None, list[dict]] = {}
        self.requests: list[dict] = []

    def add(self, session: str | None, fault: dict) -> None:
        with self.lock:
            self.faults.setdefault(session, []).append(fault)

    def take(self, session: str | None, path: str) -> dict | None:
        with self.lock:
            queue = self.faults.get(session, [])
            for fault in queue:
                if fault.get("path") and fault["path"] not in path:
                    continue
                fault["count"] -= 1
                if fault["count"] <= 0:
                    queue.remove(fault)
                return dict(fault)
        return None

    def reset(self, session: str | None, everything: bool) -> None:
        with self.lock:
            if everything:
                self.faults.clear()
                self.requests.clear()
            else:
                self.faults.pop(session, None)
                self.requests = [r for r in self.requests if r["session"] != session]

    def record(self, entry: dict) -> None:
        with self.lock:
            self.requests.append(entry)
            del self.requests[:-10000]

    def seen(self, session: str | None, everything: bool) -> list[dict]:
        with self.lock:
            return [dict(r) for r in self.requests if everything or r["session"] == session]


# --------------------------------------------------------------------------------- the server


class StandIn(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, data: Data, version: str):
        super().__init__(address, Handler)
        self.data = data
        self.version = version
        numbers = re.findall(r"\d+", version)
        self.release = (int(numbers[0]), int(numbers[1])) if len(numbers) >= 2 else (2, 41)
        self.state = Faults()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "DHIS2-standin/1"
    server: StandIn

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        if os.environ.get("PASAN_STANDIN_VERBOSE"):
            super().log_message(format, *args)

    # Plumbing --------------------------------------------------------------------------------
    def send(self, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache, private")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

    def send_json(self, status: int, obj, headers: dict | None = None) -> None:
        self.send(status, json.dumps(obj, ensure_ascii=False).encode(), "application/json;charset=UTF-8", headers)

    def read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def session(self, query: dict) -> str | None:
        return self.headers.get("X-Standin-Session") or (query.get("session") or [None])[0]

    def authentication(self) -> tuple[str, bool]:
        """(scheme seen, accepted): the secret itself is never kept."""
        header = self.headers.get("Authorization")
        if not header:
            return "none", False
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "basic":
            try:
                user, _, password = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
            except ValueError:
                return "basic", False
            ok = hmac.compare_digest(user, USERNAME) and hmac.compare_digest(password, PASSWORD)
            return "basic", ok
        if scheme == "ApiToken":
            return "token", hmac.compare_digest(value.strip(), TOKEN)
        return "other", False

    # Dispatch --------------------------------------------------------------------------------
    def do_GET(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def do_HEAD(self):
        self.dispatch()

    def dispatch(self) -> None:
        try:
            split = urlsplit(self.path)
            query = parse_qs(split.query, keep_blank_values=True)
            if split.path.startswith("/__standin/"):
                self.control(split.path, query)
                return
            self.api(split, query)
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as error:  # noqa: BLE001 - a stand-in answers like DHIS2 does: 500 + message
            self.send_json(500, web_message(500, f"{type(error).__name__}: {error}"))

    def control(self, path: str, query: dict) -> None:
        state = self.server.state
        session = self.session(query)
        if path == "/__standin/health":
            self.send_json(200, {"status": "OK"})
        elif path == "/__standin/faults" and self.command == "POST":
            try:
                fault = json.loads(self.read_body() or b"{}")
            except json.JSONDecodeError as error:
                self.send_json(400, web_message(400, f"fault is not JSON: {error}"))
                return
            if not isinstance(fault, dict) or not ({"status", "html", "delaySeconds", "truncate", "body"} & fault.keys()):
                self.send_json(400, web_message(400, "a fault needs status, html, delaySeconds, truncate or body"))
                return
            fault["count"] = int(fault.get("count", 1))
            state.add(fault.pop("session", session), fault)
            self.send_json(200, {"status": "OK", "session": session, "fault": fault})
        elif path == "/__standin/reset" and self.command == "POST":
            state.reset(session, everything=session is None)
            self.send_json(200, {"status": "OK"})
        elif path == "/__standin/requests":
            self.send_json(200, {"requests": state.seen(session, everything=session is None)})
        else:
            self.send_json(404, web_message(404, f"No stand-in control at {path}"))

    def api(self, split, query: dict) -> None:
        state = self.server.state
        session = self.session(query)
        context = next((c for c in sorted(CONTEXT_PATHS, key=len, reverse=True) if split.path.startswith(c + "/api/") or split.path == c + "/api"), None)
        scheme, accepted = self.authentication()
        entry = {
            "method": self.command,
            "path": split.path,
            "query": {k: v if len(v) > 1 else v[0] for k, v in query.items()},
            "auth": scheme,
            "authorized": accepted,
            "session": session,
        }
        if context is None:
            entry["status"] = 404
            state.record(entry)
            self.send_json(404, web_message(404, f"No resource at {split.path}"))
            return
        status = self.serve_api(split, query, context, session, accepted)
        entry["status"] = status
        state.record(entry)

    def serve_api(self, split, query: dict, context: str, session: str | None, accepted: bool) -> int:
        if len(self.path) > MAX_URL:
            page = "<html><head><title>414 Request-URI Too Large</title></head><body><center><h1>414 Request-URI Too Large</h1></center></body></html>"
            self.send(414, page.encode(), "text/html")
            return 414
        fault = self.server.state.take(session, split.path)
        if fault and fault.get("delaySeconds"):
            time.sleep(float(fault["delaySeconds"]))
            if not ({"status", "html", "truncate", "body"} & fault.keys()):
                fault = None
        if fault:
            return self.serve_fault(fault)
        if not accepted:
            self.send_json(401, UNAUTHORIZED, {"WWW-Authenticate": 'Basic realm="DHIS2"'})
            return 401
        if self.command not in ("GET", "HEAD"):
            self.send_json(405, web_message(405, f"Request method '{self.command}' is not supported"))
            return 405
        resource = split.path[len(context) + len("/api"):]
        resource = re.sub(r"^/\d{2}(?=/)", "", resource)  # /api/41/system/info
        if resource.endswith(".json"):
            resource = resource[: -len(".json")]
        base = f"http://{self.headers.get('Host', 'localhost')}{context}/api"
        routes = {
            "/system/info": lambda: self.system_info(base),
            "/me": self.me,
            "/organisationUnits": lambda: self.organisation_units(query, base),
            "/organisationUnitLevels": self.organisation_unit_levels,
            "/dataValueSets": lambda: self.data_value_sets(query),
            "/analytics/dataValueSet": lambda: self.analytics(query, data_value_set=True),
            "/analytics": lambda: self.analytics(query, data_value_set=False),
        }
        route = routes.get(resource)
        if route is None:
            self.send_json(404, web_message(404, f"No resource at {split.path}"))
            return 404
        try:
            body = route()
        except QueryError as error:
            self.send_json(409, web_message(409, error.message, error.error_code))
            return 409
        self.send(200, body, "application/json;charset=UTF-8")
        return 200

    def serve_fault(self, fault: dict) -> int:
        status = int(fault.get("status", 200))
        if fault.get("html"):
            self.send(status, LOGIN_PAGE.encode(), "text/html;charset=UTF-8")
        elif fault.get("truncate"):
            whole = json.dumps({"organisationUnits": [{"id": "ImspTQPwCqd", "name": "Sierra Leone"}] * 4}).encode()
            self.send(status, whole[: len(whole) // 2], "application/json;charset=UTF-8")
        elif "body" in fault:
            self.send_json(status, fault["body"])
        elif status == 409:
            # The REAL 409 of DHIS2 <= 2.42: an import summary with status WARNING.
            self.send(status, (FIXTURES / "dhis2-android-sdk" / "importSummary_warning_409.json").read_bytes(), "application/json;charset=UTF-8")
        else:
            headers = {"Retry-After": "1"} if status in (429, 503) else None
            self.send_json(status, web_message(status, f"Injected fault: HTTP {status}"), headers)
        return status

    # Resources -------------------------------------------------------------------------------
    def system_info(self, base: str) -> bytes:
        now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000")
        context = base[: -len("/api")]
        return json.dumps(
            {
                "contextPath": context,
                "userAgent": self.headers.get("User-Agent", ""),
                "calendar": "iso8601",
                "dateFormat": "yyyy-mm-dd",
                "serverDate": now,
                "serverTimeZoneId": "Etc/UTC",
                "serverTimeZoneDisplayName": "Coordinated Universal Time",
                "lastAnalyticsTableGeneration": "2025-01-15T09:00:00.000",
                "version": self.server.version,
                "revision": "5ea9ac1",
                "buildTime": "2024-06-20T10:11:12.000",
                "jasperReportsVersion": "6.20.6",
                "environmentVariable": "DHIS2_HOME",
                "readOnlyMode": "off",
                "javaVersion": "17.0.11",
                "javaVendor": "Eclipse Adoptium",
                "osName": "Linux",
                "osArchitecture": "amd64",
                "cpuCores": 4,
                "encryption": True,
                "emailConfigured": False,
                "redisEnabled": False,
                "systemId": "b1e2c3d4-0000-4000-8000-pasanstandin",
                "systemName": "Pasan DHIS2 stand-in (ILLUSTRATIVE data)",
                "instanceBaseUrl": context,
                "isMetadataVersionEnabled": True,
                "databaseInfo": {"spatialSupport": True},
            }
        ).encode()

    def me(self) -> bytes:
        data = self.server.data
        roots = [{"id": unit.uid} for unit in data.org_units if unit.level == 1]
        return json.dumps(
            {
                "id": "M5zQapPyTZI",
                "username": USERNAME,
                "firstName": "admin",
                "surname": "admin",
                "name": "admin admin",
                "displayName": "admin admin",
                "email": "admin@example.org",
                "settings": {"keyUiLocale": "en", "keyDbLocale": "en"},
                "organisationUnits": roots,
                "dataViewOrganisationUnits": roots,
                "authorities": ["ALL"],
                "userRoles": [{"id": "yrB6vc5Ip3r"}],
                "access": {"read": True, "update": True, "externalize": True, "delete": True, "write": True, "manage": True},
            }
        ).encode()

    def organisation_unit_levels(self) -> bytes:
        return json.dumps({"organisationUnitLevels": self.server.data.levels}).encode()

    def organisation_units(self, query: dict, base: str) -> bytes:
        data = self.server.data
        units = data.org_units
        for expression in query.get("filter", []):
            predicate = org_unit_filter(expression)
            units = [unit for unit in units if predicate(unit)]
        for level in query.get("level", []):
            units = [unit for unit in units if str(unit.raw.get("level")) == level]
        fields = parse_fields((query.get("fields") or ["id,displayName"])[0])
        selected = [select_fields(unit.raw, fields) for unit in units]
        if (query.get("paging") or ["true"])[0].lower() == "false":
            return json.dumps({"organisationUnits": selected}).encode()
        try:
            page = max(1, int((query.get("page") or ["1"])[0]))
            page_size = max(1, int((query.get("pageSize") or ["50"])[0]))
        except ValueError as error:
            raise QueryError(f"Invalid paging parameter: {error}") from None
        total = len(selected)
        page_count = max(1, math.ceil(total / page_size))
        pager = {"page": page, "pageSize": page_size}
        # From 2.41 DHIS2 counts the total only when asked (totalPages=true).
        if self.server.release < (2, 41) or (query.get("totalPages") or ["false"])[0].lower() == "true":
            pager.update({"total": total, "pageCount": page_count})
        others = [(k, v) for k, values in query.items() if k not in ("page", "pageSize") for v in values]
        if page < page_count:
            pager["nextPage"] = f"{base}/organisationUnits?" + urlencode(others + [("page", page + 1), ("pageSize", page_size)])
        if page > 1:
            pager["prevPage"] = f"{base}/organisationUnits?" + urlencode(others + [("page", page - 1), ("pageSize", page_size)])
        start = (page - 1) * page_size
        return json.dumps({"pager": pager, "organisationUnits": selected[start : start + page_size]}).encode()

    # Raw data values ----------------------------------------------------------------------
    def data_value_sets(self, query: dict) -> bytes:
        data = self.server.data
        requested_sets = split_values(query.get("dataSet", []))
        requested_elements = split_values(query.get("dataElement", []))
        size = bench_size(query, requested_elements)
        data_sets = [uid for uid in requested_sets if uid in data.data_sets]
        elements = {uid for uid in requested_elements if uid in data.data_elements}
        for uid in data_sets:
            elements.update(data.data_sets[uid]["dataElements"])
        if not elements and size is None:
            raise QueryError("At least one valid data set or data element group must be specified", "E2001")
        periods = split_values(query.get("period", []))
        start, end = (query.get("startDate") or [None])[0], (query.get("endDate") or [None])[0]
        if not periods and not (start and end):
            raise QueryError("At least one valid period, start/end dates, last updated or last updated duration must be specified", "E2002")
        if periods and (start or end):
            raise QueryError("Both periods and start/end date cannot be specified", "E2003")
        window = None
        if start and end:
            try:
                window = (dt.date.fromisoformat(start), dt.date.fromisoformat(end))
            except ValueError as error:
                raise QueryError(f"Invalid date: {error}") from None
            if window[0] > window[1]:
                raise QueryError("Start date must be before end date", "E2004")
        for period in periods:
            if period_range(period) is None:
                raise QueryError(f"Invalid period: {period}")
        org_units = [uid for uid in split_values(query.get("orgUnit", [])) if uid in data.by_uid]
        if not org_units and size is None:
            raise QueryError("At least one valid organisation unit or organisation unit group must be specified", "E2006")
        children = (query.get("children") or ["false"])[0].lower() == "true"
        if size is not None:
            return bench_data_values(size, requested_elements[0] if requested_elements else "BENCH000000", periods or years(2000, 2024), data, analytics=False)
        units = set()
        for uid in org_units:
            units |= data.subtree(uid) if children else {uid}
        wanted_periods = set(periods)
        values = [
            value
            for value in data.raw_values
            if value["dataElement"] in elements
            and value["orgUnit"] in units
            and ((value["period"] in wanted_periods) if not window else period_within(value["period"], window))
        ]
        envelope = {}
        if len(data_sets) == 1:
            envelope["dataSet"] = data_sets[0]
        envelope["dataValues"] = values
        return json.dumps(envelope, ensure_ascii=False).encode()

    # Analytics ------------------------------------------------------------------------------
    def analytics(self, query: dict, data_value_set: bool) -> bytes:
        data = self.server.data
        dimensions, filters, order = parse_dimensions(query)
        if "dx" not in dimensions and "dx" not in filters:
            raise QueryError("Data dimension (dx) must be specified when period and organisation unit are the only dimensions", "E7103")
        if data_value_set:
            for name in ("dx", "pe", "ou"):
                if name not in dimensions:
                    raise QueryError(f"Dimension {name} must be present as a dimension in this query", "E7124")
        dx_items = (dimensions.get("dx") or filters.get("dx") or [])
        size = bench_size(query, dx_items)
        periods = dimensions.get("pe") or filters.get("pe") or []
        if not periods:
            raise QueryError("At least one period must be specified as dimension or filter", "E7104")
        for period in periods:
            if period_range(period) is None:
                raise QueryError(f"Period is not valid (the stand-in knows fixed periods only): {period}", "E7104")
        if size is not None:
            return bench_data_values(size, dx_items[0], periods, data, analytics=True)
        org_units = expand_org_units(dimensions.get("ou") or filters.get("ou") or [], data)
        if not org_units:
            raise QueryError("At least one organisation unit must be specified", "E7106")
        items = []
        for item in dx_items:
            element, _, coc = item.partition(".")
            if element in data.data_elements or element in data.analytics_facts:
                items.append((item, element, coc or None))
        if not items:
            raise QueryError("Dimension dx is present in query without any valid dimension options", "E7110")
        with_co = "co" in dimensions
        rounded = (query.get("skipRounding") or ["false"])[0].lower() != "true"
        pe_dim, ou_dim = "pe" in dimensions, "ou" in dimensions
        cells = []  # (dx, co, pe, ou, value, numden)
        pe_groups = [[p] for p in periods] if pe_dim else [periods]
        ou_groups = [[o] for o in org_units] if ou_dim else [org_units]
        for item, element, coc in items:
            for pe_group in pe_groups:
                for ou_group in ou_groups:
                    for co, amount, numden in aggregate(data, element, coc, pe_group, ou_group, with_co, rounded):
                        cells.append((item, co, pe_group[0] if pe_dim else None, ou_group[0] if ou_dim else None, amount, numden))
        if data_value_set:
            return analytics_data_value_set(cells, with_co)
        return analytics_table(data, cells, order, with_co, query, periods, org_units, dx_items)


def split_values(values: list[str]) -> list[str]:
    out = []
    for value in values:
        out.extend(part for part in value.split(",") if part)
    return out


def years(first: int, last: int) -> list[str]:
    return [str(y) for y in range(first, last + 1)]


def bench_size(query: dict, elements: list[str]) -> int | None:
    """How many synthetic values a benchmark request asks for: BENCH<6 digits> or ?standin_size=N."""
    if "standin_size" in query:
        try:
            return max(0, min(5_000_000, int(query["standin_size"][0])))
        except ValueError:
            raise QueryError("standin_size must be a whole number") from None
    for element in elements:
        if m := re.fullmatch(r"BENCH(\d{6})", element.split(".")[0]):
            return int(m[1])
    return None


def bench_data_values(size: int, element: str, periods: list[str], data: Data, analytics: bool) -> bytes:
    """SIZE synthetic values over the Lao units, the periods asked for and as many category
    option combos as it takes for every key to be distinct."""
    units = [unit.uid for unit in data.org_units if unit.illustrative]
    periods = periods or ["2024"]
    per_combo = len(units) * len(periods)
    element = element.split(".")[0]
    stamp = "2025-01-15T08:00:00.000+0000"
    parts = []
    for i in range(size):
        unit = units[i % len(units)]
        period = periods[(i // len(units)) % len(periods)]
        coc = f"BnchC{i // per_combo:06d}"
        amount = (i * 7919) % 100000
        if analytics:
            parts.append(
                f'{{"dataElement":"{element}","period":"{period}","orgUnit":"{unit}","categoryOptionCombo":"{coc}",'
                f'"value":"{amount}.0","storedBy":"[aggregated]","created":"{stamp}","lastUpdated":"{stamp}","comment":"[aggregated]"}}'
            )
        else:
            parts.append(
                f'{{"dataElement":"{element}","period":"{period}","orgUnit":"{unit}","categoryOptionCombo":"{coc}",'
                f'"attributeOptionCombo":"{DEFAULT_COC}","value":"{amount}","storedBy":"bench","created":"{stamp}",'
                f'"lastUpdated":"{stamp}","followup":false}}'
            )
    return ('{"dataValues":[' + ",".join(parts) + "]}").encode()


def parse_dimensions(query: dict) -> tuple[dict, dict, list]:
    dimensions, filters, order = {}, {}, []
    for kind, target in (("dimension", dimensions), ("filter", filters)):
        for spec in query.get(kind, []):
            name, _, items = spec.partition(":")
            target[name] = [item for item in items.split(";") if item] if items else []
            if kind == "dimension":
                order.append(name)
    return dimensions, filters, order


def expand_org_units(items: list[str], data: Data) -> list[str]:
    """Org unit items: UIDs, LEVEL-n (within the given boundary units, else everywhere),
    USER_ORGUNIT (the roots)."""
    boundaries = [item for item in items if item in data.by_uid or item in data.analytics_org_units]
    levels = [int(item[6:]) for item in items if re.fullmatch(r"LEVEL-\d+", item)]
    roots = [unit.uid for unit in data.org_units if unit.raw.get("level") == 1]
    if "USER_ORGUNIT" in items:
        boundaries += roots
    if not levels:
        return list(dict.fromkeys(boundaries))
    scope = set()
    for uid in boundaries or [unit.uid for unit in data.org_units]:
        scope |= data.subtree(uid)
    return [unit.uid for unit in data.org_units if unit.uid in scope and unit.raw.get("level") in levels]


def aggregate(data: Data, element: str, coc: str | None, periods: list[str], org_units: list[str], with_co: bool, rounded: bool):
    """The analytics value(s) of one cell: [(co or None, value text, numden cells)]."""
    if element in data.analytics_facts:
        # Pre-aggregated fixture rows: exact period and org unit.
        facts = [f for f in data.analytics_facts[element] if f["pe"] in periods and f["ou"] in org_units]
        if len(facts) != 1:
            return []
        return [(None, facts[0]["value"], facts[0]["numden"])]
    described = data.data_elements[element]
    spans = [period_range(p) for p in periods]
    units = set()
    for uid in org_units:
        units |= data.subtree(uid)
    groups: dict[str | None, list[float]] = {}
    for value in data.raw_values:
        if value["dataElement"] != element or value["orgUnit"] not in units:
            continue
        value_coc = value.get("categoryOptionCombo") or DEFAULT_COC
        if coc and value_coc != coc:
            continue
        if not any(period_within(value["period"], span) for span in spans):
            continue
        try:
            number = float(value["value"])
        except (TypeError, ValueError):
            continue
        groups.setdefault(value_coc if with_co else None, []).append(number)
    out = []
    for key in sorted(groups, key=lambda k: k or ""):
        numbers = groups[key]
        total = sum(numbers) if described.aggregation == "SUM" else sum(numbers) / len(numbers)
        out.append((key, java_double(round(total, 1) if rounded else total), ["", "", "", "", ""]))
    return out


def analytics_data_value_set(cells: list, with_co: bool) -> bytes:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000+0000")
    values = []
    for item, co, pe, ou, amount, _ in cells:
        element, _, operand_coc = item.partition(".")
        value = {"dataElement": element, "period": pe, "orgUnit": ou}
        if operand_coc or with_co:
            value["categoryOptionCombo"] = operand_coc or co
        value.update({"value": amount, "storedBy": "[aggregated]", "created": stamp, "lastUpdated": stamp, "comment": "[aggregated]"})
        values.append(value)
    return json.dumps({"dataValues": values}).encode()


def analytics_table(data: Data, cells: list, order: list, with_co: bool, query: dict, periods, org_units, dx_items) -> bytes:
    num_den = (query.get("includeNumDen") or ["false"])[0].lower() == "true"
    template = data.analytics_headers or {}

    def header(name, column, value_type="TEXT", java="java.lang.String", meta=True):
        base = dict(template.get(name) or {})
        base.update({"name": name, "column": column, "valueType": value_type, "type": java, "hidden": False, "meta": meta})
        return base

    columns = {"dx": "Data", "pe": "Period", "ou": "Organisation unit", "co": "Category option combo"}
    dims = [name for name in order if name in columns]
    headers = [header(name, columns[name]) for name in dims]
    headers.append(header("value", "Value", "NUMBER", "java.lang.Double", meta=False))
    if num_den:
        for name in ("numerator", "denominator", "factor", "multiplier", "divisor"):
            headers.append(header(name, name.capitalize(), "NUMBER", "java.lang.Double", meta=False))
    rows = []
    for item, co, pe, ou, amount, numden in cells:
        cell = {"dx": item, "pe": pe, "ou": ou, "co": co or DEFAULT_COC}
        row = [cell[name] for name in dims] + [amount]
        if num_den:
            row += numden
        rows.append(row)
    items = {}
    for name, label, kind in (("dx", "Data", "DATA_X"), ("pe", "Period", "PERIOD"), ("ou", "Organisation unit", "ORGANISATION_UNIT")):
        items[name] = {"uid": name, "name": label, "dimensionType": kind}
    for item in dx_items:
        element = item.partition(".")[0]
        described = data.data_elements.get(element)
        name = described.name if described else data.analytics_names.get(element, element)
        items[item] = {"uid": item, "name": name, "dimensionItemType": "DATA_ELEMENT" if described else "INDICATOR", "valueType": "NUMBER", "totalAggregationType": (described.aggregation if described else "AVERAGE")}
    for period in periods:
        start, end = period_range(period)
        items[period] = {"uid": period, "code": period, "name": period, "dimensionItemType": "PERIOD", "valueType": "NUMBER", "totalAggregationType": "SUM", "startDate": f"{start.isoformat()}T00:00:00.000", "endDate": f"{end.isoformat()}T00:00:00.000"}
    for uid in org_units:
        unit = data.by_uid.get(uid)
        entry = {"uid": uid, "name": unit.name if unit else data.analytics_names.get(uid, uid), "dimensionItemType": "ORGANISATION_UNIT", "valueType": "NUMBER", "totalAggregationType": "SUM"}
        if unit and unit.code:
            entry["code"] = unit.code
        items[uid] = entry
    body = {"headers": headers}
    if (query.get("skipMeta") or ["false"])[0].lower() != "true":
        body["metaData"] = {
            "items": items,
            "dimensions": {"dx": list(dx_items), "pe": list(periods), "ou": list(org_units), "co": []},
        }
    body.update({"rows": rows, "height": len(rows), "width": len(headers), "headerWidth": len(headers)})
    return json.dumps(body, ensure_ascii=False).encode()


# --------------------------------------------------------------------------------------- main


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: a free port (see --port-file)")
    parser.add_argument("--port-file", help="write the bound port here once serving")
    parser.add_argument("--dhis2-version", default="2.41.1", help="what /api/system/info reports")
    parser.add_argument("--lao-only", action="store_true", help="leave out the Sierra Leone fixtures' org units and values")
    args = parser.parse_args(argv)

    server = StandIn((args.host, args.port), Data(include_fixtures=not args.lao_only), args.dhis2_version)
    port = server.server_address[1]
    if args.port_file:
        temporary = Path(args.port_file + ".tmp")
        temporary.write_text(f"{port}\n")
        temporary.replace(args.port_file)
    print(f"DHIS2 stand-in on http://{args.host}:{port} (token {TOKEN[:10]}..., user {USERNAME})", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    import signal

    def stop(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    sys.exit(main(sys.argv[1:]))
