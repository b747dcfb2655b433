"""ClipShelf: a trainee's saved clips, each with its own self-review beside it.

The list is read from the trainee's clips folder, so a clip recorded before a
reload (or in another session) is there to watch again. Each clip has exactly
one self-review, saved under ``<room key>/<clip name>/review-self``; the list
says which clips are reviewed and their totals.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as w

from classbridge.core.language import N_, _
from classbridge.core.storage import RecordStore, StorageError
from classbridge.core.visit import when_visited
from classbridge.widgets.clip_files import SavedClip, trainee_clips
from classbridge.widgets.rubric import MICRO_TEACHING, Rubric, RubricSpec, review_total
from classbridge.widgets.saving import TraineeStore, error_html

PLAYER_WIDTH = "480px"
#: Shown under an audio-only clip; ``{criterion}`` is the rubric's camera criterion.
AUDIO_REVIEW_NOTE = N_(
    "An audio-only clip: score what a class would hear; leave {criterion} for a video clip."
)
CAMERA_CRITERION = N_("Presence on camera")  # a criterion of MICRO_TEACHING


def audio_review_note() -> str:
    """The note under an audio-only clip, as HTML in the reader's language."""
    criterion = escape(_(CAMERA_CRITERION))
    return escape(_(AUDIO_REVIEW_NOTE)).format(criterion="<em>" + criterion + "</em>")


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
            description=_("Clip"),
            style={"description_width": "initial"},
            layout=w.Layout(width="auto", max_width="36em"),  # 100% + the 2 px margin spills
        )
        self.picker.observe(lambda _: self._show(), names="value")
        self.empty = w.HTML(escape(_("No clips yet: record one above, and it is listed here.")))
        self.viewer = w.Box(layout=w.Layout(flex_flow="row wrap", align_items="flex-start"))
        self.review: Rubric | None = None
        self._shown: str | None = None
        self._listing = False
        super().__init__([self.picker, self.empty, self.viewer])
        self.add_class("cb-playback")
        when_visited(self.refresh)  # the clips as they are when the trainee arrives

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
            return _("{clip} — review could not be read").format(clip=clip.title())
        total = review_total(record.data)
        if record.version == 0 or total is None:
            return _("{clip} — not reviewed yet").format(clip=clip.title())
        return _("{clip} — reviewed: {total} / {out_of}").format(
            clip=clip.title(), total=total[0], out_of=total[1]
        )

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
                error_html(
                    _("clip {name} could not be read ({reason}): reload the page").format(
                        name=clip.name, reason=err.strerror
                    )
                )
            )
        watch = w.VBox([player], layout=w.Layout(margin="0 1em 1em 0"))
        if clip.audio_only:
            watch.children += (w.HTML(audio_review_note()),)
        self.viewer.children = [watch, self.review]
