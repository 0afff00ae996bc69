"""Built-in words that would say again what was just said.

A script's own opening may offer the feet and the sounds as anchors, and the natural-breath block's
built-in introduction then offered them again two minutes later; a resting pose's exit asks for
small movements of the fingers and toes and the built-in closing asked for them again a few
seconds after. Heard back to back, the same idea twice sounds like a recording on a loop, not a
person. So a built-in sentence after the first of its text (the first carries the instruction)
is left out when most of its words were said in one sentence of the last few minutes, or when it
holds the whole of a short one: an author's own last words "look around the room" and the closing's
"…let them open, and look around the room at a few things you can see" half a minute later are the
same cue, though the closing's sentence says more around it. Never the
care that must be said each time: cautions, exit offers in holds and the closing's care note do
not pass through here.
"""

from __future__ import annotations

import re

from generator.script import text as textrules

WINDOW_S = 300.0  # a repeat further back than this is a reminder, not an echo
SHARE = 0.6  # of the built-in sentence's words (or of the earlier sentence's), shared
LEAST = 3  # and at least this many of them

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Words too common to make two sentences "the same": articles, pronouns, softeners' glue, the
# verbs every cue has. Everything else (breath, feet, sounds, fingers, toes…) counts.
_COMMON_WORDS = {
    "en": """a an the and or but if of to in on at for with from by into as so than then that this
        these those there here it its you your yours you're we us our i me my be is are was were
        been can could may might will would should do does don't not no isn't any some all more
        just now again let let's lets way feel feels feeling okay fine like little bit while""",
    "es": """el la los las un una unos unas y o pero si de del a al en con por para que como más ya
        se te tu tus ti tú le lo me mi nos es son está están ser estar puedes puede poder hay
        muy no ni todo toda todos también aquí ahí bien un poco mientras rato""",
}
_COMMON = {lang: frozenset(words.split()) for lang, words in _COMMON_WORDS.items()}


def content_words(text: str, lang: str) -> frozenset[str]:
    """The words of ``text`` that say what it is about (lower case, common words left out)."""
    common = _COMMON.get(lang, frozenset())
    words = (w.lower() for w in _WORD.findall(text.replace("’", "'")))
    return frozenset(w for w in words if len(w) > 2 and w not in common)


def echoes(sentence: str, earlier: list[str], lang: str) -> bool:
    """Whether most of ``sentence``'s words were said in one of the ``earlier`` sentences, or it
    says most of the words of one of them again."""
    own = content_words(sentence, lang)
    if len(own) < LEAST:
        return False
    for said in earlier:
        theirs = content_words(said, lang)
        shared = len(own & theirs)
        if shared >= LEAST and shared >= SHARE * min(len(own), len(theirs)):
            return True
    return False


def without_echoes(text: str, earlier: list[str], lang: str) -> str:
    """``text`` without its sentences after the first that echo an ``earlier`` one."""
    sentences = textrules.split_sentences(text)
    kept = sentences[:1] + [s for s in sentences[1:] if not echoes(s, earlier, lang)]
    return " ".join(kept)
