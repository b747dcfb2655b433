"""The catalogue page trainees land on when ClassBridge is served.

The page is itself a Voilà app (``modules/catalogue.ipynb``), so it runs
anywhere Voilà runs — ``classbridge serve``, Binder, JupyterHub — with no
server code of our own. Every text from a notebook is escaped: module metadata
is written by trainers and must never inject markup into a trainee's page.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import quote

from classbridge.core.catalogue import BrokenModule, Catalogue, ModuleInfo, scan_catalogue
from classbridge.core.status_colours import ERROR_COLOUR, ERROR_FILL_COLOUR, LINK_COLOUR

_STYLE = f"""
<style>
.cb-catalogue {{ font-family: var(--jp-ui-font-family, sans-serif); max-width: 60em;
  overflow-wrap: break-word; }}
.cb-catalogue h1 {{ font-size: 1.8em; margin-bottom: 0.2em; }}
.cb-module {{ border: 1px solid #d0d7de; border-radius: 6px; padding: 0.8em 1.2em;
  margin: 0.8em 0; background: #fff; }}
.cb-module h2 {{ font-size: 1.25em; margin: 0 0 0.3em 0; }}
.cb-module h2 a {{ color: {LINK_COLOUR}; text-decoration: none; }}
.cb-module h2 a:hover {{ text-decoration: underline; }}
.cb-duration {{ color: #555; font-size: 0.95em; margin-left: 0.5em; }}
.cb-module ul {{ margin: 0.3em 0 0 1.2em; }}
.cb-broken {{ border-color: {ERROR_FILL_COLOUR}; background: #fff5f0; }}
.cb-broken-reason {{ color: {ERROR_COLOUR}; }}
.cb-tool-link {{ color: {LINK_COLOUR}; text-decoration: underline; }}
</style>
"""


def _module_card(module: ModuleInfo) -> str:
    href = quote(module.path)
    objectives = "".join(f"<li>{escape(o)}</li>" for o in module.objectives)
    return (
        f'<section class="cb-module" data-module="{escape(module.path)}">'
        f'<h2><a class="cb-module-link" href="{escape(href)}">{escape(module.title)}</a>'
        f'<span class="cb-duration">{module.duration_minutes} min</span></h2>'
        f'<p class="cb-summary">{escape(module.summary)}</p>'
        f'<strong>You will be able to:</strong><ul class="cb-objectives">{objectives}</ul>'
        "</section>"
    )


def _broken_card(broken: BrokenModule) -> str:
    return (
        f'<section class="cb-module cb-broken" data-module="{escape(broken.path)}">'
        f"<h2>{escape(broken.path)} (unavailable)</h2>"
        f'<p class="cb-broken-reason">This module is broken: {escape(broken.reason)}.</p>'
        "</section>"
    )


MY_PROGRESS_NOTEBOOK = "my-progress.ipynb"
LESSON_BANK_NOTEBOOK = "lesson-bank.ipynb"
# Tool pages beside the catalogue, linked when the modules folder has them.
TOOL_PAGES = (
    (MY_PROGRESS_NOTEBOOK, "My progress: grades and feedback"),
    (LESSON_BANK_NOTEBOOK, "Lesson bank: find, adapt and co-write lesson plans"),
)


def render_catalogue(catalogue: Catalogue) -> str:
    """The catalogue as one HTML fragment; links are relative to the catalogue page."""
    cards = [
        _module_card(e) if isinstance(e, ModuleInfo) else _broken_card(e) for e in catalogue.entries
    ]
    if not cards:
        cards = ["<p>No modules yet: add a folder with a notebook to the modules folder.</p>"]
    return (
        _STYLE
        + '<div class="cb-catalogue"><h1>ClassBridge training modules</h1>'
        + "<p>Choose a module. Each opens as an interactive page; your work is saved"
        " as you go.</p>"
        + "".join(
            f'<p><a class="cb-tool-link cb-{Path(page).stem}-link" href="{page}">{label}</a></p>'
            for page, label in TOOL_PAGES
            if (Path(catalogue.root) / page).is_file()
        )
        + "".join(cards)
        + "</div>"
    )


def show_catalogue(root: Path | str = ".") -> None:
    """Display the catalogue in a notebook or Voilà page.

    With Voilà's preheated kernels the notebook runs before anyone visits;
    ``await_visitor`` holds the scan until a visitor arrives, so the page
    shows the modules as they are now, not as they were at server start.
    """
    import ipywidgets
    from IPython.display import display

    from classbridge.core.visit import await_visitor

    page = ipywidgets.HTML(value="<p>Loading the module catalogue…</p>")
    display(page)
    await_visitor()
    page.value = render_catalogue(scan_catalogue(Path(root)))
