"""A DHIS2 instance pushing to Pasan (issue 12), with DHIS2's own Python client `dhis2-client`
(PyPI) pointed at a live `pasan serve --demo`, and Pasan's DHIS2 mapping file read by openpyxl:

- the Secretariat registers MOH's DHIS2 (the stand-in scripts/test starts), uploads a mapping of an
  illustrative data element to 3.b.1's series and an organisation unit file (Lao PDR's DHIS2 unit
  as the country), and downloads the mapping as XLSX, which openpyxl reads with both sheets;
- MOH's focal point creates a write token; `dhis2-client` reads `/api/system/info` and posts a
  data value set; the answer is DHIS2's import summary (WARNING: one value imported, one data
  element no mapping covers), and the value is in MOH's draft with its provenance;
- a dry run writes nothing; once the token is revoked, the client gets DHIS2's 401.
"""

from __future__ import annotations

import datetime
import io
import os
import re

import openpyxl
import pytest
import requests
from dhis2_client import DHIS2Client
from dhis2_client.errors import DHIS2HTTPError

from test_machine_api import CSRF, TOKEN, TOKENS_PAGE, api, signed_in

COUNTRY_UID = "jbRualozEqW"  # the stand-in's Lao PDR (tests/dhis2/README.md)
ELEMENT = "LaoDtp3Cov1"  # made up for this test: only the pushed payload names it


@pytest.fixture(scope="module")
def stand_in() -> tuple[str, str]:
    url, token = os.environ.get("PASAN_TEST_DHIS2_URL", ""), os.environ.get("PASAN_TEST_DHIS2_TOKEN", "")
    if not url:
        pytest.fail("PASAN_TEST_DHIS2_URL is not set: run the exchange checks through scripts/test", pytrace=False)
    return url, token


def upload(session: requests.Session, url: str, page: str, name: str, content: bytes) -> requests.Response:
    csrf = CSRF.search(session.get(page, timeout=30).text).group(1)
    return session.post(url, data={"_csrf": csrf}, files={"file": (name, content)}, allow_redirects=False, timeout=60)


def test_dhis2_client_pushes_a_data_value_set(base_url: str, stand_in: tuple[str, str]) -> None:
    officer = signed_in(base_url, "officer@pasan.demo")
    listing = officer.get(base_url + "/en/dhis2", timeout=30)
    assert listing.status_code == 200, listing.text[:300]
    registered = officer.post(
        base_url + "/en/dhis2",
        data={
            "name": "MOH HMIS (exchange check)", "base_url": stand_in[0], "institution": "MOH",
            "auth_kind": "token", "secret": stand_in[1], "schedule": "none",
            "_csrf": CSRF.search(listing.text).group(1),
        },
        allow_redirects=False,
        timeout=30,
    )
    assert registered.status_code == 303, registered.text[:800]
    instance = base_url + registered.headers["location"].split("?")[0]
    assert stand_in[1] not in officer.get(instance, timeout=30).text, "the credential is never shown again"

    elements = (
        "dhis2_id,category_option_combo,source,indicator,series,breakdown,aggregation,factor\n"
        f"{ELEMENT},,raw,3.b.1,SH_ACS_DTP3,,last,1\n"
    )
    answer = upload(officer, instance + "/mapping/import", instance, "mapping.csv", elements.encode())
    assert answer.status_code == 303, answer.text[:800]
    units = f"dhis2_org_unit,dhis2_code,dhis2_name,area_code\n{COUNTRY_UID},LA,Lao PDR,LA\n"
    answer = upload(officer, instance + "/mapping/import", instance, "org-units.csv", units.encode())
    assert answer.status_code == 303, answer.text[:800]
    bad = upload(officer, instance + "/mapping/import", instance, "bad.csv", elements.replace("3.b.1", "99.9.9").encode())
    assert bad.status_code == 422 and "line 2" in bad.text, bad.text[:800]

    workbook = openpyxl.load_workbook(io.BytesIO(officer.get(instance + "/mapping/export.xlsx", timeout=30).content))
    assert workbook.sheetnames == ["elements", "org_units"]
    assert [c.value for c in workbook["elements"][2]][:5] == [ELEMENT, None, "raw", "3.b.1", "SH_ACS_DTP3"]
    assert [c.value for c in workbook["org_units"][2]] == [COUNTRY_UID, "LA", "Lao PDR", "LA"]

    owner = signed_in(base_url, "moh.owner@pasan.demo")
    form = owner.get(base_url + TOKENS_PAGE, timeout=30)
    created = owner.post(
        base_url + TOKENS_PAGE,
        data={
            "name": "MOH HMIS push", "scope": "write",
            "expires_on": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
            "_csrf": CSRF.search(form.text).group(1),
        },
        timeout=30,
    )
    assert created.status_code == 201, created.text[:500]
    token = TOKEN.search(created.text).group(0)

    client = DHIS2Client(base_url, token=token, retries=0)
    assert client.get("/api/system/info")["version"].startswith("2.")
    payload = {
        "dataSet": "LaoSdgDs001", "period": "2023", "orgUnit": COUNTRY_UID,
        "dataValues": [
            {"dataElement": ELEMENT, "value": "91", "comment": None, "followup": False},
            {"dataElement": "UnmappedEl1", "value": "3"},
        ],
    }
    dry = client.post("/api/dataValueSets", json={**payload, "dryRun": True})
    assert dry["response"]["importCount"]["imported"] + dry["response"]["importCount"]["updated"] == 1, dry

    summary = client.post_data_value_set(payload)
    assert summary["httpStatusCode"] == 200 and summary["status"] == "WARNING", summary
    response = summary["response"]
    assert response["responseType"] == "ImportSummary"
    assert response["importCount"]["imported"] + response["importCount"]["updated"] == 1, response
    assert any("UnmappedEl1" in (c.get("object") or "") for c in response["conflicts"]), response

    cycles = requests.get(base_url + "/api/v1/cycles", timeout=30).json()["data"]
    cycle = next(c["id"] for c in cycles if c["status"] == "open")
    machine = requests.get(f"{base_url}/api/v1/submissions/{cycle}/MOH/3.b.1", headers=api(token), timeout=30)
    values = machine.json()["data"]["values"]
    pushed = [v for v in values if v["Year"] == "2023" and v["GeoCode"] == "LA"]
    assert pushed and pushed[0]["Value"] == "91" and "pushed at" in pushed[0]["SOURCE_DETAIL"], values

    page = owner.get(base_url + TOKENS_PAGE, timeout=30).text
    revoke = re.search(r'action="(/en/admin/institutions/MOH/api-tokens/\d+/revoke)"', page).group(1)
    owner.post(base_url + revoke, data={"_csrf": CSRF.search(page).group(1)}, allow_redirects=False, timeout=30)
    with pytest.raises(DHIS2HTTPError) as refused:
        DHIS2Client(base_url, token=token, retries=0).post_data_value_set(payload)
    assert refused.value.status_code == 401
