"""Pasan's Open SDG export, checked by the builder every Open SDG site runs (issue 11): sdg-build
2.3.0 checks and builds `pasan export open-sdg` of the demo database without errors, and the
data it builds (`_site/{lo,en,untranslated}/data/<id>.csv`) holds exactly Pasan's published
values — same series, places, years, breakdown codes, units, statuses, sources and numbers —
for every indicator. The round trip: `pasan import open-sdg` of the export into an empty
database gives the same observations."""

from __future__ import annotations

import csv
import json
import os
import pathlib
import shutil
import sqlite3
import subprocess

import pytest
import yaml

from conftest import run

# Columns that are not breakdowns of an observation (docs/open-sdg.md).
NOT_BREAKDOWNS = {"Year", "Value", "SERIES", "UNIT_MEASURE", "REF_AREA", "OBS_STATUS", "SOURCE_DETAIL", "GeoCode", "COMMENT_OBS"}


def observations(db: pathlib.Path) -> dict[str, set[tuple]]:
    """Pasan's published values per indicator: (series, area, period, breakdowns, unit, status,
    source, value)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        result: dict[str, set[tuple]] = {}
        for indicator, series, area, period, dims, unit, status, source, value in conn.execute(
            "SELECT indicator, series, area, period, dimension_key, unit, status, source, value FROM observations"
        ):
            result.setdefault(indicator, set()).add((series, area, period, dims, unit, status or "", (source or "").strip(), value))
        return result


@pytest.fixture(scope="module")
def demo(tmp_path_factory, pasan_bin) -> dict:
    """A fresh SQLite database with the demo data, and its export."""
    tmp = tmp_path_factory.mktemp("open-sdg-export")
    db = tmp / "demo.sqlite"
    url = f"sqlite://{db}"
    run([pasan_bin, "seed", "--demo", "--database-url", url])
    out = tmp / "repository"
    result = run([pasan_bin, "export", "open-sdg", str(out), "--database-url", url])
    return {"tmp": tmp, "db": db, "url": url, "out": out, "stdout": result.stdout}


def build(python: str, repository: pathlib.Path) -> tuple[pathlib.Path, str]:
    """Runs sdg-build's check and build in the repository; both must report success."""
    script = (
        "import sys\n"
        "from sdg.open_sdg import open_sdg_build, open_sdg_check\n"
        "if not open_sdg_check(config='config_data.yml'): sys.exit('open_sdg_check failed')\n"
        "if not open_sdg_build(config='config_data.yml'): sys.exit('open_sdg_build failed')\n"
    )
    result = run([python, "-W", "ignore", "-c", script], cwd=repository)
    return repository / "_site", result.stdout + result.stderr


