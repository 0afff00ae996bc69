"""Per rule: the blunt form is flagged under that rule; the same risk softened (where a softener is
enough), negated, or quoted and then corrected is not; a quotation the text endorses still is.
Plus the machinery: folding, enclitic Spanish imperatives, negation and softener scope, and the
pattern gate giving the same answers as running every pattern."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from generator.lint import engine, scope
from generator.lint.patterns import LazyPattern, gate
from generator.lint.rules import lint_text

# rule id → (lang, blunt, softened-or-None, negated, quoted-and-corrected, quoted-and-endorsed)
CASES = {
    "command": [
        (
            "en",
            "Let it all go.",
            "If you like, let it all go for a moment.",
            "You don't have to let it all go.",
            'Some recordings say "let it all go"; you can keep hold of whatever you need.',
            "My teacher always said \"let it all go,\" and that's what we'll do.",
        ),
        (
            "en",
            "Don't move until I say so.",
            "If you like, stay here a little longer.",
            "You don't have to stay still.",
            'Some classes say "no one leaves until the bell"; here you can leave any time.',
            "My teacher always said \"nobody comes out early,\" and that's how we'll do it.",
        ),
        (
            "es",
            "No te muevas hasta que yo lo diga.",
            "Si te apetece, quédate un poco más.",
            "No hace falta que te quedes quieta.",
            'Hay quien dice "quédate quieta hasta que te lo diga"; aquí puedes moverte.',
            'Mi profe decía "de aquí no sale nadie", y tenía toda la razón.',
        ),
    ],
    "eyes-closed-order": [
        (
            "en",
            "Close your eyes and keep them closed.",
            "If you like, close your eyes, or keep them open.",
            "You don't need to close your eyes.",
            "You may have heard \"eyes closed means you're doing it right\"; that isn't true.",
            '"Eyes closed, mind open," my teacher said, so close them for me.',
        ),
        (
            "es",
            "Cierra los ojos.",
            "Si quieres, puedes cerrar los ojos o dejarlos abiertos.",
            "No tienes que cerrar los ojos.",
            'Se dice que "de verdad se medita con los ojos cerrados", pero no es cierto.',
            'Mi maestra repite "ojos cerrados, mente dentro", así que ciérralos.',
        ),
    ],
    "healing-claim": [
        (
            "en",
            "Let your hips release what they've been holding.",
            None,
            "Your hips aren't a store of what you've been through; they may simply feel tight.",
            'Some videos say "your hips release what they have been holding"; bodies don\'t work that way.',
            'My teacher said "your hips release what they have been holding," and it\'s true.',
        ),
        (
            "es",
            "Deja que tus caderas suelten lo que han estado guardando.",
            None,
            "Tus caderas no guardan lo que has vivido; quizá solo estén tensas.",
            'Hay vídeos que dicen "tus caderas sueltan lo que han guardado"; el cuerpo no funciona así.',
            'Mi profe decía "tus caderas sueltan lo que han guardado", y es verdad.',
        ),
        (
            "en",
            "This pose releases trauma stored in your hips.",
            None,
            "This practice won't heal trauma.",
            'You may have heard that "the hips store emotions"; there\'s no evidence for it.',
            'As they say, "the issues are in the tissues," and today we\'re letting them out.',
        ),
        (
            "es",
            "Esta postura libera el trauma guardado en la pelvis.",
            None,
            "Esto no cura la ansiedad.",
            'En redes se repite que la paloma "libera el trauma"; no hay pruebas de ello.',
            'Como dice mi maestra, "las caderas guardan el trauma", y tiene razón.',
        ),
        (  # a body's complaint said to be mended (a README-only tester's line)
            "en",
            "This is the pose that fixes everyone's lower back.",
            None,
            "No shape fixes a bad back, and this one won't either.",
            'You may have heard that this pose "fixes bad backs"; it doesn\'t, so go gently.',
            'My physio always says, "this stretch fixes your lower back," and she\'s right.',
        ),
        (
            "es",
            "Esta es la postura que arregla la espalda de todo el mundo.",
            None,
            "Ninguna postura arregla una espalda, y esta tampoco.",
            'Quizá hayas oído que esta postura "arregla la espalda"; no es así, ve con calma.',
            'Mi fisio siempre dice "esto te arregla la espalda", y tiene razón.',
        ),
    ],
    "forced-outcome": [
        (
            "en",
            "You will cry in this pose.",
            None,
            "You won't be asked to feel anything in particular.",
            'Some people say this pose "makes everyone cry"; many people never cry.',
            'One listener wrote, "I sobbed for ten minutes," and you will too.',
        ),
        (
            "es",
            "Vas a llorar en esta postura.",
            None,
            "No tienes que sentir nada en particular.",
            'Dicen que esta postura "hace llorar a todo el mundo"; mucha gente no llora.',
            '"En cuanto apoyé la cabeza empezaron las lágrimas", y a ti te va a pasar igual.',
        ),
    ],
    "push-through-pain": [
        (
            "en",
            "Push through the pain.",
            None,
            "Never push through pain.",
            'You may have heard "no pain, no gain"; it doesn\'t apply here.',
            'My coach said, "Pain is the teacher," and he was right.',
        ),
        (
            "es",
            "Aguanta el dolor y sigue.",
            None,
            "Nunca empujes a través del dolor.",
            'Quizá hayas oído que "si duele es que funciona"; no es así.',
            'Mi maestro decía "el dolor es la puerta", y tenía toda la razón.',
        ),
    ],
    "forcing": [
        (
            "en",
            "Crank your hip open as far as it will go.",
            None,
            "There's no need to force anything.",
            'Some teachers tell you to "force it deeper"; here you can stay where you are.',
            'My coach said "force it until it gives," so let\'s try that.',
        ),
        (
            "es",
            "Fuerza la apertura hasta el tope.",
            None,
            "Nada de forzar.",
            'Hay quien repite que "hay que forzar la apertura", pero no es cierto.',
            'Mi entrenador decía "fuerza la apertura al máximo", así que aprieta.',
        ),
    ],
    "sexualised": [
        (
            "en",
            "Grab your feet and open your legs wide.",
            None,
            "You don't need to open your legs wide; the knees can stay close.",
            'Old classes said "open your legs wide"; here we say "let the knees fall apart, if you like."',
            'My teacher always said "open your legs wide," and I still say it.',
        ),
        (
            "en",
            "Happy baby is the sexiest pose in yoga.",
            None,
            "Nobody is watching you here.",
            'Some videos call this "a sexy pose"; I\'d rather we talk about how it feels.',
            'A student called this "the sexiest pose in yoga," and I think that\'s perfect.',
        ),
        (
            "es",
            "Siente lo sexy que es tu pelvis.",
            None,
            "Nadie te mira.",
            'Hay quien llama a esta postura "sexy"; aquí no usamos esa palabra.',
            'Una alumna dijo "esta postura me hace sentir tan sexy", y me encanta.',
        ),
        (
            "en",
            "Lie on your back and spread your legs.",
            None,
            "You don't need to spread your legs; your feet can stay close.",
            'Old classes said "spread your legs"; here we say "take your feet wide, if you like."',
            'My teacher always said "spread your legs," and I still say it.',
        ),
        (
            "es",
            "Abre bien las piernas y no las cierres.",
            None,
            "No hace falta que abras las piernas; los pies pueden quedarse juntos.",
            'En otras clases se decía "abre las piernas"; aquí decimos "separa los pies, si quieres".',
            'Mi profe siempre decía "abre bien las piernas", y tenía razón.',
        ),
    ],
    "narrator-touch": [
        (
            "en",
            "Feel my hands on your hips.",
            None,
            "No one will touch you during this practice.",
            'Teachers sometimes say "feel my hands on your back"; you won\'t hear that here.',
            'I always say "my hands know your body," so feel them on your hips now.',
        ),
        (
            "es",
            "Siente mis manos en tus caderas.",
            None,
            "Nadie te va a tocar durante esta práctica.",
            'En las clases presenciales dicen "siente mis manos"; eso aquí no pasa.',
            'Siempre digo "mis manos saben más que tú", así que siéntelas ahora.',
        ),
    ],
    "surrender-voice": [
        (
            "en",
            "Surrender to my voice.",
            None,
            "You don't have to follow my words at all.",
            'Some sessions ask you to "surrender to my voice"; I\'d rather you stay in charge.',
            'Repeat after me: "I obey this voice," and mean it.',
        ),
        (
            "es",
            "Entrégate a mi voz.",
            None,
            "No tienes por qué seguir mis palabras.",
            'Algunos audios dicen "obedece a mi voz"; yo prefiero que decidas tú.',
            '"Obedece a la voz", repito siempre, y hoy te lo pido a ti.',
        ),
    ],
    "talking-down": [
        (
            "en",
            "Let's all be good and sit nicely for the carers.",
            None,
            "Nobody here has to be good or sit nicely; sit however suits you.",
            'Some classes say "sit nicely for the carers"; here you sit however suits you.',
            'My trainer always said "be good and sit nicely," and that\'s what I ask of you.',
        ),
        (
            "es",
            "Portaos bien y sentaos formalitos.",
            None,
            "No hace falta sentarse formalitos; siéntate como te resulte cómodo.",
            'Hay quien dice "sentaos formalitos"; aquí cada cual se sienta como quiera.',
            '"Sentaos formalitos", decía mi profesora, y tenía razón.',
        ),
    ],
    "body-judgement": [
        (
            "en",
            "Good girl, that's perfect.",
            None,
            "There's no good or bad way to do this shape.",
            'Some teachers say "good girl"; you won\'t hear that here.',
            'I always say "good girl," and I mean it kindly.',
        ),
        (
            "es",
            "Buena chica, así está perfecto.",
            None,
            "No hay una forma buena o mala de hacer esta postura.",
            'Hay profes que dicen "buena chica"; aquí no lo vas a oír.',
            'Siempre digo "buena chica", y lo digo con cariño.',
        ),
        (
            "en",
            "Your hips are pathetic.",
            None,
            "There are no bad hips here.",
            'If you\'ve been told you have "bad hips," you can leave that label at the door.',
            'My teacher said, "A tight hip is a lazy hip," and I agree.',
        ),
        (
            "es",
            "Tus caderas están fatal.",
            None,
            "Una cadera con poca movilidad no es un cuerpo roto.",
            'La "mala postura" es un concepto muy discutido.',
            'Un alumno decía "tengo la cadera de un abuelo", y es verdad.',
        ),
        (
            "en",
            "If you don't feel it, you're doing it wrong.",
            None,
            "If you don't feel much, you're not doing it wrong.",
            "You may have heard \"if you can't feel it, you're doing it wrong\"; that isn't so.",
            "My teacher said \"if it doesn't burn, you're doing it wrong,\" and she was right.",
        ),
        (
            "es",
            "Si no lo notas, lo estás haciendo mal.",
            None,
            "Si no notas mucho, no lo estás haciendo mal.",
            'Quizá te dijeron "si no lo notas, lo estás haciendo mal"; no es así.',
            'Mi profe decía "si no duele, lo estás haciendo mal", y tenía razón.',
        ),
    ],
    "appearance-goal": [
        (
            "en",
            "This stretch burns calories and slims your thighs.",
            None,
            "We won't be counting calories.",
            'You may have heard that stretching "slims the thighs"; set that idea aside.',
            'My students say, "This is my secret to a flat belly," and I agree.',
        ),
        (
            "es",
            "Esta postura quema calorías y adelgaza los muslos.",
            None,
            "No vamos a hablar de calorías.",
            'Si has oído que estirar "adelgaza los muslos", puedes dejar esa idea a un lado.',
            'Mi nutricionista dice "el estiramiento también adelgaza", y es verdad.',
        ),
        (
            "en",
            "Ladies, tuck your tummy in.",
            None,
            "There's no need to tuck your tummy in; let your belly be soft.",
            'Old classes said "suck your stomach in"; here your belly can stay soft.',
            'As my old teacher said, "tuck that tummy in," and she was right.',
        ),
        (
            "es",
            "Chicas, meted la tripa.",
            None,
            "No hace falta meter la tripa; la barriga puede estar suelta.",
            'En otras clases se decía "mete la tripa"; aquí la barriga puede estar suelta.',
            'Como decía mi profe, "mete esa tripa", y tenía razón.',
        ),
    ],
    "read-out-symbols": [
        (
            "en",
            "Visit https://www.example.org/help for support.",
            None,
            None,
            None,  # quoted and corrected, it is still read out symbol by symbol
            'My teacher says "visit https://example.org/help", and she is right.',
        ),
        (
            "es",
            "Visita www.ejemplo.org si necesitas ayuda.",
            None,
            None,
            None,
            'Mi profesora dice "visita www.ejemplo.org", y tiene razón.',
        ),
    ],
    "memory-recall": [
        (
            "en",
            "Think about a time someone hurt you.",
            None,
            "You don't need to think about a time someone hurt you; stay with the room.",
            'Some classes say "go back to the moment it happened"; here there is no need to.',
            'As my teacher said, "go back to the moment it happened", so do that now.',
        ),
        (
            "es",
            "Piensa en una vez en que alguien te hizo daño.",
            None,
            "No hace falta pensar en una vez en que alguien te hizo daño.",
            'Hay quien dice "vuelve al momento en que pasó"; aquí no hace falta.',
            'Como decía mi maestra, "vuelve al momento en que pasó", así que hazlo ahora.',
        ),
    ],
    "urgency": [
        (
            "en",
            "Hurry into the next pose.",
            None,
            "There's no rush.",
            'If the word "hurry" comes to mind, let it go; the recording will wait.',
            'My coach shouted "hurry, hurry," so switch sides fast.',
        ),
        (
            "es",
            "Date prisa, que vamos tarde.",
            None,
            "No hay ninguna prisa.",
            'Hay quien dice "date prisa"; aquí no, la grabación te espera.',
            'Como decía mi sargento, "date prisa", así que muévete ya.',
        ),
    ],
    "breath-risk": [
        (
            "en",
            "Hold your breath for as long as you can.",
            None,
            "We won't be doing any long breath holds.",
            'Some methods say "hold until you see stars"; please don\'t.',
            'My mentor taught me, "Hold until you see stars," and today we\'ll try that.',
        ),
        (
            "es",
            "Aguanta la respiración todo lo que puedas.",
            None,
            "No hace falta aguantar la respiración.",
            'Hay quien dice que "si hormiguean las manos vas bien"; en realidad es una señal para parar.',
            '"El mareo es parte del proceso", decía mi maestro, así que sigue.',
        ),
    ],
}

_ROWS = [(rid, *case) for rid, cases in CASES.items() for case in cases]


def _ids(rows: list) -> list[str]:
    return [f"{r[0]}-{r[1]}" for r in rows]


def test_every_phrase_rule_has_cases_in_both_languages() -> None:
    assert set(CASES) == set(engine.rule_ids())
    for rid, cases in CASES.items():
        assert {c[0] for c in cases} == {"en", "es"}, rid


@pytest.mark.parametrize("row", _ROWS, ids=_ids(_ROWS))
def test_the_blunt_form_is_flagged_under_its_rule(row: tuple) -> None:
    rid, lang, blunt, *_ = row
    found = lint_text(blunt, lang)
    assert rid in {f.rule_id for f in found}, found
    for f in found:
        assert f.phrase == blunt[f.start : f.end] and f.phrase.strip() and f.suggestion


@pytest.mark.parametrize("row", _ROWS, ids=_ids(_ROWS))
def test_softened_negated_and_corrected_forms_pass(row: tuple) -> None:
    _, lang, _, softened, negated, corrected, _ = row
    for text in (softened, negated, corrected):
        if text is not None:
            assert lint_text(text, lang) == [], text


@pytest.mark.parametrize("row", _ROWS, ids=_ids(_ROWS))
def test_an_endorsed_quotation_is_still_flagged(row: tuple) -> None:
    _, lang, *_, endorsed = row
    assert lint_text(endorsed, lang), endorsed


def test_folding_keeps_offsets_and_reads_spanish_enclitics() -> None:
    text = "RELÁJATE. Suéltalo. Ciérralos."
    assert len(scope.fold(text)) == len(text)
    found = lint_text(text, "es")
    assert [f.phrase for f in found] == ["RELÁJATE", "Suéltalo", "Ciérralos"]


def test_combining_accents_are_read_like_composed_ones() -> None:
    decomposed = "Rela\u0301jate."  # á as a + combining acute
    (finding,) = lint_text(decomposed, "es")
    assert finding.phrase == decomposed[finding.start : finding.end] == "Rela\u0301jate"


def test_a_negation_stops_at_a_clause_boundary() -> None:
    assert lint_text("Don't flinch when you feel my hand on your belly.", "en")
    assert lint_text("No respires hasta que cuente hasta veinte.", "es")
    assert lint_text("I won't touch you.", "en") == []


def test_a_softener_does_not_reach_past_and_then() -> None:
    assert lint_text("If you like, settle in, and then nobody moves for four minutes.", "en")
    assert lint_text("If you like, settle in and stay here a little longer.", "en") == []


def test_pressure_in_the_next_sentence_cancels_a_softener() -> None:
    text = "Maybe let your eyelids drift shut; it's important that they stay that way."
    assert lint_text(text, "en")


def test_a_gate_asks_for_the_phrases_every_match_holds() -> None:
    assert gate(r"\bkeep\s+(?:your\s+)?eyes\s+(?:closed|shut)\b") == (
        "keep",
        "eyes",
        (("closed",), ("shut",)),  # one of them; the optional "your" is not asked for
    )
    assert gate(r"\byou\s+must\s+stay\b") == ("you must stay",)  # words joined by \s+: one phrase
    assert gate(r"\bstays?\s+put|\bgo{2,}d\b") is None  # the second alternative needs nothing
    assert gate(r"\bstays?\s+still|\bfrozen") == ((("still", "stay"), ("frozen",)),)
    assert gate(r"(?<!not\s)\bmove\b(?!\s+gently)") == ("move",)  # lookarounds: not needed
    assert gate(r"\bno\s+(?:moving|talking)\b") == ((("moving",), ("talking",)),)  # "no": short
    assert gate(r"\b(?:stay|remain)\b[^.;!?]{0,60}\buntil\b") == (
        "until",
        (("stay",), ("remain",)),
    )
    assert gate(r"ab+cde") == ("cde",)  # "b" repeats: what follows it is a new phrase
    assert gate(r"(?:^|x)y") is None


def test_a_gated_pattern_runs_only_on_a_text_that_passes() -> None:
    gated = LazyPattern(r"\byou\s+(?:must|should)\s+stay\b")
    assert not gated.could_match("you must rest here")  # starts right, lacks "stay"
    assert gated.could_match("you must stay")
    assert LazyPattern(r"\byou\s+must\s+stay").could_match("you \n  must  stay")  # any spaces
    assert LazyPattern(r"\bno\s+moving").search("you may no longer be moving") is None


def _corpus_texts() -> list[tuple[str, str]]:
    corpus = Path(__file__).parent / "corpus"
    texts = []
    for path in sorted(corpus.glob("*.yaml")):
        if "heldout" in path.name:
            continue
        lang = path.name.split(".")[0]
        texts += [(e["text"], lang) for e in yaml.safe_load(path.read_text("utf-8"))]
    return texts


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_gate_changes_no_answer(lang: str) -> None:
    """Every pattern run on every corpus text: a pattern the gate skips never matches."""
    texts = [scope.fold(t) for t, lg in _corpus_texts() if lg == lang]
    texts += [t.replace(" ", " \n ") for t in texts[:200]]  # gates read any spaces as one
    context = engine.context(lang)
    listed = [getattr(context, f.name) for f in dataclasses.fields(context)]
    everything = [p for value in listed if isinstance(value, tuple) for p in value]
    for rule in engine.rules_for(lang):
        everything += [*rule.patterns, *rule.unless, *rule.requires, *(p for p, _ in rule.fitted)]
    for pattern in everything:
        if isinstance(pattern, LazyPattern):
            for folded in texts:
                if not pattern.could_match(folded):
                    assert pattern.regex.search(folded) is None, (pattern.source, folded)


@pytest.mark.parametrize(
    ("lang", "plain", "rule"),
    [
        ("en", "Relax your jaw.", "command"),
        ("en", "Breathe in and hold it for as long as you possibly can.", "breath-risk"),
        ("es", "Relájate y suelta todo.", "command"),
    ],
)
def test_a_pause_or_two_spaces_before_a_sentence_hide_nothing(
    lang: str, plain: str, rule: str
) -> None:
    """A sentence after "[pause 2s]", two spaces or a line break starts a sentence as the
    listener hears it; the finding quotes the words where they are written."""
    assert rule in {f.rule_id for f in lint_text(plain, lang)}
    opening = "Welcome, and thank you for being here." if lang == "en" else "Hola, bienvenida."
    for before in (f"{opening}  ", f"{opening} [pause 2s] ", "[pause 2s] ", f"{opening}\n  "):
        text = before + plain
        found = [f for f in lint_text(text, lang) if f.rule_id == rule]
        assert found, text
        assert all(text[f.start : f.end] == f.phrase for f in found)
        assert found[0].start >= len(before)


def test_heard_text_keeps_each_characters_place() -> None:
    text = "  Welcome.   [pause 3s]  Relax\n now. "
    heard, where = scope.spoken(text)
    assert heard == "Welcome. Relax now."
    assert len(where) == len(heard) + 1 and where[-1] == len(text)
    assert all(heard[i] == text[where[i]] or heard[i] == " " for i in range(len(heard)))


@pytest.mark.parametrize(
    "text",
    ["Okay so relax your jaw.", "And now, relax your jaw.", "Alright everyone, relax your jaw.",
     "Right. Good. So, let go of everything."],
)  # fmt: skip
def test_an_order_after_a_spoken_opener_is_still_an_order(text: str) -> None:
    """Teachers start sentences with "okay", "so", "alright everyone": the order after them
    still starts the sentence; the finding quotes the order, not the opener."""
    found = [f for f in lint_text(text, "en") if f.rule_id == "command"]
    assert found and found[0].phrase.lower() in ("relax", "let go of everything"), found
    assert lint_text("Okay, so relax, if you like, or stay as you are.", "en") == []


def test_an_asterisk_for_emphasis_is_read_out_and_said_so() -> None:
    for text, lang in (("Let your *whole* body soften.", "en"), ("Suelta *suavemente*.", "es")):
        (f,) = [f for f in lint_text(text, lang) if f.rule_id == "read-out-symbols"]
        assert f.phrase.startswith("*") and (
            "asterisk" in f.suggestion or "asterisco" in f.suggestion
        )


def test_deepening_a_little_with_each_breath_is_still_an_order_to_go_deeper() -> None:
    """ "Sink a little deeper with every exhale" (a Leeds teacher's cue) passed plain lint."""
    (f,) = [
        f
        for f in lint_text("Sink a little deeper with every exhale.", "en")
        if f.rule_id == "command"
    ]
    assert f.phrase == "Sink a little deeper" and "optional" in f.suggestion
    for gentle in ("If you like, sink a little deeper, or stay where you are.",
                   "You don't need to sink any deeper."):  # fmt: skip
        assert lint_text(gentle, "en") == [], gentle


@pytest.mark.parametrize(
    ("text", "lang", "heard"),
    [
        ("Dinnae open yer eyes till I say.", "en", "Don't open your eyes until I say."),
        ("If it's stingin', that's it workin'.", "en", "If it's stinging', that's it working'."),
        ("Hang yer heid on t'peg.", "en", "Hang your head on the peg."),
        ("There's nae need tae shove.", "en", "There's no need to shove."),
        ("Os ponéis coloraos, usté sentao.", "es", "Os ponéis coloraos, usted sentado."),
        # orders to vosotros, read as tú orders, never as clipped participles ("sentados")
        ("Relajaos y tumbaos.", "es", "Relajate y tumbate."),
        ("'Begin' she said.", "en", "'Begin' she said."),  # a closing quote is not a dropped g
        ("Ya, quédate ahí.", "es", "Ya, quédate ahí."),  # "ya" is "you" only in English
        # Doric, Caribbean, Geordie, a dropped h, and a quotation that opens with "'" left alone
        ("Haud yer breith as lang as ye can.", "en", "Hold your breath as long as you can."),
        ("Doh open yuh yeyes till mi seh.", "en", "Don't open you eyes until i say."),
        ("Divvent be feart, pet.", "en", "Don't be afraid, pet."),
        ("'Old it, even if it 'urts.", "en", "hold it, even if it hurts."),
        ("'Open' is a word I like.", "en", "'Open' is a word I like."),
    ],
)
def test_a_voice_s_spelling_is_heard_as_the_word_it_spells(
    text: str, lang: str, heard: str
) -> None:
    said, where = scope.spoken(text, lang)
    assert said == heard and len(where) == len(said) + 1
    assert where[0] == 0 and where[-1] == len(text)


def test_the_spellings_are_one_word_each_read_as_a_different_one() -> None:
    """Each entry of generator/lint/spellings.py is a lower-case whole word (or a word and its
    apostrophe) read as another: no entry reads as itself."""
    from generator.lint.spellings import RESPELLINGS

    for lang, table in RESPELLINGS.items():
        for said, heard in table.items():
            assert said.lower() == said and " " not in said, (lang, said)
            assert heard != said and heard.strip() == heard, (lang, said)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Haud yer breith as lang as ye can, hen.", "breath-risk"),
        ("Keep yuh yeyes shut, nuh open dem.", "eyes-closed-order"),
        ("'Old it, love, even if it 'urts.", "push-through-pain"),
        ("Ye maun stey doon till the bell.", "command"),
    ],
)
def test_a_dialect_s_risk_is_heard(text: str, rule: str) -> None:
    assert rule in [f.rule_id for f in lint_text(text, "en")], text


