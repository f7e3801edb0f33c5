"""events.csv opens in a spreadsheet as data: no cell runs as a formula, numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pytest

from generator import site
from generator.site.datafiles import csv_cell

PAYLOADS = [
    "=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "|calc", "%0A=1+1",
    "＝1+1", "＋1", "－1", "＠SUM(A1)", "｜calc", "\u200b=1+1", "\u200f=1", "\ufeff=1", " =1", "\u00a0=1",
    "\u2028=1", "\u202e@x", "=x:f2",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_text_cell_that_could_start_a_formula_is_quoted(payload):
    assert csv_cell(payload) == "'" + payload


@pytest.mark.parametrize("value", ["-6.83255", "36.53001", "+3", "0", "12", "-1e-05", 7, -2.5])
def test_numbers_stay_numbers(value):
    assert csv_cell(value) == str(value)


@pytest.mark.parametrize("value", ["منبج", "قصفت طائرات حربية", "2016-08-25", "gn:163345", "a=b", "", None])
def test_ordinary_cells_are_unchanged(value):
    assert csv_cell(value) == ("" if value is None else value)


def test_the_built_events_csv_has_a_bom_and_numeric_coordinates(sample_site):
    raw = (sample_site / site.EVENTS_CSV).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows
    for row in rows:
        float(row["lat"]), float(row["lon"])  # numbers, never «'-6.8»
        for cell in row.values():
            assert not cell or cell[0] not in "=+-@|\t\r" or cell[0] == "-" and float(cell) < 0, cell
