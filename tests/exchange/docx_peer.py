"""python-docx's side of Pasan's DOCX checks (issue 17): an independent reader of the Word
documents Pasan writes (the statistical annex of a Voluntary National Review).

The checks run in the Swift tests (Tests/PasanWebTests/VNRWebTests.swift), which download the
annex and, when PASAN_TEST_PYTHON names a python with python-docx
(tests/exchange/requirements-docx.txt), call:

  python docx_peer.py dump FILE    prints, as JSON, what python-docx sees in FILE: the title,
                                   every paragraph with its style, every table's cells, each
                                   section's page size and orientation, and the fonts and
                                   languages of the document's default run properties

pytest finds no tests here: the Swift tests assert on what this prints.
"""

from __future__ import annotations

import json
import sys


def dump(path: str) -> dict:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(path)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    fonts, languages = {}, {}
    if defaults is not None:
        run = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        if run is not None:
            for element, target in ((run.find(qn("w:rFonts")), fonts), (run.find(qn("w:lang")), languages)):
                if element is not None:
                    for key, value in element.attrib.items():
                        target[key.split("}")[-1]] = value
    return {
        "title": document.core_properties.title,
        "paragraphs": [{"style": p.style.name, "text": p.text} for p in document.paragraphs],
        "tables": [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables],
        "sections": [
            {
                "width_mm": round(section.page_width.mm),
                "height_mm": round(section.page_height.mm),
                "orientation": str(section.orientation),
            }
            for section in document.sections
        ],
        "fonts": fonts,
        "languages": languages,
    }


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "dump":
        json.dump(dump(sys.argv[2]), sys.stdout, ensure_ascii=False)
    else:
        sys.exit(__doc__)
