#!/usr/bin/env python3
"""Writes the largest register workbook the crate reads: one sheet of Excel's 1 048 576 rows (a
header and 1 048 575 assessments), text in shared strings as Excel writes it, points as numbers,
dates as dated numbers, and a description on every row. For measuring a workbook's read (time
and peak memory, docs/PERFORMANCE.md):

    python3 tools/big_workbook.py big.xlsx [ROWS]
    /usr/bin/time -v target/release/examples/microanalysis big.xlsx --format csv > /dev/null
"""

import sys
import zipfile

AREAS = ["serious_organised_crime", "major_crime", "civil_contingencies", "critical_incidents",
         "public_order", "roads_policing", "domestic_abuse", "missing_persons", "child_abuse",
         "offender_management"]
IMPACT = ["minimal", "minor", "moderate", "major", "critical"]
PROBABILITY = ["rare", "unlikely", "possible", "likely", "almost_certain"]
ABILITY = ["none", "limited", "adequate", "good", "strong"]
HEADER = ["id", "area", "impact", "probability", "ameliorative.partnership", "capability",
          "capacity", "assessed_on", "description"]


def main() -> None:
    path = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_048_575
    strings = HEADER + AREAS + IMPACT + PROBABILITY + ABILITY
    index = {s: i for i, s in enumerate(strings)}

    def letters(c: int) -> str:
        return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[c]

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("_rels/.rels", '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<workbook xmlns:r="r"><sheets><sheet name="Register" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        z.writestr("xl/styles.xml", '<styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>')
        z.writestr("xl/sharedStrings.xml", "<sst>" + "".join("<si><t>%s</t></si>" % s for s in strings) + "</sst>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b"<worksheet><sheetData>")
            head = "".join('<c r="%s1" t="s"><v>%d</v></c>' % (letters(c), index[h]) for c, h in enumerate(HEADER))
            sheet.write(('<row r="1">%s</row>' % head).encode())
            for n in range(rows):
                r = n + 2
                x = (n * 2654435761) & 0xFFFFFFFF
                cells = [
                    '<c r="A%d" t="inlineStr"><is><t>r%d</t></is></c>' % (r, n),
                    '<c r="B%d" t="s"><v>%d</v></c>' % (r, index[AREAS[x % 10]]),
                    '<c r="C%d" t="s"><v>%d</v></c>' % (r, index[IMPACT[(x >> 4) % 5]]),
                    '<c r="D%d" t="s"><v>%d</v></c>' % (r, index[PROBABILITY[(x >> 8) % 5]]),
                    '<c r="E%d"><v>%s</v></c>' % (r, ((x >> 12) % 21) / 4),
                    '<c r="F%d" t="s"><v>%d</v></c>' % (r, index[ABILITY[(x >> 16) % 5]]),
                    '<c r="G%d" t="s"><v>%d</v></c>' % (r, index[ABILITY[(x >> 20) % 5]]),
                    '<c r="H%d" s="1"><v>%d</v></c>' % (r, 39000 + (x >> 24) % 700),
                    '<c r="I%d" t="inlineStr"><is><t>Assessment %d of the register</t></is></c>' % (r, n),
                ]
                sheet.write(('<row r="%d">%s</row>' % (r, "".join(cells))).encode())
            sheet.write(b"</sheetData></worksheet>")


if __name__ == "__main__":
    main()
