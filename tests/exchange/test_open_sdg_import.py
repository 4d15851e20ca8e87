"""Equality is the test: after `pasan import open-sdg` of LSB's repository, the observations
Pasan holds for every indicator equal what sdg-build builds from the same repository — same
years, same disaggregation codes, same numbers (issue 11) — and so do the metadata texts: every
field of the SDG metadata template sdg-build builds into `_site/{lo,en}/meta/<id>.json` (from
`translations/meta/{lang}/*.yml` and the Word templates) is the text Pasan holds for that
indicator, language and concept, and Pasan holds no text sdg-build did not build.

One deliberate difference: a number with a unit multiplier (`UNIT_MULT="6"`: millions) is stored
in its series' multiplier (units unless the framework says otherwise), as the SDMX import does,
while sdg-build shows it as written; the expected number is scaled by what the source says."""

from __future__ import annotations

import csv
import json
import math
import pathlib
import sqlite3
import xml.etree.ElementTree as ET

from conftest import FIXTURES, run, sdg_build

# Columns of sdg-build's output that are not breakdowns in Pasan (docs/open-sdg.md).
SERIES, UNIT, AREA = "SERIES", "UNIT_MEASURE", "REF_AREA"


def built_rows(csv_path: pathlib.Path) -> dict[tuple, float]:
    """sdg-build's rows with a value, keyed like Pasan's observations."""
    rows: dict[tuple, float] = {}
    with csv_path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            value = (row.pop("Value") or "").strip()
            if not value:
                continue
            year = row.pop("Year")
            series = row.pop(SERIES, "")
            unit = row.pop(UNIT, "")
            area = row.pop(AREA, "") or "LA"
            dims = "|".join(f"{k}={v}" for k, v in sorted(row.items()) if v)
            key = (series, area, year, dims, unit)
            assert key not in rows, f"{csv_path.name}: sdg-build has {key} twice"
            rows[key] = float(value)
    return rows


