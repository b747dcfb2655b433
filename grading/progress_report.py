"""Progress written out for a trainer: a terminal table, a spreadsheet's CSV, JSON for scripts.

``classbridge progress --format table|csv|json`` prints these; the dashboard's
CSV download is the same ``rows_csv``, so a trainer gets one file whichever
way they export.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import fields

from classbridge.grading.display_format import (
    NO_VALUE,
    progress_columns,
    score_text,
    status_label,
    text_table,
    time_text,
)
from classbridge.grading.progress import MODULE_NOT_STARTED, Progress, ProgressRow

#: CSV columns: the fields of a progress row, in the order ``ProgressRow.as_record`` gives them.
COLUMNS = tuple(field.name for field in fields(ProgressRow))


def as_table(progress: Progress) -> str:
    """For a trainer at a terminal (``--format table``); scripts read the CSV or JSON."""
    rows = [progress_columns()]
    for row in progress.rows:
        rows.append(
            (
                row.trainee,
                row.module,
                status_label(row.status),
                score_text(row.score, row.max_score),
                time_text(row.last_submission),
                str(row.pending_manual) if row.status != MODULE_NOT_STARTED else NO_VALUE,
            )
        )
    return text_table(rows)


def spreadsheet_cell(value: object) -> object:
    """A cell a spreadsheet will not run: text starting =, +, - or @ is a formula to Excel."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def rows_csv(rows: Iterable[ProgressRow]) -> str:
    """CSV for a trainer's spreadsheet: no cell runs as a formula, and RFC 4180 line
    ends, so a stray carriage return in a trainee's name is quoted, not a new row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        record = row.as_record()
        writer.writerow(
            {k: spreadsheet_cell("" if record[k] is None else record[k]) for k in COLUMNS}
        )
    return out.getvalue()


def as_csv(progress: Progress) -> str:
    return rows_csv(progress.rows)


def as_json(progress: Progress) -> str:
    return json.dumps(
        {
            "modules": progress.modules,
            "trainees": progress.trainees,
            "rows": [row.as_record() for row in progress.rows],
        },
        indent=2,
        ensure_ascii=False,
    )
