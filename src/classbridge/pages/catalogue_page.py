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
from classbridge.core.competences import competence_name
from classbridge.core.errors import ClassBridgeError
from classbridge.core.language import N_, _, current_language
from classbridge.core.status_colours import ERROR_COLOUR, ERROR_FILL_COLOUR, LINK_COLOUR
from classbridge.pages.catalogue_state import module_states, state_label

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
.cb-english-only {{ color: #555; font-size: 0.8em; margin-left: 0.5em; border: 1px solid #bbb;
  border-radius: 3px; padding: 0 0.3em; }}
.cb-module ul {{ margin: 0.3em 0 0 1.2em; }}
.cb-state {{ font-size: 0.75em; font-weight: normal; margin-left: 0.6em; padding: 0.1em 0.5em;
  border-radius: 1em; background: #eef2f7; color: #333; white-space: nowrap; }}
.cb-state-in-progress {{ background: #fff4d6; }} .cb-state-handed-in {{ background: #dbeafe; }}
.cb-state-graded {{ background: #d9f2e6; }}
.cb-competences {{ color: #444; font-size: 0.9em; margin: 0.5em 0 0; }}
.cb-broken {{ border-color: {ERROR_FILL_COLOUR}; background: #fff5f0; }}
.cb-broken-reason {{ color: {ERROR_COLOUR}; }}
.cb-tool-link {{ color: {LINK_COLOUR}; text-decoration: underline; }}
</style>
"""


def _module_card(module: ModuleInfo, state: str | None = None) -> str:
    language = current_language()
    # A module not written in the reader's language yet opens in English: say so here.
    english_only = ""
    if not module.written_in(language):
        in_english = _("in English")
        english_only = f'<span class="cb-english-only">{escape(in_english)}</span>'
    module = module.in_language(language)
    href = quote(module.path)
    badge = ""
    if state is not None:
        css = "cb-state-" + state.replace(" ", "-")
        badge = f'<span class="cb-state {css}">{escape(state_label(state))}</span>'
    objectives = "".join(f"<li>{escape(o)}</li>" for o in module.objectives)
    minutes = _("{minutes} min").format(minutes=module.duration_minutes)
    able = _("You will be able to:")
    builds = ""
    if module.competences:
        named = " · ".join(
            f"{number} {competence_name(number, language)}" for number in module.competences
        )
        label = _("Builds (DigCompEdu):")
        builds = f'<p class="cb-competences"><strong>{escape(label)}</strong> {escape(named)}</p>'
    return (
        f'<section class="cb-module" data-module="{escape(module.path)}">'
        f'<h2><a class="cb-module-link" href="{escape(href)}">{escape(module.title)}</a>'
        f'<span class="cb-duration">{escape(minutes)}</span>{english_only}{badge}</h2>'
        f'<p class="cb-summary">{escape(module.summary)}</p>'
        f'<strong>{escape(able)}</strong><ul class="cb-objectives">{objectives}</ul>'
        f"{builds}</section>"
    )


def _broken_card(broken: BrokenModule) -> str:
    heading = _("{path} (unavailable)").format(path=broken.path)
    reason = _("This module is broken: {reason}.").format(reason=broken.reason)
    return (
        f'<section class="cb-module cb-broken" data-module="{escape(broken.path)}">'
        f"<h2>{escape(heading)}</h2>"
        f'<p class="cb-broken-reason">{escape(reason)}</p>'
        "</section>"
    )


MY_PROGRESS_NOTEBOOK = "my-progress.ipynb"
LESSON_BANK_NOTEBOOK = "lesson-bank.ipynb"
# Tool pages beside the catalogue, linked when the modules folder has them.
TOOL_PAGES = (
    (MY_PROGRESS_NOTEBOOK, N_("My progress: grades and feedback")),
    (LESSON_BANK_NOTEBOOK, N_("Lesson bank: find, adapt and co-write lesson plans")),
)


def render_catalogue(catalogue: Catalogue, states: dict[str, str] | None = None) -> str:
    """The catalogue as one HTML fragment; links are relative to the catalogue page.

    ``states``: this trainee's state of each module, by folder (``catalogue_state``).
    """
    states = states or {}
    cards = [
        _module_card(e, states.get(e.path.split("/")[0]))
        if isinstance(e, ModuleInfo)
        else _broken_card(e)
        for e in catalogue.entries
    ]
    if not cards:
        empty = _("No modules yet: add a folder with a notebook to the modules folder.")
        cards = [f"<p>{escape(empty)}</p>"]
    tool_links = [
        (page, _(label)) for page, label in TOOL_PAGES if (Path(catalogue.root) / page).is_file()
    ]
    heading = _("ClassBridge training modules")
    intro = _("Choose a module. Each opens as an interactive page; your work is saved as you go.")
    return (
        _STYLE
        + f'<div class="cb-catalogue"><h1>{escape(heading)}</h1>'
        + f"<p>{escape(intro)}</p>"
        + "".join(
            f'<p><a class="cb-tool-link cb-{Path(page).stem}-link" href="{page}">'
            f"{escape(shown)}</a></p>"
            for page, shown in tool_links
        )
        + "".join(cards)
        + "</div>"
    )


def show_catalogue(root: Path | str = ".") -> None:
    """Display the catalogue in a notebook or Voilà page.

    With Voilà's preheated kernels the notebook runs before anyone visits: the
    modules are listed then, and read again with the trainee's state of each
    when the visit arrives (``when_visited``), so the page shows the modules
    and the trainee's work as they are now, not as they were at server start.
    """
    import ipywidgets
    from IPython.display import display

    from classbridge.core.visit import current_trainee, when_visited

    page = ipywidgets.HTML(value=render_catalogue(scan_catalogue(Path(root)), {}))
    display(page)

    def with_states() -> None:
        catalogue = scan_catalogue(Path(root))
        folders = [module.path.split("/")[0] for module in catalogue.modules]
        try:
            states = module_states(Path(root), folders, current_trainee().id)
        except (ClassBridgeError, OSError):
            states = {}  # a course that cannot be read must not hide the modules
        page.value = render_catalogue(catalogue, states)

    when_visited(with_states)