def test_a_respelt_word_is_still_quoted_as_the_author_wrote_it() -> None:
    """Writers give each voice its spelling; a rule written for "don't open your eyes" heard
    none of "Dinnae open yer eyes"."""
    (f,) = [
        f for f in lint_text("Dinnae open yer eyes, pal.", "en") if f.rule_id == "eyes-closed-order"
    ]
    assert f.phrase.startswith("Dinnae open yer")
    assert lint_text("There's nae need tae shove that knee anywhere.", "en") == []


@pytest.mark.parametrize(
    ("text", "heard"),
    [
        ("Ignore el dolor y siga.", "Ignora el dolor y sigue."),  # usted
        ("Obedezcan cada palabra.", "Obedece cada palabra."),  # ustedes
        ("Relájese y quédense quietos.", "Relajate y quedate quietos."),
        ("Cerrad los ojos y relajaos.", "Cierra los ojos y relajate."),  # vosotros
        ("Soltá todo y movete.", "Suelta todo y muevete."),  # vos
        ("Movete cuando querás.", "Muevete cuando quieras."),  # a softener in vos
        # the present subjunctive is not an order: kept
        (
            "Hasta que yo diga, deja que mi voz piense por ti.",
            "Hasta que yo diga, deja que mi voz piense por ti.",
        ),
        ("No se mueva.", "No te muevas."),  # a negative order to usted: the tú one
        ("Se pone de lado y hace una pausa.", "Se pone de lado y hace una pausa."),
        ("Aprieta el botón entre las dos.", "Aprieta el botón entre las dos."),
    ],
)
def test_a_spanish_order_in_any_form_of_address_is_heard_as_the_tu_order(
    text: str, heard: str
) -> None:
    said, where = scope.spoken(text, "es")
    assert said == heard and len(where) == len(said) + 1 and where[-1] == len(text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Ignore el dolor de la rodilla y siga.", "push-through-pain"),
        ("Obedezcan cada palabra que les digo.", "surrender-voice"),
        ("Cerrad los ojos y no los abráis.", "eyes-closed-order"),
        ("Relájense ya mismo.", "command"),
    ],
)
def test_spanish_rules_hear_usted_ustedes_and_vosotros(text: str, rule: str) -> None:
    """Writers in usted and ustedes passed plain lint with the blunt forms the tú rules catch."""
    (f,) = [f for f in lint_text(text, "es") if f.rule_id == rule]
    assert text.startswith(f.phrase[:5])  # quoted as written


