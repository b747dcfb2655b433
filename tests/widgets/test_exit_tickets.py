"""Exit tickets saved by any spreadsheet draw a chart; a file that cannot be read is said."""

from __future__ import annotations

import pytest

from classbridge.core.spreadsheet_csv import SpreadsheetError, read_spreadsheet_csv
from classbridge.widgets import ExitTicketChart

ROWS = [
    ("L01", "Escuela Ñandú", "got it"),
    ("L02", "Escuela Ñandú", "nearly"),
    ("L03", "Île-aux-Moines", "not yet"),
    ("L04", "蘭嶼國小", "got it"),
]


def _csv(delimiter: str = ",", header=("learner", "room", "result")) -> str:
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in ROWS]
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize(
    "encoding, delimiter, rows",
    [
        ("utf-8", ",", ROWS),
        ("utf-8-sig", ";", ROWS),  # Excel's "CSV UTF-8", a comma-decimal locale
        ("cp1252", ",", ROWS[:3]),  # an English Windows Excel (no Chinese in cp1252)
        ("cp950", "\t", [ROWS[3], ("L05", "綠島國小", "nearly")]),  # a zh-TW Excel (Big5)
    ],
)
def test_spreadsheet_files_in_any_common_encoding_are_read(tmp_path, encoding, delimiter, rows):
    lines = [delimiter.join(("Learner", " Room ", "RESULT"))] + [delimiter.join(r) for r in rows]
    path = tmp_path / "exit-tickets.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    read = read_spreadsheet_csv(path, ("room", "result"))
    assert read == [{"room": room, "result": result} for _, room, result in rows]


@pytest.mark.parametrize(
    "payload, message",
    [
        (b"", "is empty"),
        (b"\x00\x01\x02\x03PK\x03\x04" * 40, "is not a text file: save it from your spreadsheet"),
        (b"learner,class,mark\nL1,A,ok\n", "has no column 'room', 'result'"),
    ],
)
def test_a_file_that_is_no_table_is_one_line(tmp_path, payload, message):
    path = tmp_path / "exit-tickets.csv"
    path.write_bytes(payload)
    with pytest.raises(SpreadsheetError, match=message) as raised:
        read_spreadsheet_csv(path, ("room", "result"))
    assert "\n" not in str(raised.value)


def test_the_chart_draws_from_a_cp1252_file_and_notes_rows_it_did_not_count(tmp_path):
    path = tmp_path / "exit-tickets.csv"
    path.write_bytes(
        (_csv() + "L09,Île-aux-Moines,absent\r\n").replace("蘭嶼國小", "Orchid").encode("cp1252")
    )
    chart = ExitTicketChart(path)
    # One stacked bar per room, its words as text a reader and a screen reader see.
    assert chart.chart.value.startswith("<svg") and ">Orchid</text>" in chart.chart.value
    assert "learners got it" in chart.chart.value
    assert (
        "1 row(s) not counted" in chart.note.value and "Île-aux-Moines: absent" in chart.note.value
    )


def test_an_unreadable_file_is_said_in_the_page_and_nothing_breaks(tmp_path):
    path = tmp_path / "exit-tickets.csv"
    path.write_bytes(b"\x00\xff" * 100)
    chart = ExitTicketChart(path)
    assert chart.chart.layout.display == "none"
    assert "cb-error" in chart.note.value
    assert "The chart cannot be drawn: exit-tickets.csv is not a text file" in chart.note.value
    missing = ExitTicketChart(tmp_path / "nowhere.csv")
    assert "nowhere.csv cannot be read" in missing.note.value
