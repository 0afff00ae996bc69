"""What each planned event is and what it is for: the ``kind`` and ``role`` strings of the plan
JSON (a contract: tools read them), named once here.

A breath phase's role is its phase name (``inhale``, ``top_up``, ``hold_in``, ``exhale``,
``hold_out``, as in ``generator.care.breathing.PHASES``); a pose hold's role is ``hold``, or
``hold:left`` / ``hold:right`` for a side."""

from __future__ import annotations

# kinds
SPEECH = "speech"
PAUSE = "pause"
HOLD = "hold"
TONE = "tone"
KINDS = (SPEECH, PAUSE, HOLD, TONE)

# roles of speech
OPENING = "opening"
SPEAK = "speak"  # the author's own - speak: text
CUE = "cue"  # coming up, a pose's entry words and side intro
SWITCH = "switch"
EXIT = "exit"
CHECK_IN = "check_in"
# a pose's safety note (after the entry cue, the author's too), its notes for the conditions a
# script switched on, and the offer to roll to one side before sitting up
CAUTION = "caution"
BREATH = "breath"  # a breath phase's cue word(s), or a reminder said in an exhale
BREATH_INTRO = "breath_intro"
BREATH_OUTRO = "breath_outro"
CLOSING = "closing"

# roles of spans without speech
SILENCE = "silence"  # a pause the author marked silent: nothing fills it
MARKER = "marker"  # a [pause 3s] marker inside text
NATURAL = "natural"  # a minute of natural breathing, just noticing
INHALE = "inhale"
EXHALE = "exhale"
BREATH_PHASES = ("inhale", "top_up", "hold_in", "exhale", "hold_out")

# roles of tones
BELL = "bell"
CHIME = "chime"  # the soft chime that keeps a long silence from sounding stopped
CHIME_STRIKES = 0  # a tone event's ``strikes`` value for the chime


def hold_role(side: str | None) -> str:
    """``hold`` for a pose without sides, ``hold:left`` / ``hold:right`` for a side."""
    return f"{HOLD}:{side}" if side else HOLD


def is_pose_hold(role: str) -> bool:
    return role == HOLD or role.startswith(f"{HOLD}:")
