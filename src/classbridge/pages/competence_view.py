"""The cohort by competence: which DigCompEdu competences the released modules build,
and how many trainees have had a module graded that builds each.

A trainer plans the next workshop from it: a competence few have reached, or
one no module builds yet (the curriculum's gaps, also in modules/README.md).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from classbridge.core.catalogue import scan_catalogue
from classbridge.core.competences import competence_ids, competence_name
from classbridge.core.language import _, current_language
from classbridge.grading.progress import MODULE_GRADED, Progress


def modules_by_competence(modules_dir: Path) -> dict[str, list[str]]:
    """Competence number -> the module folders that build it, in catalogue order."""
    built: dict[str, list[str]] = {number: [] for number in competence_ids()}
    if not Path(modules_dir).is_dir():
        return built
    for module in scan_catalogue(Path(modules_dir)).modules:
        for number in module.competences:
            built[number].append(module.path.split("/")[0])
    return built


def competence_table(progress: Progress, modules_dir: Path) -> str:
    """One row per competence a module builds: its modules, and trainees with one graded."""
    language = current_language()
    built = modules_by_competence(modules_dir)
    graded = {(r.trainee, r.module) for r in progress.rows if r.status == MODULE_GRADED}
    rows = []
    for number, modules in built.items():
        if not modules:
            continue
        reached = {trainee for trainee, module in graded if module in modules}
        count = _("{reached} of {total}").format(reached=len(reached), total=len(progress.trainees))
        rows.append(
            f"<tr><td>{escape(number)} {escape(competence_name(number, language))}</td>"
            f"<td>{escape(', '.join(modules))}</td><td>{escape(count)}</td></tr>"
        )
    if not rows:
        none = _("No module names the competences it builds yet (notebook metadata 'competences').")
        return f"<p>{escape(none)}</p>"
    headers = (_("Competence (DigCompEdu)"), _("Built by"), _("Trainees with one graded"))
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    return f'<table class="cb-competences"><tr>{head}</tr>{"".join(rows)}</table>'