def labels(repository: pathlib.Path, language: str | None) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The export's translations read backwards: header label → column, and per column
    label → code. Two codes of one column with the same label would make the site's data
    ambiguous, so that fails here."""
    headers: dict[str, str] = {}
    codes: dict[str, dict[str, str]] = {}
    if language is None:
        return headers, codes
    for path in sorted((repository / "translations" / language).glob("*.yml")):
        group = path.stem
        if not group.isupper():
            continue  # titles and field labels, not columns
        texts = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        backwards: dict[str, str] = {}
        for code, label in texts.items():
            code = str(code)
            if code == group:
                headers[label] = group
                continue
            assert label not in backwards, f"{language}/{group}.yml: {backwards[label]} and {code} are both labelled {label!r}"
            backwards[label] = code
        codes[group] = backwards
    return headers, codes


def built(path: pathlib.Path, headers: dict[str, str], codes: dict[str, dict[str, str]]) -> set[tuple]:
    """The rows of a built data file, labels turned back into codes."""
    rows: set[tuple] = set()
    with path.open(encoding="utf-8", newline="") as f:
        for raw in csv.DictReader(f):
            row = {}
            for header, cell in raw.items():
                column = headers.get(header, header)
                row[column] = codes.get(column, {}).get(cell, cell) if cell else ""
            assert row["Value"] != "", f"{path}: a row without a value"
            breakdowns = "|".join(f"{k}={v}" for k, v in sorted(row.items()) if k not in NOT_BREAKDOWNS and v)
            key = (
                row["SERIES"],
                row.get("REF_AREA") or "LA",
                row["Year"],
                breakdowns,
                row["UNIT_MEASURE"],
                row.get("OBS_STATUS", ""),
                row.get("SOURCE_DETAIL", ""),
                float(row["Value"]),
            )
            assert key not in rows, f"{path}: {key} twice"
            if row.get("GeoCode"):
                assert row["GeoCode"] == row["REF_AREA"], f"{path}: GeoCode {row['GeoCode']} disagrees with REF_AREA {row['REF_AREA']}"
            rows.add(key)
    return rows


def test_the_export_is_a_complete_repository(demo):
    out: pathlib.Path = demo["out"]
    for name in ("config_data.yml", "_prose.yml", "README.md", "LICENSE.md", "translations/lo-status.csv"):
        assert (out / name).is_file(), name
    held = observations(demo["db"])
    assert held, "the demo database has no published values"
    data_ids = sorted(p.stem.removeprefix("indicator_") for p in (out / "data").glob("indicator_*.csv"))
    assert data_ids == sorted(code.replace(".", "-") for code in held)
    configs = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (out / "indicator-config").glob("*.yml")}
    assert len(configs) > 250, len(configs)
    for file_id, config in configs.items():
        assert config["reporting_status"] == ("complete" if file_id in data_ids else "notstarted"), file_id
        assert config["indicator_number"] == file_id.replace("-", "."), file_id
        assert config["data_non_statistical"] is False and config["graph_type"] == "line", file_id
        for language in ("lo", "en"):
            assert (out / "meta" / language / f"{file_id}.md").is_file(), (language, file_id)
    # Progress configured in Pasan travels with an explicit direction.
    options = [o for c in configs.values() for o in c.get("progress_calculation_options", [])]
    assert options and all(o["direction"] in ("positive", "negative") for o in options), options
    config = yaml.safe_load((out / "config_data.yml").read_text(encoding="utf-8"))
    assert config["languages"] == ["lo", "en"]
    assert [t["class"] for t in config["translations"]] == ["TranslationInputYaml"], "no remote translations"
    # The headline first: in every file, the first row has no breakdown and no place.
    for file_id in data_ids:
        with (out / "data" / f"indicator_{file_id}.csv").open(encoding="utf-8", newline="") as f:
            first = next(csv.DictReader(f))
        assert all(not v for k, v in first.items() if k not in NOT_BREAKDOWNS - {"REF_AREA"}), (file_id, first)
    # The summary line counts what was written.
    values = sum(len(v) for v in held.values())
    assert f"({len(data_ids)} with data files), {values} values" in demo["stdout"], demo["stdout"]


def test_sdg_build_builds_the_export_and_it_holds_exactly_the_published_values(demo, sdg_build_python):
    repository = demo["tmp"] / "built"
    shutil.copytree(demo["out"], repository)
    site, output = build(sdg_build_python, repository)
    assert "Validation errors" not in output, output[-4000:]
    held = observations(demo["db"])
    compared = 0
    for code, expected in sorted(held.items()):
        file_id = code.replace(".", "-")
        for language in ("untranslated", "lo", "en"):
            headers, codes = labels(repository, None if language == "untranslated" else language)
            path = site / language / "data" / f"{file_id}.csv"
            assert path.is_file(), f"sdg-build built no {path}"
            actual = built(path, headers, codes)
            assert actual == expected, (
                f"{language}/{file_id}.csv: only in the build {sorted(actual - expected)[:3]}, only in Pasan {sorted(expected - actual)[:3]}"
            )
        compared += len(expected)
        headline = site / "untranslated" / "headline" / f"{file_id}.csv"
        assert headline.is_file() and len(headline.read_text(encoding="utf-8").splitlines()) > 1, f"{file_id}: no headline"
    assert compared == sum(len(v) for v in held.values()) and compared > 50, compared
    # Every indicator is on the site, with Pasan's reporting status.
    reporting = json.loads((site / "lo" / "stats" / "reporting.json").read_text(encoding="utf-8"))
    statuses = {s["status"]: s["count"] for s in reporting["overall"]["statuses"]}
    assert statuses.get("complete") == len(held), statuses
    configs = len(list((demo["out"] / "indicator-config").glob("*.yml")))
    assert reporting["overall"]["totals"]["total"] == configs, reporting["overall"]["totals"]
    # The Lao site shows Lao: an indicator's name and its Lao metadata, Pasan's labels of the columns.
    meta = json.loads((site / "lo" / "meta" / "18-1-1.json").read_text(encoding="utf-8"))
    assert any("\u0e80" <= ch <= "\u0eff" for ch in meta["indicator_name"]), meta["indicator_name"]
    assert meta["national_geographical_coverage"] != "REF_AREA.LA", "the country's name is not translated"


def test_an_export_refuses_a_directory_that_is_not_empty_unless_forced(demo, pasan_bin, tmp_path):
    target = tmp_path / "again"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    refused = subprocess.run(
        [pasan_bin, "export", "open-sdg", str(target), "--database-url", demo["url"]], capture_output=True, text=True
    )
    assert refused.returncode != 0 and "not empty" in refused.stderr, refused.stderr
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]
    # A stale data file of an earlier export goes; files that are not the export's stay.
    (target / "data").mkdir()
    (target / "data" / "indicator_99-9-9.csv").write_text("Year,Value\n2015,1\n", encoding="utf-8")
    run([pasan_bin, "export", "open-sdg", str(target), "--force", "--database-url", demo["url"]])
    assert (target / "notes.txt").is_file()
    assert not (target / "data" / "indicator_99-9-9.csv").exists()
    for path in demo["out"].rglob("*"):
        if path.is_file() and path.name not in ("README.md", "config_data.yml"):  # these name the moment of the export
            assert (target / path.relative_to(demo["out"])).read_bytes() == path.read_bytes(), path


def importer_available(pasan_bin: str) -> bool:
    return subprocess.run([pasan_bin, "import", "open-sdg", "--help"], capture_output=True).returncode == 0


def test_the_round_trip_is_lossless(demo, pasan_bin, tmp_path):
    if not importer_available(pasan_bin):
        pytest.skip("pasan import open-sdg is not available in this binary")
    db = tmp_path / "empty.sqlite"
    url = f"sqlite://{db}"
    run([pasan_bin, "seed", "--database-url", url])
    assert observations(db) == {}
    env = dict(os.environ, PASAN_NEW_PASSWORD="round-trip-password-1")
    run(
        [pasan_bin, "users", "create", "--email", "roundtrip@example.org", "--name", "Round trip", "--role", "secretariat-admin",
         "--database-url", url],
        env=env,
    )
    run([pasan_bin, "import", "open-sdg", str(demo["out"]), "--publish", "--as", "roundtrip@example.org", "--database-url", url])
    before, after = observations(demo["db"]), observations(db)
    assert set(after) == set(before), (sorted(set(before) - set(after)), sorted(set(after) - set(before)))
    for code in before:
        assert after[code] == before[code], (
            f"{code}: only after the round trip {sorted(after[code] - before[code])[:3]}, lost {sorted(before[code] - after[code])[:3]}"
        )
