"""A module folder's name, ``NN-slug``: ``NN`` is its place in the catalogue, ``slug`` its name.

The catalogue lists folders in name order, so two folders with one number
would take turns depending on their slugs; the notebook inside is named after
the slug (``08-island-science/island-science.ipynb``).
"""

from __future__ import annotations

import re
from pathlib import Path

from classbridge.core.errors import ClassBridgeError

#: ``08-island-science``: two digits, a hyphen, lower-case words joined by hyphens.
MODULE_NAME = re.compile(r"(?P<number>\d{2})-(?P<slug>[a-z][a-z0-9]*(?:-[a-z0-9]+)*)\Z")
#: check_segment's limit for a module name (it is an nbgrader assignment name, too).
LONGEST = 64


class ModuleNameError(ClassBridgeError, ValueError):
    """A module folder name that is not ``NN-slug``; the message gives one that is."""


def _suggested_slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.casefold())
    slug = "-".join(words).lstrip("0123456789-")
    return slug[:40].rstrip("-") or "my-module"


def check_module_folder_name(name: str) -> tuple[str, str]:
    """``(number, slug)`` of ``NN-slug``; ``ModuleNameError`` naming a name that would do."""
    found = MODULE_NAME.match(name)
    if found and len(name) <= LONGEST and found["number"] != "00":
        return found["number"], found["slug"]
    number = re.match(r"\d+", name)
    if number and (len(number.group()) != 2 or number.group() == "00"):
        raise ModuleNameError(
            f"module name {name!r} does not start with a two-digit number from 01 to 99: "
            f"write it like '08-{_suggested_slug(name[number.end() :])}'"
        )
    if not number:
        raise ModuleNameError(
            f"module name {name!r} has no number for its place in the catalogue: "
            f"write it like '08-{_suggested_slug(name)}'"
        )
    if len(name) > LONGEST:
        raise ModuleNameError(
            f"module name {name!r} is longer than {LONGEST} characters: shorten the slug"
        )
    raise ModuleNameError(
        f"module name {name!r} is not NN-slug: after the number, write lower-case words of "
        f"letters and digits joined by hyphens, e.g. '{number.group()}-"
        f"{_suggested_slug(name[number.end() :])}'"
    )


def order_number(folder: Path | str) -> str | None:
    """The ``NN`` of a module folder; None if its name is not ``NN-slug``."""
    found = MODULE_NAME.match(Path(folder).name)
    return found["number"] if found else None


def next_free_number(taken: set[str]) -> str:
    """The lowest two-digit number after every one taken, e.g. '08' after 01-07."""
    highest = max((int(n) for n in taken), default=0)
    if highest < 99:
        return f"{highest + 1:02d}"
    return next((f"{n:02d}" for n in range(1, 100) if f"{n:02d}" not in taken), "99")
