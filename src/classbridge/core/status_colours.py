"""The colours that tell a trainee or trainer how something went, declared once.

Widgets colour their status lines with them and pages their CSS, so "saved" or
"graded" is the same green, and a problem the same red, on every page.
"""

from __future__ import annotations

#: Text of a problem: a save refused, a wrong answer, a file that cannot be read.
ERROR_COLOUR = "#a0300a"
#: Fill or border of what will not work (a broken module, a link that will not hold):
#: brighter than ERROR_COLOUR, which is dark enough for text.
ERROR_FILL_COLOUR = "#d93f0b"
#: Done and fine: saved, correct, graded, ready.
OK_COLOUR = "#1a7f37"
#: Not finished yet: a draft plan that is not ready to teach.
DRAFT_COLOUR = "#8a4b00"
#: Links, and work handed in that waits for a trainer.
LINK_COLOUR = "#0b5394"
#: Nothing happened yet: a module not started.
IDLE_COLOUR = "#777"