@pytest.mark.parametrize(
    ("text", "heard"),
    [
        ("Suelte los hombros, si lo desea.", "Suelta los hombros, si lo deseas."),
        ("Puede volver al centro cuando quiera.", "Puedes volver al centro cuando quieras."),
        ("Si le apetece, cierre los ojos.", "Si te apetece, cierra los ojos."),
        ("No llore. No se mueva.", "No llores. No te muevas."),
        ("Ustedes tienen que relajarse ya.", "Ustedes tienes que relajarte ya."),
        ("Si se marea, siga.", "Si te mareas, sigue."),
        # not the listener: kept
        ("El cuerpo puede cambiar.", "El cuerpo puede cambiar."),
        ("Tiene que ver con la respiración.", "Tiene que ver con la respiración."),
        ("Debe de ser la lluvia.", "Debe de ser la lluvia."),
        ("Que el dolor no te haga rendirte.", "Que el dolor no te haga rendirte."),
        (
            "Deje que ella le empuje todo lo que quiera.",
            "Deja que ella le empuje todo lo que quiera.",
        ),
    ],
)
def test_usted_s_softeners_offers_and_negative_orders_are_heard_as_tu(
    text: str, heard: str
) -> None:
    """A Bogotá therapist's "Suelte los hombros, si lo desea." stopped her render: the softener
    was heard only as "si lo deseas"; "Puede volver al centro cuando quiera." was no way out."""
    said, where = scope.spoken(text, "es")
    assert said == heard and len(where) == len(said) + 1 and where[-1] == len(text)


