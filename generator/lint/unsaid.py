"""``check-in-unsaid``: an author's own check-in the track never says.

Check-ins are said in turn, and only in holds long enough to hear one; in a rest, a line that
speaks of coming out of a shape waits for one that doesn't. A therapist's four check-ins in a
15-minute track were heard as #1, #2, #1, #2: her pain line ("Si nota dolor, puede aflojar o
detenerse") was never said, and nothing told her. The plan is the one lint already makes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.lint.catalog import CHECK_IN_UNSAID
from generator.plan import roles
from generator.plan.types import Plan
from generator.script.model import Session

_MARKER = re.compile(r"\[\s*pause\b[^\]]*\]", re.IGNORECASE)
_MESSAGES = {
    "en": "this check-in is never said in the track ({said} of {total} are): only holds of "
    "about check_in_every or longer hear one, in turn, and in a rest a line about coming out of "
    "a shape waits; put the lines that matter most first, or use fewer",
    "es": "este aviso no se dice nunca ({said} de {total} se dicen): solo las posturas que duran "
    "unos check_in_every o más reciben uno, por turno, y en un descanso espera el que habla de "
    "salir de la postura; pon primero los que más importan, o usa menos",
}


def _words(text: str) -> str:
    return " ".join(_MARKER.sub(" ", text).lower().split())


def unsaid_check_ins(
    session: Session, plan: Plan, line: int, lang: str, add: Callable[..., None]
) -> None:
    """A warning at ``line`` (the script's ``check_ins:``) for each of the author's check-ins
    that no hold of ``plan`` says."""
    own = session.care.check_ins
    if not own:
        return
    heard = _words(" ".join(e.text or "" for e in plan.speech() if e.role == roles.CHECK_IN))
    unsaid = [text for text in own if _words(text) not in heard]
    for text in unsaid:
        message = _MESSAGES.get(lang, _MESSAGES["en"])
        add(
            line,
            "warning",
            CHECK_IN_UNSAID,
            text[:60],
            message.format(said=len(own) - len(unsaid), total=len(own)),
            (),
        )
