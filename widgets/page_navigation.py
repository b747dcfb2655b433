"""Where a module page leads: back to the catalogue, on to the next module, and its title.

Links are relative to the page (``../catalogue.ipynb``), so they work
wherever Voilà serves the modules folder: ``classbridge serve``, Binder's
``/voila/render/modules/...`` and a hub user's server alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from classbridge.core.catalogue import ModuleInfo, scan_catalogue
from classbridge.core.language import N_, _

CATALOGUE_NOTEBOOK = "catalogue.ipynb"
#: The tab titles of the pages beside the modules, by notebook.
PAGE_TITLES = {
    CATALOGUE_NOTEBOOK: N_("ClassBridge training modules"),
    "my-progress.ipynb": N_("My progress"),
    "lesson-bank.ipynb": N_("Lesson bank"),
    "trainer-dashboard.ipynb": N_("Trainee progress"),
}


@dataclass(frozen=True)
class PageLinks:
    """The links a page offers; empty where there is nowhere to go."""

    catalogue: str = ""
    next_href: str = ""
    next_title: str = ""
    #: the page's own title in the reader's language (the browser tab), "" if it has none
    title: str = ""


def page_links(folder: Path, language: str) -> PageLinks:
    """The links of the page whose notebook is in ``folder`` (a module folder or modules/)."""
    modules_dir = folder.parent
    if not (modules_dir / CATALOGUE_NOTEBOOK).is_file():
        return PageLinks()  # a module served on its own (nbgrader's release, a test)
    catalogue = f"../{CATALOGUE_NOTEBOOK}"
    modules = scan_catalogue(modules_dir).modules
    here = next((m for m in modules if m.path.split("/")[0] == folder.name), None)
    if here is None:
        return PageLinks(catalogue=catalogue)
    later = modules[modules.index(here) + 1 :]
    title = here.in_language(language).title
    if not later:
        return PageLinks(catalogue=catalogue, title=title)
    following: ModuleInfo = later[0].in_language(language)
    return PageLinks(
        catalogue=catalogue,
        next_href="../" + quote(following.path),
        next_title=following.title,
        title=title,
    )


def tool_page_links(folder: Path, notebook: str) -> PageLinks:
    """The catalogue, or a page beside it (My progress, the lesson bank): a way back, a title."""
    title = _(PAGE_TITLES[notebook]) if notebook in PAGE_TITLES else ""
    if notebook == CATALOGUE_NOTEBOOK or not (folder / CATALOGUE_NOTEBOOK).is_file():
        return PageLinks(title=title)
    return PageLinks(catalogue=CATALOGUE_NOTEBOOK, title=title)
