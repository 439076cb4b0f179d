#!/usr/bin/env python3
"""Writes the hostile workbooks of the workbook reader's regression tests (tests/workbook_hostile.rs
builds the same classes in Rust) as fuzz seeds for the `register_xlsx` target, so that fuzzing
starts from every class of fault the reader refuses:

    python3 tools/hostile_workbooks.py fuzz/seeds/register_xlsx

Each file is a small `.xlsx` with a `Register` sheet: a far stray cell, a cell past Excel's
limits, a formula with no stored value, shared-string indices that are not ones, a day-0 date,
a part whose zip header lies about its size, a value under no header, rows out of order, an
XML entity.
"""

import os
import struct
import sys
import zipfile

HEADER = ["id", "area", "impact", "probability", "capability", "capacity"]
RELS = ('<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = ('<workbook xmlns:r="r"><sheets><sheet name="Register" sheetId="1" r:id="rId1"/>'
            '</sheets></workbook>')
WORKBOOK_RELS = ('<Relationships><Relationship Id="rId1" Type="x/worksheet" '
                 'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/styles" '
                 'Target="styles.xml"/><Relationship Id="rId3" Type="x/sharedStrings" '
                 'Target="sharedStrings.xml"/></Relationships>')
STYLES = ('<styleSheet><numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
          '<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>')


def s(ref, text):
    return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text)


def row(n, id_, extra=""):
    values = [id_, "major_crime", "major", "likely", "limited", "good"]
    return '<row r="%d">%s%s</row>' % (n, "".join(s("%s%d" % ("ABCDEF"[i], n), v)
                                                  for i, v in enumerate(values)), extra)


def book(rows, header_extra=""):
    header = "".join('<c r="%s1" t="s"><v>%d</v></c>' % ("ABCDEF"[i], i) for i in range(6))
    sst = "".join("<si><t>%s</t></si>" % h for h in HEADER)
    sheet = ('<worksheet><dimension ref="A1:XFD1048576"/><sheetData><row r="1">%s%s</row>%s'
             '</sheetData></worksheet>' % (header, header_extra, rows))
    return [("_rels/.rels", RELS), ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS), ("xl/styles.xml", STYLES),
            ("xl/sharedStrings.xml", "<sst>%s</sst>" % sst), ("xl/worksheets/sheet1.xml", sheet)]


def write(path, parts, lie=None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            z.writestr(name, text)
    if lie is not None:
        data = bytearray(open(path, "rb").read())
        name = b"xl/worksheets/sheet1.xml"
        at = data.find(name)
        while at != -1:
            # A local header's name starts 30 bytes in; a central entry's 46.
            for offset, field in ((30, 22), (46, 24)):
                start = at - offset
                if data[start:start + 2] == b"PK":
                    data[start + field:start + field + 4] = struct.pack("<I", lie)
            at = data.find(name, at + 1)
        open(path, "wb").write(bytes(data))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    assessed = '<c r="G1" t="inlineStr"><is><t>assessed_on</t></is></c>'
    cases = {
        "hostile-far-stray-cell": book(row(2, "a") + '<row r="1048576">%s</row>' % s("XFD1048576", "x")),
        "hostile-past-limits": book('<row r="2">%s</row>' % s("A4294967295", "x")),
        "hostile-formula-no-value": book(row(2, "a") + '<row r="3">%s</row>' % "".join(
            '<c r="%s3"><f>1+1</f></c>' % c for c in "ABCDEF")),
        "hostile-shared-string-index": book(row(2, "a") + '<row r="3"><c r="A3" t="s"><v>abc</v></c>'
                                            '<c r="B3" t="s"><v>-1</v></c><c r="C3" t="s"><v>7.5</v></c>'
                                            '<c r="D3" t="s"><v></v></c></row>'),
        "hostile-day-zero-date": book(row(2, "a", '<c r="G2" s="1"><v>0</v></c>'), assessed),
        "hostile-no-header": book(row(2, "a", s("H2", "checked"))),
        "hostile-rows-out-of-order": book(row(3, "a") + row(2, "b")),
        "hostile-entity": book(row(2, "&lol;")),
    }
    for name, parts in cases.items():
        write(os.path.join(out, name + ".xlsx"), parts)
    write(os.path.join(out, "hostile-lying-size.xlsx"), book(row(2, "a") + " " * 200000), lie=4096)
    print("%s: %d hostile workbooks" % (out, len(cases) + 1))


if __name__ == "__main__":
    main()
