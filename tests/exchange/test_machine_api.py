"""Submissions by machine (issue 12, part 3) against a live `pasan serve --demo`, as an
institution's own system would use them, with `requests` (an HTTP client independent of Pasan):

- MOH's owner focal point signs in, creates an API token on MOH's tokens page (the form and its
  CSRF field, as a browser sends them) and sees it once;
- with it, the system reads the demo's 3.b.1 draft, saves JSON rows and then CSV rows (DHIS2's
  `ApiToken` scheme, the version in `If-Match`), is refused a stale version (409) and another
  institution's submission (403), in the API's error shape;
- once the focal point revokes the token, it is refused (401).

The server's address comes from PASAN_BASE_URL and the demo passwords from its start-up output
(PASAN_SERVER_LOG), both set by scripts/test.
"""

from __future__ import annotations

import datetime
import os
import re

import pytest
import requests

TOKEN = re.compile(r"pasan_[0-9a-f]{8}_[A-Za-z0-9_-]{43}")
CSRF = re.compile(r'name="_csrf" value="([^"]+)"')
TOKENS_PAGE = "/en/admin/institutions/MOH/api-tokens"


def demo_password(email: str) -> str:
    """The demo account's password, from the server's start-up output (shown once)."""
    path = os.environ.get("PASAN_SERVER_LOG", "")
    if not path:
        pytest.fail("PASAN_SERVER_LOG is not set: run the exchange checks through scripts/test", pytrace=False)
    log = open(path, encoding="utf-8").read()
    match = re.search(r"^\s+\S+\s+" + re.escape(email) + r"\s+(\S+)\s*$", log, re.M)
    assert match, f"no demo password for {email} in the server log"
    return match.group(1)


def signed_in(base_url: str, email: str) -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # the server is on this machine, never behind a proxy
    page = session.get(base_url + "/en/sign-in", timeout=30)
    csrf = CSRF.search(page.text).group(1)
    answer = session.post(
        base_url + "/en/sign-in",
        data={"email": email, "password": demo_password(email), "_csrf": csrf},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 303 and answer.headers["location"].endswith("/en/me"), answer.text[:500]
    return session


def api(token: str, scheme: str = "Bearer", **headers: str) -> dict[str, str]:
    return {"Authorization": f"{scheme} {token}", **headers}


def test_a_system_saves_its_institutions_submission_with_a_token(base_url: str) -> None:
    owner = signed_in(base_url, "moh.owner@pasan.demo")
    form = owner.get(base_url + TOKENS_PAGE, timeout=30)
    assert form.status_code == 200
    expiry = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    created = owner.post(
        base_url + TOKENS_PAGE,
        data={
            "name": "exchange test system",
            "scope": "write",
            "expires_on": expiry,
            "_csrf": CSRF.search(form.text).group(1),
        },
        timeout=30,
    )
    assert created.status_code == 201, created.text[:500]
    token = TOKEN.search(created.text).group(0)
    later = owner.get(base_url + TOKENS_PAGE, timeout=30).text
    assert token[:14] in later and token not in later, "the token is shown once, then only its prefix"

    cycles = requests.get(base_url + "/api/v1/cycles", timeout=30).json()["data"]
    cycle = next(c["id"] for c in cycles if c["status"] == "open")
    path = f"{base_url}/api/v1/submissions/{cycle}/MOH/3.b.1"
    machine = requests.Session()
    machine.trust_env = False

    current = machine.get(path, headers=api(token), timeout=30)
    assert current.status_code == 200, current.text[:500]
    version = current.json()["data"]["version"]
    assert current.headers["ETag"] == f'"{version}"'

    rows = [
        {"Year": "2022", "SERIES": "SH_ACS_DTP3", "GeoCode": "LA", "Value": 85},
        {"Year": "2023", "SERIES": "SH_ACS_DTP3", "GeoCode": "LA", "Value": "86.5"},
    ]
    saved = machine.post(path, json={"version": version, "rows": rows}, headers=api(token), timeout=30)
    assert saved.status_code == 200, saved.text[:1000]
    assert saved.json()["data"]["version"] == version + 1 and saved.json()["data"]["saved"] == 2
    values = machine.get(path, headers=api(token), timeout=30).json()["data"]["values"]
    assert sorted(v["Value"] for v in values) == ["85", "86.5"]

    # CSV with DHIS2's header scheme, the version in If-Match; a bad value comes back located.
    csv = "Year,SERIES,GeoCode,Value\n2022,SH_ACS_DTP3,LA,84.5\n2023,SH_ACS_DTP3,LA,150\n"
    csv_headers = api(token, "ApiToken", **{"Content-Type": "text/csv", "If-Match": f'"{version + 1}"'})
    refused = machine.post(path, data=csv.encode(), headers=csv_headers, timeout=30)
    assert refused.status_code == 422, refused.text[:1000]
    problem = refused.json()["report"]["errors"][0]
    assert (problem["row"], problem["column"], problem["key"]) == (3, "Value", "imports.tidy.valueInUnit")
    good = csv.replace(",150", ",87")
    saved_csv = machine.post(path, data=good.encode(), headers=csv_headers, timeout=30)
    assert saved_csv.status_code == 200 and saved_csv.json()["data"]["version"] == version + 2, saved_csv.text[:1000]

    # A stale version, another institution's submission: refused in the API's error shape.
    stale = machine.post(path, json={"version": version, "rows": rows}, headers=api(token), timeout=30)
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    foreign = machine.get(f"{base_url}/api/v1/submissions/{cycle}/MOES/4.1.1", headers=api(token), timeout=30)
    assert foreign.status_code == 403 and foreign.json()["error"]["status"] == 403

    # Revoked by the focal point: refused from then on.
    page = owner.get(base_url + TOKENS_PAGE, timeout=30).text
    revoke = re.search(r'action="(/en/admin/institutions/MOH/api-tokens/\d+/revoke)"', page).group(1)
    answer = owner.post(base_url + revoke, data={"_csrf": CSRF.search(page).group(1)}, allow_redirects=False, timeout=30)
    assert answer.status_code == 303
    after = machine.get(path, headers=api(token), timeout=30)
    assert after.status_code == 401 and "revoked" in after.json()["error"]["message"]
    assert after.headers["WWW-Authenticate"].startswith("Bearer")
