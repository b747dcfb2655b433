"""The module catalogue: what each training notebook teaches, read from its metadata.

Trainers describe a module once, in the notebook's own metadata (key
``classbridge``), so the catalogue, nbgrader and the Binder launch page never
disagree about it. A notebook that cannot be read is listed as broken with the
reason, so one bad file never hides the rest of the curriculum.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from classbridge.core.errors import ClassBridgeError
from classbridge.core.language import _

METADATA_KEY = "classbridge"
REQUIRED_FIELDS = ("title", "summary", "duration_minutes", "objectives")


@dataclass(frozen=True)
class ModuleInfo:
    """A module notebook a trainee can open."""

    path: str  # relative to the modules folder, with forward slashes
    title: str
    summary: str
    duration_minutes: int
    objectives: tuple[str, ...]
    prerequisites: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    #: The DigCompEdu competences the module builds, by number (``core.competences``).
    competences: tuple[str, ...] = ()
    #: The languages the module is written in (``()``: unsaid, read as English).
    languages: tuple[str, ...] = ()
    #: The catalogue's texts in other languages: ``{"zh-TW": {"title": ..., ...}}``.
    translations: dict = field(default_factory=dict, compare=False, hash=False)

    def written_in(self, language: str) -> bool:
        return language in (self.languages or ("en",))

    def in_language(self, language: str) -> ModuleInfo:
        """This entry as a reader of ``language`` sees it; English where it has no translation."""
        texts = self.translations.get(language) or {}
        return replace(
            self,
            title=texts.get("title") or self.title,
            summary=texts.get("summary") or self.summary,
            objectives=tuple(texts.get("objectives") or self.objectives),
            keywords=tuple(texts.get("keywords") or self.keywords),
        )


@dataclass(frozen=True)
class BrokenModule:
    """A module notebook that could not be read; ``reason`` says what to fix."""

    path: str
    reason: str


@dataclass
class Catalogue:
    """Every module notebook under a modules folder, in curriculum order."""

    root: Path
    entries: list[ModuleInfo | BrokenModule] = field(default_factory=list)

    @property
    def modules(self) -> list[ModuleInfo]:
        return [e for e in self.entries if isinstance(e, ModuleInfo)]

    @property
    def broken(self) -> list[BrokenModule]:
        return [e for e in self.entries if isinstance(e, BrokenModule)]


def _string_list(value: object, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(
            _("metadata field '{name}' must be a list of non-empty texts").format(name=name)
        )
    return tuple(value)


class UnreadableNotebook(ClassBridgeError):
    """The file is not a notebook Jupyter can open; the message says why and what to do."""


def load_notebook_json(notebook: Path) -> dict:
    """The notebook's JSON, or ``UnreadableNotebook`` naming the problem."""
    try:
        text = notebook.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise UnreadableNotebook(
            _("cannot be read ({error}: {detail})").format(error=err.__class__.__name__, detail=err)
        ) from None
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as err:
        raise UnreadableNotebook(
            _(
                "is not valid JSON (line {line}, column {column}: {problem}); "
                "fix the file or restore it from version control"
            ).format(line=err.lineno, column=err.colno, problem=err.msg)
        ) from None
    if not isinstance(nb, dict):
        raise UnreadableNotebook(_("is JSON but not a notebook (no top-level object)"))
    return nb


def unreadable_notebooks(root: Path) -> list[str]:
    """Every notebook under ``root`` (modules or not) that Jupyter could not open."""
    bad = []
    for notebook in sorted(Path(root).rglob("*.ipynb")):
        if ".ipynb_checkpoints" in notebook.parts:
            continue
        try:
            load_notebook_json(notebook)
        except UnreadableNotebook:
            bad.append(notebook.relative_to(root).as_posix())
    return bad


