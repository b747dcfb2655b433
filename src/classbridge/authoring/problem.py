"""One problem ``classbridge check`` found: where it is and what to do, printed as one line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """``text`` says what is wrong and, after a colon or semicolon, the fix.

    ``cell`` counts from 1, as a trainer counts cells from the top of the
    notebook; ``grade_id`` is the cell's nbgrader id where it has one.
    """

    file: Path
    text: str
    cell: int | None = None
    grade_id: str = ""

    def line(self) -> str:
        where = ""
        if self.cell is not None:
            where = f" cell {self.cell}" + (f" ({self.grade_id})" if self.grade_id else "")
        return f"{self.file}{where}: {self.text}"