@pytest.mark.parametrize(
    ("text", "lang", "rule"),
    [
        ("Deje la medicación; esta respiración reemplaza las pastillas.", "es", "healing-claim"),
        ("Después de esta práctica, ya no necesitará al fisioterapeuta.", "es", "healing-claim"),
        ("Stop taking your medication; this breathing replaces your pills.", "en", "healing-claim"),
        ("Aquí está completamente a salvo, nada puede hacerle daño.", "es", "forced-outcome"),
        ("Su ansiedad es solo cosa de su mente.", "es", "body-judgement"),
        ("Piense en la última vez que alguien le hizo daño.", "es", "memory-recall"),
        ("No llore.", "es", "forced-outcome"),
        ("Sostenga la respiración todo lo que pueda.", "es", "breath-risk"),
    ],
)
def test_a_tester_s_careless_usted_lines_are_caught(text: str, lang: str, rule: str) -> None:
    assert rule in {f.rule_id for f in lint_text(text, lang)}, lint_text(text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Suelte los hombros, si lo desea.", "es"),
        ("Don't stop your medication without talking to your doctor.", "en"),
        ("No deje su medicación sin hablar con su médico.", "es"),
        ("No respire a través del dolor; si duele, salga de la postura.", "es"),
    ],
)
def test_careful_lines_about_medication_and_pain_pass(text: str, lang: str) -> None:
    assert lint_text(text, lang) == []