def pasan_rows(db: pathlib.Path) -> dict[str, dict[tuple, float]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        result: dict[str, dict[tuple, float]] = {}
        for indicator, series, area, period, dims, unit, value in conn.execute(
            "SELECT indicator, series, area, period, dimension_key, unit, value FROM observations"
        ):
            result.setdefault(indicator, {})[(series, area, period, dims, unit)] = value
        return result


def unit_multipliers(repository: pathlib.Path) -> dict[tuple[str, str], int]:
    """(series, year) → UNIT_MULT of LSB's SDMX-ML data, where it is not 0."""
    result: dict[tuple[str, str], int] = {}
    for path in (repository / "data").glob("*.xml"):
        for series in ET.parse(path).getroot().iter():
            if not series.tag.endswith("Series"):
                continue
            for obs in series:
                mult = obs.get("UNIT_MULT") or series.get("UNIT_MULT") or "0"
                if mult != "0":
                    result[(series.get("SERIES"), obs.get("TIME_PERIOD"))] = int(mult)
    return result


def test_import_equals_sdg_build(tmp_path, lsb_repository, pasan_bin, sdg_build_python):
    site = sdg_build(sdg_build_python, lsb_repository)
    db = tmp_path / "pasan.sqlite"
    url = f"sqlite://{db}"
    # A dry run first: it reports and writes nothing.
    dry = run([pasan_bin, "import", "open-sdg", str(FIXTURES / "sdg-laos"), "--dry-run", "--database-url", url])
    assert "Goal 18" in dry.stdout and "18.1.1" in dry.stdout, dry.stdout
    assert pasan_rows(db) == {}, "a dry run wrote observations"
    run([pasan_bin, "import", "open-sdg", str(FIXTURES / "sdg-laos"), "--publish", "--database-url", url])
    held = pasan_rows(db)

    built_ids = sorted(p.stem for p in (site / "untranslated" / "data").glob("*.csv"))
    assert len(built_ids) > 50, built_ids
    multipliers = unit_multipliers(FIXTURES / "sdg-laos")
    assert multipliers == {("DC_TOF_HLTHL", "2015"): 6, ("DC_TOF_HLTHL", "2016"): 6}, multipliers
    compared = 0
    for file_id in built_ids:
        built = built_rows(site / "untranslated" / "data" / f"{file_id}.csv")
        expected = {key: value * 10 ** multipliers.get((key[0], key[2]), 0) for key, value in built.items()}
        code = file_id.replace("-", ".")
        actual = held.get(code, {})
        assert set(actual) == set(expected), (
            f"{code}: only in sdg-build {sorted(set(expected) - set(actual))[:5]}, "
            f"only in Pasan {sorted(set(actual) - set(expected))[:5]}"
        )
        for key, value in expected.items():
            assert math.isclose(actual[key], value, rel_tol=1e-12, abs_tol=1e-12), f"{code} {key}: {actual[key]} != {value}"
        compared += len(expected)
        # The translated builds hold the same rows (labels instead of codes).
        for lang in ("lo", "en"):
            with (site / lang / "data" / f"{file_id}.csv").open(encoding="utf-8", newline="") as f:
                values = sorted(float(r["Value"]) for r in csv.DictReader(f) if (r.get("Value") or "").strip())
            assert values == sorted(built.values()), f"{lang}/{file_id}.csv differs from the untranslated build"
    # Nothing in Pasan that sdg-build did not build.
    assert set(held) <= {i.replace("-", ".") for i in built_ids}, sorted(set(held) - {i.replace("-", ".") for i in built_ids})
    assert compared > 400, compared
    check_metadata_equals(site, db)


def pasan_metadata(db: pathlib.Path) -> dict[tuple, str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return {(i, lang, c): text for i, lang, c, text in conn.execute("SELECT indicator, language, concept, text FROM indicator_metadata")}


def built_metadata(site: pathlib.Path, framework: set[str]) -> dict[tuple, str]:
    """The metadata concepts (upper-case keys; lower-case ones are configuration) of every
    indicator sdg-build built, per language; indicators the framework lacks are left out (Pasan
    refuses them, as the import report says)."""
    result: dict[tuple, str] = {}
    for lang in ("lo", "en"):
        for path in (site / lang / "meta").glob("*-*.json"):
            code = path.stem.replace("-", ".")
            meta = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(meta, dict) or code not in framework:
                continue
            for key, value in meta.items():
                if key[:1].isupper() and isinstance(value, str) and value.strip():
                    result[(code, lang, key)] = value
    return result


def check_metadata_equals(site: pathlib.Path, db: pathlib.Path) -> None:
    held = pasan_metadata(db)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        framework = {code for (code,) in conn.execute("SELECT code FROM indicators")}
    built = built_metadata(site, framework)
    assert len(built) > 1000, len(built)
    assert set(held) == set(built), (sorted(set(built) - set(held))[:5], sorted(set(held) - set(built))[:5])
    different = [key for key in built if held[key] != built[key]]
    assert not different, [(key, held[key][:80], built[key][:80]) for key in different[:3]]


def test_import_twice_changes_nothing(tmp_path, pasan_bin):
    db = tmp_path / "pasan.sqlite"
    url = f"sqlite://{db}"
    run([pasan_bin, "import", "open-sdg", str(FIXTURES / "sdg-laos"), "--publish", "--database-url", url])
    first = pasan_rows(db)
    again = run([pasan_bin, "import", "open-sdg", str(FIXTURES / "sdg-laos"), "--dry-run", "--database-url", url])
    assert "0 values would be added, 0 changed; 0 conflicts" in again.stdout, again.stdout
    assert pasan_rows(db) == first


def test_imported_metadata_round_trips_through_the_open_sdg_export(tmp_path, pasan_bin):
    """LSB's metadata texts, exported by `pasan export open-sdg` and imported into an empty
    database, come back unchanged (the export adds Pasan's own fields beside them)."""
    first, second = tmp_path / "first.sqlite", tmp_path / "second.sqlite"
    run([pasan_bin, "import", "open-sdg", str(FIXTURES / "sdg-laos"), "--publish", "--database-url", f"sqlite://{first}"])
    out = tmp_path / "export"
    run([pasan_bin, "export", "open-sdg", str(out), "--database-url", f"sqlite://{first}"])
    run([pasan_bin, "import", "open-sdg", str(out), "--publish", "--database-url", f"sqlite://{second}"])
    before, after = pasan_metadata(first), pasan_metadata(second)
    assert len(before) > 1000, len(before)
    lost = [key for key in before if after.get(key) != before[key]]
    assert not lost, [(key, before[key][:60], (after.get(key) or "")[:60]) for key in lost[:3]]
    # Numbers too: the rescaled UNIT_MULT values come back as stored.
    assert pasan_rows(second) == pasan_rows(first)


def test_broken_repository_writes_nothing(tmp_path, lsb_repository, pasan_bin):
    (lsb_repository / "data" / "SDG_DSD_Laos.Goal.3.xml").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\n<x>&b;</x>\n', encoding="utf-8"
    )
    (lsb_repository / "indicator-config" / "1-2-1.yml").write_text("reporting_status: [complete\n", encoding="utf-8")
    db = tmp_path / "pasan.sqlite"
    result = __import__("subprocess").run(
        [pasan_bin, "import", "open-sdg", str(lsb_repository), "--publish", "--database-url", f"sqlite://{db}"],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "data/SDG_DSD_Laos.Goal.3.xml:2" in result.stderr and "DOCTYPE" in result.stderr, result.stderr
    assert "indicator-config/1-2-1.yml" in result.stderr, result.stderr
    assert "nothing was written" in result.stderr
    assert pasan_rows(db) == {}