def read_module(notebook: Path, root: Path) -> ModuleInfo | BrokenModule:
    """Read one notebook's catalogue entry; never raises for a bad file."""
    rel = notebook.relative_to(root).as_posix()
    try:
        nb = load_notebook_json(notebook)
    except UnreadableNotebook as err:
        return BrokenModule(rel, str(err))
    metadata = nb.get("metadata")
    meta = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    if not isinstance(meta, dict):
        return BrokenModule(
            rel,
            _(
                "has no '{key}' notebook metadata; add title, summary, "
                "duration_minutes and objectives to it"
            ).format(key=METADATA_KEY),
        )
    missing = [name for name in REQUIRED_FIELDS if name not in meta]
    if missing:
        return BrokenModule(
            rel,
            _("metadata '{key}' lacks {fields}; add them").format(
                key=METADATA_KEY, fields=", ".join(missing)
            ),
        )
    try:
        title, summary = meta["title"], meta["summary"]
        if not isinstance(title, str) or not title.strip():
            raise ValueError(
                _("metadata field '{name}' must be a non-empty text").format(name="title")
            )
        if not isinstance(summary, str) or not summary.strip():
            raise ValueError(
                _("metadata field '{name}' must be a non-empty text").format(name="summary")
            )
        minutes = meta["duration_minutes"]
        if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0:
            raise ValueError(
                _("metadata field '{name}' must be a whole number above 0").format(
                    name="duration_minutes"
                )
            )
        objectives = _string_list(meta["objectives"], "objectives")
        if not objectives:
            raise ValueError(
                _("metadata field '{name}' must list at least one objective").format(
                    name="objectives"
                )
            )
        prerequisites = _string_list(meta.get("prerequisites", []), "prerequisites")
        keywords = _string_list(meta.get("keywords", []), "keywords")
        languages = _string_list(meta.get("languages", []), "languages")
        competences = _competences(meta.get("competences", []))
        translations = _translations(meta.get("translations", {}))
    except ValueError as err:
        return BrokenModule(rel, str(err))
    return ModuleInfo(
        path=rel,
        title=title.strip(),
        summary=summary.strip(),
        duration_minutes=minutes,
        objectives=objectives,
        prerequisites=prerequisites,
        keywords=keywords,
        competences=competences,
        languages=languages,
        translations=translations,
    )


def _competences(value: object) -> tuple[str, ...]:
    from classbridge.core.competences import competence_ids

    listed = _string_list(value, "competences")
    unknown = [number for number in listed if number not in competence_ids()]
    if unknown:
        raise ValueError(
            _(
                "metadata field 'competences' names {unknown}, not a DigCompEdu competence: "
                "use numbers from 1.1 to 6.5 (share/digcompedu.json)"
            ).format(unknown=", ".join(unknown))
        )
    return listed


def _translations(value: object) -> dict[str, dict]:
    """The ``translations`` metadata, checked as the schema says (one line naming the fix)."""
    if not isinstance(value, dict):
        raise ValueError(
            _("metadata field '{name}' must map a language to its texts").format(
                name="translations"
            )
        )
    checked: dict[str, dict] = {}
    for language, texts in value.items():
        if not isinstance(texts, dict):
            raise ValueError(
                _("metadata field '{name}' must map a language to its texts").format(
                    name=f"translations.{language}"
                )
            )
        entry: dict = {}
        for name in ("title", "summary"):
            if name in texts:
                if not isinstance(texts[name], str) or not texts[name].strip():
                    raise ValueError(
                        _("metadata field '{name}' must be a non-empty text").format(
                            name=f"translations.{language}.{name}"
                        )
                    )
                entry[name] = texts[name].strip()
        for name in ("objectives", "keywords"):
            if name in texts:
                entry[name] = _string_list(texts[name], f"translations.{language}.{name}")
        checked[str(language)] = entry
    return checked


def module_notebooks(root: Path) -> list[Path]:
    """Module notebooks live one folder down (``NN-slug/*.ipynb``), in folder order.

    Notebooks at the top of the modules folder (the catalogue itself, the
    widget gallery) are tools, not modules.
    """
    return sorted(
        nb
        for folder in root.iterdir()
        if folder.is_dir() and not folder.name.startswith((".", "_"))
        for nb in folder.glob("*.ipynb")
        if not nb.name.startswith(".")
    )


def scan_catalogue(root: Path) -> Catalogue:
    """Read every module notebook under ``root``."""
    root = Path(root).resolve()
    return Catalogue(root, [read_module(nb, root) for nb in module_notebooks(root)])
