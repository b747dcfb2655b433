"""The one base of every error ClassBridge shows to a person.

A ``ClassBridgeError`` message is one line: what went wrong, which file or value,
and what to do. The CLI prints it as ``classbridge: error: ...`` and widgets show
it in their status line, so no code needs a list of unrelated exception classes.
"""

from __future__ import annotations


class ClassBridgeError(Exception):
    """A problem a trainee, trainer or organiser can fix; the message says how."""
