#!/usr/bin/env python3
"""Writes the workbooks batch's tests read (tests/xlsx.rs) into tests/fixtures/:

  people-openpyxl.xlsx  by openpyxl (pip install openpyxl): an error cell, a date pay and
                        a formula with no cached value (openpyxl stores none)
  people.xls            by xlwt (pip install xlwt): an error cell and a date pay
  people.ods            by odfpy (pip install odfpy): a date pay

Each has a sheet `people` whose first row is blank (the header is the first non-empty row,
row 2) and a second sheet `other`. Run from the project root: python3 scripts/fixtures.py.
The files are committed, so the tests need none of these packages; a package missing here
skips its file with a note.
"""

import datetime
import os
import sys

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures")
HEADER = ["id", "years", "city", "base_salary", "note"]
# (id, years, city, pay, note); None is an empty cell, ERROR an error cell, DATE a date.
ERROR, DATE, FORMULA = object(), object(), object()
ROWS = [
    ("E1", 4.0, "sf", 185000, "a float 4.0 in years"),
    ("E2", 7, "sf", "205k", "a text pay"),
    ("E3", ERROR, "sf", 150000, "an error in years"),
    ("E4", 3, "austin", DATE, "a date as the pay"),
    None,
    ("E6", 5, "london", 120000, None),
]
OTHER = [["years", "city"], [3, "sf"]]


def xlsx():
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "people"
    ws.append([])
    ws.append(HEADER)
    rows = ROWS + [("E7", 2, "nyc", FORMULA, "a formula with no value")]
    for r, row in enumerate(rows, start=3):
        if row is None:
            continue
        for c, v in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            if v is ERROR:
                cell.value = "#N/A"
                cell.data_type = "e"
            elif v is DATE:
                cell.value = datetime.date(2024, 1, 3)
            elif v is FORMULA:
                cell.value = "=D3*1.1"
            else:
                cell.value = v
    other = wb.create_sheet("other")
    for row in OTHER:
        other.append(row)
    wb.save(os.path.join(OUT, "people-openpyxl.xlsx"))


def xls():
    import xlwt

    wb = xlwt.Workbook()
    ws = wb.add_sheet("people")
    date = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for c, v in enumerate(HEADER):
        ws.write(1, c, v)
    for r, row in enumerate(ROWS, start=2):
        if row is None:
            continue
        for c, v in enumerate(row):
            if v is ERROR:
                ws.row(r).set_cell_error(c, 0x2A)  # #N/A
            elif v is DATE:
                ws.write(r, c, datetime.date(2024, 1, 3), date)
            elif v is not None:
                ws.write(r, c, v)
    other = wb.add_sheet("other")
    for r, row in enumerate(OTHER):
        for c, v in enumerate(row):
            other.write(r, c, v)
    wb.save(os.path.join(OUT, "people.xls"))


def ods():
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()

    def cell(v):
        if v is None:
            return TableCell()
        if v is DATE:
            c = TableCell(valuetype="date", datevalue="2024-01-03")
            c.addElement(P(text="2024-01-03"))
            return c
        if v is ERROR:
            v = "#N/A"
        if isinstance(v, (int, float)):
            c = TableCell(valuetype="float", value=v)
        else:
            c = TableCell(valuetype="string")
        c.addElement(P(text=str(v)))
        return c

    def sheet(name, rows):
        t = Table(name=name)
        for row in rows:
            tr = TableRow()
            for v in row or []:
                tr.addElement(cell(v))
            t.addElement(tr)
        doc.spreadsheet.addElement(t)

    sheet("people", [[]] + [HEADER] + ROWS)
    sheet("other", OTHER)
    doc.save(os.path.join(OUT, "people.ods"))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for make in (xlsx, xls, ods):
        try:
            make()
        except ImportError as e:
            print(f"skipped {make.__name__}: {e}", file=sys.stderr)
