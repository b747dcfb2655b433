"""Reading a CSV file as a spreadsheet program saved it, not as Python would like it.

Teachers keep exit tickets and rosters in Excel, LibreOffice or Google Sheets and
save them as CSV: in UTF-8 with or without a byte-order mark, in Windows-1252 on an
English Windows, in Big5 (cp950) on a Traditional Chinese one, with ``;`` between
fields where the decimal mark is a comma. The standard ``csv`` module assumes one
encoding and one delimiter; charset-normalizer (a well-kept library the Jupyter
stack already installs) finds the encoding, ``csv.Sniffer`` the delimiter. What
cannot be read is one ``SpreadsheetError`` line naming the file and the fix.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from charset_normalizer import from_bytes

from classbridge.core.errors import ClassBridgeError
from classbridge.core.language import _

DELIMITERS = ",;\t"
#: The "ANSI" code pages Excel saves CSV in where the alliance's teachers work: Western
#: (English, Indonesian, Malay, Filipino, Spanish), Traditional and Simplified Chinese,
#: Vietnamese, Thai. Guessing among these only, rather than among every encoding, keeps
#: a short file from being read as a look-alike (cp1250 for cp1252, say).
SPREADSHEET_ENCODINGS = ["cp1252", "cp950", "gb18030", "cp1258", "cp874"]


class SpreadsheetError(ClassBridgeError):
    """A CSV file that cannot be read as a table; the message says what to do."""


def decode_spreadsheet(raw: bytes, name: str) -> str:
    """The file's text, in whichever encoding the spreadsheet program used."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(raw, cp_isolation=SPREADSHEET_ENCODINGS).best()
        text = str(best) if best is not None else "\x00"
    if "\x00" in text:  # no spreadsheet writes NUL into a CSV: this is another kind of file
        raise SpreadsheetError(
            _(
                "{name} is not a text file: save it from your spreadsheet as "
                "'CSV UTF-8 (comma delimited)' and try again"
            ).format(name=name)
        )
    return text


def read_spreadsheet_csv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of ``path`` as dicts; ``columns`` must be among its header names.

    Header names are matched without regard to case and surrounding spaces, as a
    teacher typing them in a spreadsheet would expect.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise SpreadsheetError(
            _("{name} cannot be read ({reason}): put the file beside this page").format(
                name=path.name, reason=err.strerror
            )
        ) from None
    text = decode_spreadsheet(raw, path.name)
    if not text.strip():
        raise SpreadsheetError(
            _("{name} is empty: save the table from your spreadsheet again").format(name=path.name)
        )
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [cell.strip().casefold() for cell in next(reader)]
    missing = [name for name in columns if name.casefold() not in header]
    if missing:
        raise SpreadsheetError(
            _(
                "{name} has no column {missing}: its first row must name the columns {columns}"
            ).format(
                name=path.name,
                missing=", ".join(repr(m) for m in missing),
                columns=", ".join(columns),
            )
        )
    where = {name: header.index(name.casefold()) for name in columns}
    return [
        {name: row[index].strip() if index < len(row) else "" for name, index in where.items()}
        for row in reader
        if any(cell.strip() for cell in row)
    ]
