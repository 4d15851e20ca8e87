"""openpyxl's side of Pasan's XLSX checks (issue 12): an independent reader and writer of the
workbooks Pasan writes and reads.

The checks themselves run in the Swift tests (Tests/PasanExchangeTests/XLSXPeerTests.swift),
which write a template with XLSXWriter and, when PASAN_TEST_PYTHON names a python with openpyxl
(tests/exchange/requirements-sdmx.txt), call this file:

  python test_xlsx.py dump FILE           prints, as JSON, what openpyxl sees in FILE: sheets and
                                          their state, protection, frozen pane, column widths,
                                          fonts, locked cells, data validations and every value
  python test_xlsx.py fill IN OUT CELLS   opens IN with openpyxl, writes CELLS (JSON
                                          {"Sheet": {"D3": 18.3, "B3": "F"}}) and saves OUT,
                                          as a user filling a template with openpyxl would
  python test_xlsx.py fresh OUT           writes a workbook openpyxl builds from nothing: a
                                          tidy table with a formula, a date-formatted cell and
                                          a merged range, for XLSXReader to read

pytest finds no tests here: the Swift tests assert on what these commands print and write.
"""

from __future__ import annotations

import json
import sys


def dump(path: str) -> dict:
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    sheets = []
    for sheet in workbook.worksheets:
        validations = []
        for validation in sheet.data_validations.dataValidation:
            validations.append(
                {
                    "type": validation.type,
                    "sqref": str(validation.sqref),
                    "formula1": validation.formula1,
                    "showErrorMessage": bool(validation.showErrorMessage),
                    "allowBlank": bool(validation.allow_blank),
                    "errorTitle": validation.errorTitle,
                    "error": validation.error,
                    "errorStyle": validation.errorStyle,
                }
            )
        cells = {}
        locked = {}
        fonts = set()
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    cells[cell.coordinate] = cell.value
                locked[cell.coordinate] = bool(cell.protection.locked)
                if cell.font is not None and cell.font.name:
                    fonts.add(cell.font.name)
        sheets.append(
            {
                "name": sheet.title,
                "state": sheet.sheet_state,
                "protected": bool(sheet.protection.sheet),
                "frozen": sheet.freeze_panes,
                "widths": {
                    key: dimension.width for key, dimension in sheet.column_dimensions.items() if dimension.customWidth
                },
                "fonts": sorted(fonts),
                "validations": validations,
                "cells": cells,
                "locked": locked,
            }
        )
    return {
        "sheets": sheets,
        "title": workbook.properties.title,
        "creator": workbook.properties.creator,
    }


def fill(source: str, target: str, cells: dict) -> None:
    import openpyxl

    workbook = openpyxl.load_workbook(source)
    for sheet_name, values in cells.items():
        sheet = workbook[sheet_name]
        for reference, value in values.items():
            sheet[reference] = value
    workbook.save(target)


def fresh(target: str) -> None:
    import datetime

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "3.1.2"
    sheet.append(["Year", "SERIES", "SEX", "GeoCode", "Value"])
    sheet.append([2023, "SH_STA_BRTC", "F", "LA", 18.3])
    sheet.append([2024, "SH_STA_BRTC", "M", "LA01", 0.1])
    sheet.append([2024, "SH_STA_BRTC", "_T", "LA02", "=E2*2"])
    sheet["A5"] = datetime.date(2024, 1, 1)
    sheet["E5"] = 7
    sheet.merge_cells("B6:C6")
    sheet["B6"] = "merged"
    workbook.create_sheet("notes")["A1"] = "ພາສາລາວ & <ok>"
    workbook.save(target)


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "dump":
        print(json.dumps(dump(argv[1]), ensure_ascii=False, default=str))
        return 0
    if len(argv) >= 4 and argv[0] == "fill":
        fill(argv[1], argv[2], json.loads(argv[3]))
        return 0
    if len(argv) >= 2 and argv[0] == "fresh":
        fresh(argv[1])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
