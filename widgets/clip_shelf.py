"""ClipShelf: a trainee's saved clips, each with its own self-review beside it.

The list is read from the trainee's clips folder, so a clip recorded before a
reload (or in another session) is there to watch again. Each clip has exactly
one self-review, saved under ``<room key>/<clip name>/review-self``; the list
says which clips are reviewed and their totals.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from classbridge.core.storage import RecordStore, StorageError
from classbridge.widgets.clip_files import SavedClip, trainee_clips
from classbridge.widgets.rubric import MICRO_TEACHING, Rubric, RubricSpec, review_total
from classbridge.widgets.saving import TraineeStore, error_html

PLAYER_WIDTH = "480px"
AUDIO_REVIEW_NOTE = (
    "An audio-only clip: score what a class would hear; leave "
    "<em>Presence on camera</em> for a video clip."
)


def self_review_key(room_key: str, clip_name: str) -> str:
    """Where the self-review of one clip is saved: one review per clip."""
    return f"{room_key}/{clip_name}/review-self"


def clip_player(path: Path) -> w.Widget:
    """A player for a saved clip: sound only for an audio clip, else video."""
    payload = path.read_bytes()
    if SavedClip(path).audio_only:
        return w.Audio(value=payload, format="webm", autoplay=False, controls=True)
    player = w.Video(value=payload, format="webm", autoplay=False, controls=True)
    player.layout.width = PLAYER_WIDTH
    player.layout.max_width = "100%"
    return player


class ClipShelf(w.VBox):
    """Choose one of your clips; watch it beside its review, score it, save.

    Example::

        ClipShelf("05-live-room/clip")  # the clips of the trainee using the page
    """

    store = TraineeStore()

    def __init__(
        self,
        room_key: str,
        rubric: RubricSpec = MICRO_TEACHING,
        store: RecordStore | None = None,
    ) -> None:
        self.room_key = room_key
        self.rubric_spec = rubric
        self.store = store
        self.picker = w.Dropdown(
            description="Clip",
            style={"description_width": "initial"},
            layout=w.Layout(width="auto", max_width="36em"),  # 100% + the 2 px margin spills
        )
        self.picker.observe(lambda _: self._show(), names="value")
        self.empty = w.HTML("No clips yet: record one above, and it is listed here.")
        self.viewer = w.Box(layout=w.Layout(flex_flow="row wrap", align_items="flex-start"))
        self.review: Rubric | None = None
        self._shown: str | None = None
        self._listing = False
        super().__init__([self.picker, self.empty, self.viewer])
        self.add_class("cb-playback")
        self.refresh()

    def refresh(self, select: str | None = None) -> list[SavedClip]:
        """List the clips again (newest first); show ``select`` (a clip name) if given."""
        clips = trainee_clips(self.store.folder)
        paths = [str(clip.path) for clip in clips]
        wanted = next((str(c.path) for c in clips if c.name == select), None)
        keep = self._shown if self._shown in paths else None
        # Relisting (new labels, a new clip) must not rebuild the review on screen.
        self._listing = True
        try:
            self.picker.options = [(self._label(clip), str(clip.path)) for clip in clips]
            self.picker.value = wanted or keep or (paths[0] if paths else None)
        finally:
            self._listing = False
        self.picker.layout.display = "" if clips else "none"
        self.empty.layout.display = "none" if clips else ""
        self._show()
        return clips

    def _label(self, clip: SavedClip) -> str:
        try:
            record = self.store.load(self_review_key(self.room_key, clip.name))
        except StorageError:
            return f"{clip.title()} — review could not be read"
        total = review_total(record.data)
        if record.version == 0 or total is None:
            return f"{clip.title()} — not reviewed yet"
        return f"{clip.title()} — reviewed: {total[0]} / {total[1]}"

    def _relabel(self) -> None:
        self.refresh()

    def _show(self) -> None:
        if self._listing or self.picker.value == self._shown:
            return
        self._shown = self.picker.value
        if not self._shown:
            self.review = None
            self.viewer.children = []
            return
        clip = SavedClip(Path(self._shown))
        self.review = Rubric(
            self_review_key(self.room_key, clip.name),
            self.rubric_spec,
            "self",
            self.store,
            comment_each_criterion=True,
            on_saved=self._relabel,
        )
        self.review.layout.flex = "1 1 24em"
        try:
            player = clip_player(clip.path)
        except OSError as err:
            player = w.HTML(
                error_html(f"clip {clip.name} could not be read ({err.strerror}): reload the page")
            )
        watch = w.VBox([player], layout=w.Layout(margin="0 1em 1em 0"))
        if clip.audio_only:
            watch.children += (w.HTML(AUDIO_REVIEW_NOTE),)
        self.viewer.children = [watch, self.review]
