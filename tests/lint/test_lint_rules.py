"""The language linter: risky phrases are caught in both languages, invitational ones are left
alone, and every built-in sentence passes."""

from __future__ import annotations

import re

import pytest

from generator.care.breathing import all_patterns, cue_words, custom_pattern
from generator.care.data import LANGUAGES
from generator.care.phrases import all_texts
from generator.care.poses import CONDITIONS, all_poses
from generator.lint import rules as lint_module
from generator.lint.rules import has_breath_opt_out, has_exit_offer, lint_text, rule_ids
from generator.plan.checkins import choose_check_ins
from generator.plan.wording import Wording

# (text, language, rule id that must be among the findings)
RISKY = [
    # a README-only occupational therapist's lines for a care-home group (session 19)
    ("Hold your breath while you lift your leg.", "en", "breath-risk"),
    ("Hold your breath for a count of ten.", "en", "breath-risk"),
    ("Hold your breath.", "en", "breath-risk"),
    ("Levanta la pierna y aguanta la respiración.", "es", "breath-risk"),
    ("Aguanta la respiración.", "es", "breath-risk"),
    ("Push a little further into the stretch.", "en", "forcing"),
    ("Bend forward as far as you can and touch the floor.", "en", "forcing"),
    ("Lift your leg higher. Higher! Keep it up.", "en", "forcing"),
    ("Empuja un poco más fuerte.", "es", "forcing"),
    ("Come on, you can do better than that.", "en", "body-judgement"),
    ("Even at your age you can still touch your toes.", "en", "body-judgement"),
    ("Incluso a tu edad puedes llegar al suelo.", "es", "body-judgement"),
    ("You'll be dancing again in no time!", "en", "healing-claim"),
    ("You'll be walking without your stick in no time.", "en", "healing-claim"),
    ("Stretch a bit further, it will loosen up your arthritis.", "en", "healing-claim"),
    ("Vas a estar bailando de nuevo en nada.", "es", "healing-claim"),
    ("Esto alivia la artrosis.", "es", "healing-claim"),
    ("Let's all be good and sit nicely for the carers.", "en", "talking-down"),
    ("Aren't we all doing well today?", "en", "talking-down"),
    ("Portaos bien y sentaos formalitos.", "es", "talking-down"),
    ("¡Qué niñas tan buenas!", "es", "talking-down"),
    ("There's no leaving this pose, so settle in.", "en", "command"),
    ("No coming out until the bell, even if it feels wrong.", "en", "command"),
    ("Hold it.", "en", "command"),
    ("Push deeper into the stretch.", "en", "forcing"),
    ("You must stay in the pose for three minutes.", "en", "command"),
    ("Don't move.", "en", "command"),
    ("Stay still until the bell.", "en", "command"),
    ("Keep holding, no matter what.", "en", "command"),
    ("Sink deeper with every exhale.", "en", "command"),
    ("You have to keep your knees down.", "en", "command"),
    ("Do not come out until I say so.", "en", "command"),
    ("No fidgeting.", "en", "command"),
    ("Force your knees to the floor.", "en", "forcing"),
    ("This pose releases trauma stored in the hips.", "en", "healing-claim"),
    ("Pigeon heals old wounds.", "en", "healing-claim"),
    ("Hip openers cure anxiety.", "en", "healing-claim"),
    ("A gentle detox for body and mind.", "en", "healing-claim"),
    ("Unlock stored emotions with this stretch.", "en", "healing-claim"),
    ("Your hips hold trauma.", "en", "healing-claim"),
    ("Let go of your trauma in this shape.", "en", "healing-claim"),
    ("This breathing resets your nervous system.", "en", "healing-claim"),
    ("Trauma is stored in the fascia.", "en", "healing-claim"),
    ("You will feel lighter afterwards.", "en", "forced-outcome"),
    ("Let it all out.", "en", "forced-outcome"),
    ("Cry it out if you need to.", "en", "forced-outcome"),
    ("No pain, no gain.", "en", "push-through-pain"),
    ("You'll release everything you've been carrying.", "en", "forced-outcome"),
    ("Emotions will come up in this pose.", "en", "forced-outcome"),
    ("Surrender to the floor.", "en", "forced-outcome"),
    ("Push through the pain.", "en", "push-through-pain"),
    ("Ignore the discomfort in your knees.", "en", "push-through-pain"),
    ("Go beyond your edge.", "en", "push-through-pain"),
    ("Breathe through the pain and stay.", "en", "push-through-pain"),
    ("Pain is just weakness leaving the body.", "en", "push-through-pain"),
    ("It should hurt a little.", "en", "push-through-pain"),
    ("Stay with the pain.", "en", "push-through-pain"),
    ("Hold your breath for 10 seconds.", "en", "breath-risk"),
    ("Breathe in and hold for fifteen.", "en", "breath-risk"),
    ("Breathe fast through the nose.", "en", "breath-risk"),
    ("Now some kapalabhati.", "en", "breath-risk"),
    ("Try a round of breath of fire.", "en", "breath-risk"),
    ("Hold your breath as long as you can.", "en", "breath-risk"),
    ("Rapid breathing will energise you.", "en", "breath-risk"),
    ("Close your eyes.", "en", "eyes-closed-order"),
    ("Keep your eyes closed for the whole practice.", "en", "eyes-closed-order"),
    ("Eyes closed, please.", "en", "eyes-closed-order"),
    ("Don't open your eyes until the end.", "en", "eyes-closed-order"),
    ("Gently close your eyes and breathe.", "en", "eyes-closed-order"),
    ("Fix your posture before we begin.", "en", "body-judgement"),
    ("This is great for bad hips.", "en", "body-judgement"),
    ("Work toward a flat stomach.", "en", "appearance-goal"),
    ("Burn fat while you stretch.", "en", "appearance-goal"),
    ("Target those problem areas.", "en", "body-judgement"),
    ("Your hips are broken from sitting all day.", "en", "body-judgement"),
    ("Surrender to my voice.", "en", "surrender-voice"),
    ("Let my voice take over.", "en", "surrender-voice"),
    ("Listen only to my voice.", "en", "surrender-voice"),
    ("Your partner can press down on your back.", "en", "surrender-voice"),
    ("I will gently adjust your hips.", "en", "narrator-touch"),
    ("Give yourself over to my voice.", "en", "surrender-voice"),
    ("Cierra los ojos.", "es", "eyes-closed-order"),
    ("Mantén los ojos cerrados.", "es", "eyes-closed-order"),
    ("No abras los ojos hasta el final.", "es", "eyes-closed-order"),
    ("Esta postura sana el trauma.", "es", "healing-claim"),
    ("La paloma libera el trauma guardado en las caderas.", "es", "healing-claim"),
    ("Es una cura para la ansiedad.", "es", "healing-claim"),
    ("Las caderas guardan emociones.", "es", "healing-claim"),
    ("Un estiramiento para desintoxicar el cuerpo.", "es", "healing-claim"),
    ("Empuja a través del dolor.", "es", "push-through-pain"),
    ("Aguanta el dolor un poco más.", "es", "push-through-pain"),
    ("Ignora las molestias en las rodillas.", "es", "push-through-pain"),
    ("Ve más allá de tu límite.", "es", "push-through-pain"),
    ("Debes quedarte en la postura.", "es", "command"),
    ("No te muevas.", "es", "command"),
    ("Tienes que mantener las rodillas abajo.", "es", "command"),
    ("Quédate quieta hasta la campana.", "es", "command"),
    ("Vas a sentir una liberación profunda.", "es", "forced-outcome"),
    ("Sentirás mucha paz.", "es", "forced-outcome"),
    ("Sácalo todo.", "es", "forced-outcome"),
    ("Sin dolor no hay ganancia.", "es", "push-through-pain"),
    ("Ríndete al suelo.", "es", "forced-outcome"),
    ("Aguanta la respiración durante diez segundos.", "es", "breath-risk"),
    ("Respira rápido por la nariz.", "es", "breath-risk"),
    ("Ahora un poco de kapalabhati.", "es", "breath-risk"),
    ("Corrige tu postura.", "es", "body-judgement"),
    ("Perfecto para un vientre plano.", "es", "appearance-goal"),
    ("Entrégate a mi voz.", "es", "surrender-voice"),
    ("Deja que mi voz tome el control.", "es", "surrender-voice"),
    ("Crank your knee down to the floor.", "en", "forcing"),
    ("Go as deep as your body can possibly go.", "en", "forcing"),
    ("Feel my hands on your hips.", "en", "narrator-touch"),
    ("This is such a sexy shape.", "en", "sexualised"),
    ("Imagine someone watching you open your knees.", "en", "sexualised"),
    ("This pose will tone your thighs.", "en", "appearance-goal"),
    ("Hurry into the next pose.", "en", "urgency"),
    ("Quick, switch legs.", "en", "urgency"),
    ("Relax.", "en", "command"),
    ("Stay in the shape until I give you permission to come out.", "en", "command"),
    ("Your eyes will stay closed until the end.", "en", "eyes-closed-order"),
    ("Fuerza un poco más la apertura.", "es", "forcing"),
    ("Siente mis manos en tus caderas.", "es", "narrator-touch"),
    ("Siente lo sexy que es esta postura.", "es", "sexualised"),
    ("Esta postura tonifica los glúteos.", "es", "appearance-goal"),
    ("Date prisa, que vamos tarde.", "es", "urgency"),
    ("Relájate.", "es", "command"),
    ("Suéltalo todo.", "es", "command"),
    ("Ciérralos ya.", "es", "eyes-closed-order"),
    # voseo (Argentina, Uruguay): the stem-changing verbs differ from tú once accents are folded
    ("Esta práctica te ayudará a sanar.", "es", "healing-claim"),
    ("Esta postura te sanará.", "es", "healing-claim"),
    ("Cerrá los ojos.", "es", "eyes-closed-order"),
    (
        "Cerrá los ojitos, ya.",
        "es",
        "eyes-closed-order",
    ),  # a diminutive teachers of older groups use
    ("Tenés que relajarte.", "es", "command"),  # voseo
    ("Mantené los ojos cerrados durante toda la práctica.", "es", "eyes-closed-order"),
    ("Soltalo todo.", "es", "command"),
    ("No te movás hasta que yo lo diga.", "es", "command"),
    ("No pensés, solo seguí mi voz.", "es", "surrender-voice"),
    # a promise of safety the track cannot keep
    ("You are completely safe here, and nothing can hurt you.", "en", "forced-outcome"),
    ("You are safe here.", "en", "forced-outcome"),
    ("Nothing bad will ever happen to you in this practice.", "en", "forced-outcome"),
    ("Aquí estás completamente a salvo.", "es", "forced-outcome"),
    ("Nada malo te va a pasar mientras escuchas.", "es", "forced-outcome"),
    ("Nadie puede hacerte daño aquí.", "es", "forced-outcome"),
    # pain as progress, in shapes the rules had not met
    ("Without a little pain there's no change.", "en", "push-through-pain"),
    ("Your body complains because it needs this.", "en", "push-through-pain"),
    ("The more uncomfortable, the deeper the work.", "en", "push-through-pain"),
    ("If your knee twinges, just breathe past it.", "en", "push-through-pain"),
    ("Cuanto más duela, mejor.", "es", "push-through-pain"),
    ("Sin un poco de dolor no hay cambio.", "es", "push-through-pain"),
    ("Que te duela no significa nada, sigue.", "es", "push-through-pain"),
    ("El dolor te está enseñando algo; no te vayas.", "es", "push-through-pain"),
    ("Get ready to shed tears.", "en", "forced-outcome"),
    ("Empty your mind completely.", "en", "command"),
    # what a voice reads out symbol by symbol
    ("Visit https://www.example.org/help for support.", "en", "read-out-symbols"),
    ("Write to help@example.org if you need to.", "en", "read-out-symbols"),
    ("If you like, rest here. <!-- note to self -->", "en", "read-out-symbols"),
    ("Visita www.ejemplo.org si necesitas ayuda.", "es", "read-out-symbols"),
    ('The address "https://www.example.org/help" is not the right one.', "en", "read-out-symbols"),
    ("Descansa aquí, si te apetece. <br>", "es", "read-out-symbols"),
    # a saying named as one, then endorsed: still the author's claim
    ("No pain, no gain is an old saying, and it's true.", "en", "push-through-pain"),
    ("Sin dolor no hay ganancia es un dicho de gimnasio, y es verdad.", "es", "push-through-pain"),
    # shame by comparison, inside an invitation too
    ("The ones who stay are the ones who change.", "en", "body-judgement"),
    (
        "You can come out whenever you like, though a committed practitioner would stay.",
        "en",
        "body-judgement",
    ),
    ("Students who hold the full five minutes see the real results.", "en", "body-judgement"),
    ("Las que se quedan son las que cambian.", "es", "body-judgement"),
    ("Una buena alumna no se mueve.", "es", "body-judgement"),
    ("Quienes aguantan hasta el final son los que de verdad avanzan.", "es", "body-judgement"),
    # a held breath counted to a long number, with the air "inside"
    ("Mantén el aire dentro hasta la cuenta de diez.", "es", "breath-risk"),
    # session 12: forms a README-only tester found (general patterns, not these lines alone)
    (
        "A tight hip is usually an unhappy hip, so let's sort yours out today.",
        "en",
        "body-judgement",
    ),
    (
        "Most people can get their knee much lower than this, so keep working.",
        "en",
        "body-judgement",
    ),
    ("Notice how light you feel now that the old stuff has been let go.", "en", "healing-claim"),
    ("Let yourself be carried completely by my voice.", "en", "surrender-voice"),
    ("Let go completely to my voice.", "en", "surrender-voice"),
    (
        "Quienes aguantan el estiramiento son quienes de verdad notan el beneficio.",
        "es",
        "body-judgement",
    ),
    ("Déjate llevar por completo por mi voz.", "es", "surrender-voice"),
    ("No pienses, solo siente.", "es", "surrender-voice"),
    ("Pon la mente en blanco.", "es", "surrender-voice"),
    ("Stay with it.", "en", "command"),
    ("The burn is where the change happens. Stay with it.", "en", "push-through-pain"),
    ("Don't be lazy about it.", "en", "body-judgement"),
    (
        "Bring the soles of your feet together. This shape will heal your sciatica and flush out "
        "the grief your hips have been hoarding.",
        "en",
        "healing-claim",
    ),
    # session 13: my own batches and a README-only tester's lines
    ("Stay with the intensity a little longer than feels comfortable.", "en", "push-through-pain"),
    ("When it gets intense, that's where the change happens.", "en", "push-through-pain"),
    ("There's no point easing off when it burns.", "en", "push-through-pain"),
    ("That's just the body being dramatic, so ignore it.", "en", "push-through-pain"),
    ("Nothing from the past can reach you here.", "en", "forced-outcome"),
    ("Your body is about to let go of something big.", "en", "forced-outcome"),
    ("No slacking: the keen ones are already on the floor.", "en", "body-judgement"),
    ("Aquí no te puede pasar nada.", "es", "forced-outcome"),
    (
        "Cuando la sensación se vuelva intensa, ahí es donde ocurre el cambio.",
        "es",
        "push-through-pain",
    ),  # fmt: skip
    ("Quédate ahí un poco más; ahí es donde ocurre el cambio.", "es", "push-through-pain"),
    # a school counsellor's class lines (README-only tester, session 22)
    ("Think about a time someone hurt you and let it go.", "en", "memory-recall"),
    ("Go back to the moment it happened.", "en", "memory-recall"),
    ("Bring to mind the worst thing that has ever happened to you.", "en", "memory-recall"),
    ("Piensa en una vez en que alguien te hizo daño.", "es", "memory-recall"),
    ("Vuelve al momento en que pasó y quédate ahí.", "es", "memory-recall"),
    ("Hold your breath till you feel dizzy.", "en", "breath-risk"),
    ("Hold your breath until you feel light-headed.", "en", "breath-risk"),
    ("Breathe out till your lungs are totally empty.", "en", "breath-risk"),
    ("Your anxiety is just in your head.", "en", "body-judgement"),
    ("Pull your tummy in and sit tall.", "en", "appearance-goal"),
    ("Shoulders back: you look much better.", "en", "appearance-goal"),
    ("Hypermobile students, push into the end of your range.", "en", "forcing"),
    ("Your body is so flexible, show us how far you can go.", "en", "forcing"),
    ("Everybody close their eyes now.", "en", "eyes-closed-order"),
    ("I'll know if you're peeking.", "en", "eyes-closed-order"),
]

# Invitational or negated phrasing that must produce no findings at all.
SAFE = [
    ("You can join in, just listen, or stop at any time.", "en"),
    ("Feel free to just listen.", "en"),
    ("Think about a time you felt safe, if that helps.", "en"),
    ("If you like, remember a time when something kind happened to you.", "en"),
    ("There's no need to remember anything; stay with the sounds in the room.", "en"),
    ("Don't lock your knees; keep a soft bend.", "en"),
    ("Piensa en un momento en que te sentiste a salvo, si te ayuda.", "es"),
    ("No hace falta recordar nada; quédate con los sonidos de la habitación.", "es"),
    ("Avoid holding your breath while you lift.", "en"),
    ("Evita aguantar el aire al subir la pierna.", "es"),
    ("Notice if you hold your breath, and let it go if you do.", "en"),
    ("Levanta la pierna y respira con calma mientras la subes.", "es"),
    ("Si la tirantez se vuelve más fuerte, afloja.", "es"),
    ("You'll be walking around again once we finish, if you like.", "en"),
    ("Vas a caminar un rato de nuevo cuando termines, si quieres.", "es"),
    ("Be good to yourself today.", "en"),
    ("Pórtate bien contigo hoy.", "es"),
    ("If you like, move a little further, only as far as feels comfortable.", "en"),
    ("Quédate el tiempo que te resulte cómodo, y ni un segundo más.", "es"),
    ("Stay no longer than feels comfortable.", "en"),
    ("If it starts to feel like too much, that's the moment to ease off or come out.", "en"),
    ("Take it slow, like a long lazy Sunday afternoon.", "en"),
    ("Shut your eyes if you like, or keep 'em open and watch the light.", "en"),
    ("Nobody's watching you; this is your space.", "en"),
    ("Si la sensación se vuelve intensa, ese es el momento de aflojar o salir.", "es"),
    # (session 14's word model warns on "Now that the old tension has gone from your shoulders":
    # it presumes what the listener feels; the same thought without the presumption is clean)
    ("If some old tension has eased from your shoulders, you might notice the breath.", "en"),
    ("Let yourself be guided by my voice, or by your own sense of what feels right.", "en"),
    ("You do not have to let yourself be carried by my voice.", "en"),
    ("Some people call tight hips unhappy hips; we leave that idea aside.", "en"),
    ("If you like, stay with it a little longer.", "en"),
    ("No tienes que dejarte llevar por mi voz; toma lo que te sirva.", "es"),
    ("No pienses demasiado en hacerlo bien.", "es"),
    ("No hace falta poner la mente en blanco.", "es"),
    ("There's no leaving this pose wrong; come out any way you like.", "en"),
    ("There's no coming out too early.", "en"),
    ("There's no need to empty your mind; thoughts can come and go.", "en"),
    ("Get ready to come down onto your back, whenever you like.", "en"),
    ("You can make progress without any pain at all.", "en"),
    ("If your knee twinges, there is no need to breathe past it; ease off instead.", "en"),
    ("Puedes avanzar sin ningún dolor.", "es"),
    ("The helpline's address is in this track's description.", "en"),
    ("Breathe in for four, then out for six, if that is comfortable.", "en"),
    ("La dirección de la línea de ayuda está en la descripción de esta pista.", "es"),
    ("No pain, no gain is an old saying that we leave at the door.", "en"),
    ("Pain is weakness leaving the body is a gym slogan we don't use here.", "en"),
    ("Sin dolor no hay ganancia es un viejo dicho que aquí dejamos en la puerta.", "es"),
    ("The ones who come out early are taking good care of themselves.", "en"),
    ("People who rest often get just as much from this as anyone.", "en"),
    ("Las que salen antes también están cuidándose.", "es"),
    ("You're perfectly safe to stop at any point.", "en"),
    (
        "Look around, and remind yourself that you're safe in this room, if that's true for you.",
        "en",
    ),
    ("I can't promise that you're safe here; you know best what helps you.", "en"),
    ("Si no estás segura, puedes quedarte en la postura anterior.", "es"),
    ("¿Estás seguro de que quieres seguir? También puedes parar.", "es"),
    ("Mantén el aire dentro un momento, solo si te resulta cómodo, y suéltalo.", "es"),
    ("Pain is not progress.", "en"),
    ("Pain is never a sign of progress here.", "en"),
    ("Esta práctica no te va a sanar, y no hace falta.", "es"),
    ("Con tiempo y apoyo, muchas personas pueden sanar.", "es"),
    ("Si querés, podés cerrar los ojos, o dejarlos abiertos.", "es"),
    ("Si te apetece, cerrá los ojos, o dejalos abiertos mirando un punto.", "es"),
    ("Nadie te pide que no te movás: moverte está bien.", "es"),
    ("You might close your eyes.", "en"),
    ("If you like, close your eyes or keep them open.", "en"),
    ("Eyes can close or stay open.", "en"),
    ("This is not a cure.", "en"),
    ("There's no need to hold your breath.", "en"),
    ("You can come out of the pose at any time.", "en"),
    ("If you like, stay here a little longer.", "en"),
    ("Notice the floor under you.", "en"),
    ("Stretching doesn't heal trauma on its own.", "en"),
    ("There's no need to push.", "en"),
    ("If you like, hold the shape a little longer.", "en"),
    ("When you're ready, release the pose.", "en"),
    ("You're welcome to stay still or to move.", "en"),
    ("Feel free to shift or fidget.", "en"),
    ("Perhaps press gently into your hands.", "en"),
    ("If it feels okay, sink a little deeper.", "en"),
    ("You might feel something, or nothing at all.", "en"),
    ("Feelings may come up, and that's okay.", "en"),
    ("If you notice pain, you might ease off or come out.", "en"),
    ("Never push through pain.", "en"),
    ("You don't have to close your eyes.", "en"),
    ("Keep your eyes open if that feels better.", "en"),
    ("With eyes open or closed, whichever you prefer.", "en"),
    ("Breathe in for four and out for six.", "en"),
    ("Only if it's comfortable, pause briefly at the top of the breath.", "en"),
    ("You can return to your natural breath at any time.", "en"),
    ("Hips can feel tight, and that is okay.", "en"),
    ("There are no bad hips here.", "en"),
    ("Whenever you like, you can let the breath find its own rhythm.", "en"),
    ("No pose can cure anything, and that's not what this is for.", "en"),
    ("This practice is not a replacement for care.", "en"),
    ("Let the floor take some of your weight.", "en"),
    ("When you're ready, gently come out and rest.", "en"),
    ("You could rest your forehead on a cushion.", "en"),
    ("Stillness isn't required; moving is welcome.", "en"),
    ("Take what is useful from these words and leave the rest.", "en"),
    ("Your body can be still or move.", "en"),
    ("Perhaps rest your hands on your belly.", "en"),
    ("If your eyes have been closed, you might let them open.", "en"),
    ("You don't need to ignore any discomfort; easing off is always fine.", "en"),
    ("Tears are welcome, and so is feeling nothing.", "en"),
    ("Hold your breath only if you want to, for a count of three.", "en"),
    ("Pause for a moment at the top of the breath, if that's comfortable.", "en"),
    ("The hips are a place where many people notice sensation.", "en"),
    ("Nothing here is required.", "en"),
    ("There is no need to fix your posture.", "en"),
    ("When it feels right, you might let your knees drop to one side.", "en"),
    ("If you'd like, sit with your back against a wall.", "en"),
    ("Hold onto a cushion if it helps.", "en"),
    ("Stay here for a few breaths, if you like.", "en"),
    ("You won't necessarily feel anything, and that's fine.", "en"),
    ("Hold the pose for ten breaths if you like, or come out sooner.", "en"),
    ("Si quieres, puedes cerrar los ojos o dejarlos abiertos.", "es"),
    ("Los ojos pueden quedarse abiertos.", "es"),
    ("Esta práctica no es una cura.", "es"),
    ("Estirar no sana el trauma por sí solo.", "es"),
    ("No hace falta aguantar la respiración.", "es"),
    ("Puedes salir de la postura cuando quieras.", "es"),
    ("Si te apetece, quédate un poco más.", "es"),
    ("Nota el suelo debajo de ti.", "es"),
    ("Moverte está bien.", "es"),
    ("Cuando quieras, puedes volver a tu respiración natural.", "es"),
    ("No hay que forzar nada.", "es"),
    ("Si te resulta cómodo, cierra los ojos.", "es"),
    ("Con los ojos abiertos o cerrados, como prefieras.", "es"),
    ("Las caderas pueden sentirse tensas, y está bien.", "es"),
    ("Cuando estés lista, sal de la postura con suavidad.", "es"),
    ("Si notas dolor, puedes aflojar o salir.", "es"),
    ("Nunca empujes a través del dolor.", "es"),
    ("Quizá notes algo, o nada; las dos cosas están bien.", "es"),
    ("Suelta la postura cuando quieras.", "es"),
    ("Tal vez quieras apoyar la frente en un cojín.", "es"),
    ("No tienes que cerrar los ojos.", "es"),
    ("Si te apetece, mantén la postura un poco más.", "es"),
    ("Puedes respirar con normalidad en cualquier momento.", "es"),
    ("Esta práctica no sustituye a un cuidado profesional.", "es"),
    ("Deja que el suelo sostenga parte de tu peso.", "es"),
    # was "Si quieres, aguanta un poco más.": the Spanish word model retrained in session 15 warns
    # *aguanta* (endure, hang on) as forcing even with "si quieres"; the gentle Spanish is this
    ("Si quieres, quédate un poco más.", "es"),
    ("No hace falta quedarse quieto.", "es"),
    ("Una alimentación sana también es una forma de cuidarte.", "es"),
]

EXPECTED_IDS = {
    "command",
    "memory-recall",
    "forcing",
    "narrator-touch",
    "sexualised",
    "appearance-goal",
    "urgency",
    "healing-claim",
    "forced-outcome",
    "push-through-pain",
    "breath-risk",
    "eyes-closed-order",
    "body-judgement",
    "surrender-voice",
    "read-out-symbols",
    "talking-down",
}


def _case_id(text: str, lang: str) -> str:
    return f"{lang}:{text[:40]}"


@pytest.mark.parametrize(
    ("text", "lang", "rule_id"), RISKY, ids=[_case_id(t, lang) for t, lang, _ in RISKY]
)
def test_risky_phrase_is_flagged(text: str, lang: str, rule_id: str) -> None:
    findings = lint_text(text, lang)
    assert rule_id in {f.rule_id for f in findings}, findings
    for f in findings:
        assert f.phrase == text[f.start : f.end] and f.phrase.strip()
        assert f.suggestion and f.category and f.level in ("error", "warning")


@pytest.mark.parametrize(("text", "lang"), SAFE, ids=[_case_id(t, lang) for t, lang in SAFE])
def test_safe_phrase_is_not_flagged(text: str, lang: str) -> None:
    assert lint_text(text, lang) == []


def test_tables_cover_every_rule_in_both_languages() -> None:
    assert len(RISKY) >= 60 and len(SAFE) >= 60
    assert sum(lang == "es" for _, lang, _ in RISKY) >= 15
    assert sum(lang == "es" for _, lang in SAFE) >= 15
    for lang in LANGUAGES:
        assert {rid for _, lg, rid in RISKY if lg == lang} == EXPECTED_IDS


def _builtin_texts(lang: str) -> list[str]:
    texts = list(all_texts(lang)) + cue_words(lang)
    for pose in all_poses():
        texts += [pose.title(lang), *pose.entry(lang), *pose.exit(lang), *pose.options(lang)]
        texts += pose.entry(lang, conditions=CONDITIONS)
        texts += [*pose.switch(lang, "left"), *pose.switch(lang, "right")]
        texts += [pose.caution(lang) or ""]
        if pose.has_sides:
            words = Wording(lang, 0)
            texts += [words.side_intro(pose, side) for side in ("left", "right")]
            texts += [words.side_lead(pose, side) for side in ("left", "right")]
    for p in all_patterns():
        texts += [p.intro(lang), p.caution(lang) or "", p.skip_holds(lang) or ""]
    custom = custom_pattern(4, 6, hold_in=8, hold_out=2)
    texts += [custom.intro(lang), custom.caution(lang) or "", custom.skip_holds(lang) or ""]
    texts += [line for c in choose_check_ins(100, lang, seed=3) for line in (c.text, c.rest)]
    return [t for t in texts if t]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_all_built_in_text_lints_clean(lang: str) -> None:
    """Every built-in line, and in Spanish its vos and usted forms too (``language: es-AR``,
    ``address: usted``)."""
    from generator.care.forms import TABLES, in_address

    texts = _builtin_texts(lang)
    if lang == "es":
        turned = [in_address(t, address) for address in TABLES for t in texts]
        texts += list(dict.fromkeys(t for t in turned if t not in texts))
    assert len(texts) > 300
    dirty = {t: [(f.rule_id, f.phrase) for f in lint_text(t, lang)] for t in texts}
    assert {t: f for t, f in dirty.items() if f} == {}


def test_rules_are_data_with_kebab_ids_and_known_levels() -> None:
    assert set(rule_ids()) == EXPECTED_IDS
    rules = lint_module.RULES
    assert rules is lint_module.rules()
    for rule in rules:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.id)
        assert rule.level in ("error", "warning") and rule.language in ("en", "es", "any")
    levels = {(r.id, r.level) for r in rules}
    for rid in ("command", "healing-claim", "push-through-pain", "eyes-closed-order"):
        assert levels & {(rid, "error")} and (rid, "warning") not in levels
    # handing choice to the voice is an error; attention policed ("try not to get distracted")
    # is the category's one warning
    assert ("surrender-voice", "error") in levels and ("body-judgement", "warning") not in levels


def test_breath_risk_is_a_warning_with_an_opt_out_and_an_error_without() -> None:
    bare = lint_text("Breathe in and hold your breath for ten seconds.", "en")
    offered = lint_text(
        "Breathe in and hold your breath for ten seconds, or skip the holds if you like.", "en"
    )
    assert [f.level for f in bare if f.rule_id == "breath-risk"] == ["error"]
    assert [f.level for f in offered if f.rule_id == "breath-risk"] == ["warning"]
    es = lint_text("Aguanta el aire durante diez segundos, solo si te resulta cómodo.", "es")
    assert [f.level for f in es if f.rule_id == "breath-risk"] == ["warning"]


def test_softeners_only_reach_their_own_sentence() -> None:
    findings = lint_text("If you like, rest here. Close your eyes.", "en")
    assert [f.rule_id for f in findings] == ["eyes-closed-order"]
    assert findings[0].phrase == "Close your eyes"


def test_offsets_survive_curly_apostrophes_and_phrases_keep_the_authors_spelling() -> None:
    text = "Rest here. Don’t move."
    (finding,) = lint_text(text, "en")
    assert finding.phrase == "Don’t move" == text[finding.start : finding.end]


def test_one_finding_per_rule_for_overlapping_patterns() -> None:
    findings = lint_text("Mantén los ojos cerrados.", "es")
    assert [f.rule_id for f in findings] == ["eyes-closed-order"]


def test_the_same_words_get_one_finding_named_by_the_more_particular_rule() -> None:
    """ "aunque duela" is pain treated as nothing (push-through-pain), not also force in general."""
    found = lint_text("Quédate en la postura aunque duela.", "es")
    assert [(f.rule_id, f.phrase) for f in found] == [
        ("command", "Quédate en la postura"),
        ("push-through-pain", "aunque duela"),
    ]


def test_not_thinking_gets_the_thinking_rewrite_not_the_shoulders() -> None:
    (finding,) = lint_text("Para de pensar.", "es")
    assert finding.rule_id == "surrender-voice" and "hombros" not in finding.suggestion


def test_surrender_to_the_voice_is_not_double_counted_as_forced_outcome() -> None:
    assert [f.rule_id for f in lint_text("Surrender to my voice.", "en")] == ["surrender-voice"]
    assert [f.level for f in lint_text("Surrender to gravity.", "en")] == ["warning"]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("You can come out whenever you like.", "en", True),
        ("Easing off is always okay.", "en", True),
        ("Notice your breath.", "en", False),
        ("Puedes salir cuando quieras.", "es", True),
        ("Una postura suave para la cadera.", "es", False),
    ],
)
def test_exit_offer_detection(text: str, lang: str, expected: bool) -> None:
    assert has_exit_offer(text, lang) is expected


def test_breath_opt_out_detection() -> None:
    assert has_breath_opt_out("You can skip the holds.", "en")
    assert has_breath_opt_out("Puedes volver a tu respiración natural.", "es")
    assert not has_breath_opt_out("Breathe in for four.", "en")


@pytest.mark.parametrize(
    ("text", "lang", "fits"),
    [
        ("Relax your hips now.", "en", "soften"),
        ("Let go of control.", "en", "soften"),
        ("Don't move.", "en", "move"),
        ("Wait for my signal before you come out.", "en", "wait for me"),
        ("Hold the pose.", "en", "stay here a little longer"),
        ("Relájate ahora.", "es", "suavizarse"),
        ("No te muevas hasta que yo lo diga.", "es", "esperarme"),
        ("Quédate quieta.", "es", "moverte"),
        ("Mantén la postura.", "es", "quedarte un poco más"),
    ],
)
def test_a_command_gets_a_rewrite_that_fits_its_words(text: str, lang: str, fits: str) -> None:
    """A relax order is offered softening, a stillness order movement, waiting for the voice
    the listener's own timing; the rule's general rewrite (stay longer, or come out) is for
    holding orders."""
    (finding,) = [f for f in lint_text(text, lang) if f.rule_id == "command"]
    assert fits in finding.suggestion


def test_a_held_breath_is_named_breath_risk_not_a_pose_command() -> None:
    """ "Aguanta la respiración" is about the breath: one breath-risk finding with the breath's
    rewrite, not also a pose command offering to stay longer in the shape."""
    findings = lint_text("Aguanta la respiración hasta diez.", "es")
    assert [f.rule_id for f in findings] == ["breath-risk"]
    assert [f.rule_id for f in lint_text("Aguanta en la postura.", "es")] == ["command"]


@pytest.mark.parametrize(
    "text", ["Visita https://ejemplo.org/ayuda.", "Descansa aquí. <br>", "Haz kapalabhati un rato.",
             "Este estiramiento es un detox para tus caderas."],
)  # fmt: skip
def test_rules_for_any_language_offer_their_rewrite_in_the_script_s_language(text: str) -> None:
    (found,) = lint_text(text, "es")
    english = {f.suggestion for f in lint_text(text.replace("Visita", "Visit"), "en")}
    assert english and found.suggestion not in english


def test_a_model_warning_in_spanish_offers_the_spanish_rule_s_rewrite() -> None:
    """A tester's Spanish healing claim, flagged by the model, was offered the English detox
    rule's rewrite (the rule for any language came first)."""
    from generator.lint.model import _rule_for

    assert _rule_for("healing-claim", "es").language == "es"
    assert _rule_for("healing-claim", "en").language == "en"


@pytest.mark.parametrize(
    ("first", "second", "lang"),
    [
        ("The burn is where the change happens.", "Even total beginners manage this one.", "en"),
        ("Cierra los ojos.", "Solo los principiantes se quedan atrás en esta postura.", "es"),
    ],
)
def test_each_sentence_of_a_short_text_is_judged_once_a_rule_matched_another(
    first: str, second: str, lang: str
) -> None:
    """A short text is judged whole, so once a rule matched one sentence the model never said
    what it thought of the next: a tester fixed one finding only to meet the next on the next
    run. A sentence the model flags alone is flagged beside another's finding too."""
    from generator.lint.engine import rule_findings

    assert lint_text(second, lang) and not rule_findings(second, lang)  # the model's own catch
    assert rule_findings(first, lang)
    text = f"{first} {second}"
    found = lint_text(text, lang)
    assert any(f.start >= len(first) for f in found), found
    assert any(f.end <= len(first) for f in found), found


def test_one_order_in_two_pieces_is_reported_once() -> None:
    """A tester got the same advice twice for "no cambies de postura hasta que yo te lo indique":
    two findings of one rule with one rewrite, close in one sentence, are one finding."""
    (found,) = lint_text("No cambies de postura hasta que yo te lo indique.", "es")
    assert found.phrase == "No cambies de postura hasta que yo te lo indique"
    # different advice for each part stays two findings; two sentences stay two
    assert len(lint_text("Don't move until I say so.", "en")) == 2
    assert len(lint_text("Relax. Relax your hips.", "en")) == 2


@pytest.mark.parametrize(
    ("lang", "text", "rule", "level"),
    [
        ("en", "Don't cry now; be strong for the families.", "forced-outcome", "error"),
        ("en", "Forgive yourself.", "forced-outcome", "warning"),
        ("en", "There's nothing to feel bad about.", "forced-outcome", "warning"),
        ("en", "Pray with me now.", "forced-outcome", "warning"),
        ("en", "Let God carry it.", "forced-outcome", "warning"),
        ("en", "Just be here with my voice.", "surrender-voice", "warning"),
        ("en", "Try not to get distracted.", "surrender-voice", "warning"),
        ("en", "These poses prepare your body for labour.", "healing-claim", "error"),
        ("en", "This will get rid of your insomnia.", "healing-claim", "error"),
        ("es", "No llores ahora.", "forced-outcome", "error"),
        ("es", "Perdónate.", "forced-outcome", "warning"),
        ("es", "Reza conmigo.", "forced-outcome", "warning"),
        ("es", "Quédate solo con mi voz.", "surrender-voice", "warning"),
        ("es", "Intenta no distraerte.", "surrender-voice", "warning"),
        ("es", "Deja que tu cuerpo se rinda por completo.", "forced-outcome", "warning"),
        ("es", "Estas posturas preparan tu cuerpo para el parto.", "healing-claim", "error"),
        ("es", "Esto te va a quitar el insomnio.", "healing-claim", "error"),
        ("es", "Siente cómo sale todo lo que has reprimido.", "healing-claim", "error"),
    ],
)
def test_feelings_ordered_beliefs_assumed_and_promises_to_the_body(
    lang: str, text: str, rule: str, level: str
) -> None:
    """Lines README-only testers wrote as a less careful colleague would (a psychotherapist's
    take-home tracks, a chaplain's tracks for hospice staff), which passed or were warnings."""
    found = [(f.rule_id, f.level) for f in lint_text(text, lang)]
    assert (rule, level) in found, found


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "If tears come, that's okay; you don't have to hold them back."),
        ("en", "If prayer is part of your life, you might pray now; if not, simply rest."),
        ("en", "You don't have to forgive yourself today, or ever."),
        ("en", "It's fine to get distracted; your mind can wander."),
        ("en", "Nothing here will get rid of anxiety, and that's okay."),
        ("es", "Si vienen lágrimas, no pasa nada."),
        ("es", "Si rezar forma parte de tu vida, puedes rezar ahora; si no, descansa."),
        ("es", "No te preocupes si te distraes; la mente hace eso."),
        ("es", "No hace falta que prepares nada para el parto."),
    ],
)
def test_the_same_themes_offered_or_denied_pass(lang: str, text: str) -> None:
    assert lint_text(text, lang) == []


@pytest.mark.parametrize(
    ("lang", "text", "fits", "not_there"),
    [
        ("en", "You must forgive yourself.", "whatever you are feeling", "come out"),
        ("es", "Tienes que perdonarte.", "lo que sientas", "salir"),
        ("en", "This practice heals grief.", "if something comes up", "hip"),
        ("en", "Surrender your burdens.", "the chair", "let the floor take"),
    ],
)
def test_a_rewrite_fits_words_that_are_not_about_a_pose(
    lang: str, text: str, fits: str, not_there: str
) -> None:
    """A chaplain's "you must forgive yourself" was offered "you might stay here a little longer,
    or come out whenever you want"; a claim in a script with no hip shapes, "hip shapes can stir
    up feelings"; "surrender" in a chair, "let the floor take some of your weight"."""
    (finding,) = lint_text(text, lang)
    assert fits in finding.suggestion and not_there not in finding.suggestion, finding.suggestion


@pytest.mark.parametrize(
    "text",
    [
        "Puede volver a juntarlas cuando quiera.",  # usted
        "Cuando lo desee, deshaga la postura.",
        "Deténgase si lo necesita.",
        "Puede salir de la postura si lo necesita.",
        "Volvé cuando tengas ganas.",  # vos
        "Puedes volver cuando quieras.",  # tú
    ],
)
def test_a_way_out_is_heard_in_every_form_of_address(text: str) -> None:
    """A tester's usted cue "Puede volver a juntarlas cuando quiera." was warned as offering no
    way out; the same words in tú were not."""
    assert has_exit_offer(text, "es"), text


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Tu cuerpo no sirve para esto.", "body-judgement"),
        ("Aquí el que sabe soy yo.", "surrender-voice"),
        ("Acordate de que el que manda acá soy yo.", "surrender-voice"),
        ("Sigue soplando fuerte aunque te marees.", "breath-risk"),
    ],
)
def test_spanish_lines_from_the_fourteenth_to_sixteenth_sets_misses_are_caught(
    text: str, rule: str
) -> None:
    """Kinds of risk the development sets of session 26 showed no rule had: the body judged
    unfit, the narrator as the one who knows, breathing on through dizziness."""
    assert rule in {f.rule_id for f in lint_text(text, "es")}, text


@pytest.mark.parametrize(
    "text",
    [
        "Tu cuerpo sabe lo que le sirve hoy.",
        "Aquí quien sabe lo que necesita tu cuerpo eres tú.",
        "Si te mareas, vuelve a respirar con normalidad.",
    ],
)
def test_their_careful_counterparts_pass(text: str) -> None:
    assert lint_text(text, "es") == [], text


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("These stretches help with your arthritis.", "healing-claim"),
        ("Gentle rocking like this is great for osteoporosis.", "healing-claim"),
        ("Ten minutes a day prevents falls in the over-seventies.", "healing-claim"),
        ("Do this every day and you'll never fall over again.", "healing-claim"),
        ("It's the kind of practice that keeps you out of a nursing home.", "healing-claim"),
        ("Keep at it and you'll never need a stick.", "healing-claim"),
        ("It strengthens your bones as you go.", "healing-claim"),
        ("Moving like this wards off dementia.", "healing-claim"),
        ("Right, no being lazy this morning.", "body-judgement"),
        ("Let's loosen those creaky old knees.", "body-judgement"),
        ("At our age, the body has to be kept moving.", "body-judgement"),
        ("Well done, Arthur, aren't you a clever boy.", "talking-down"),
        # a falls class (a README-only physiotherapist, qa30): threats, promises, a support taken
        ("Skip these and you could end up in a care home.", "healing-claim"),
        ("Your posture will be as good as new by Easter.", "healing-claim"),
        ("Now try getting up without holding the rail.", "forcing"),
        ("You're very supple for your age.", "body-judgement"),
    ],
)
def test_an_older_adults_group_s_risky_lines_are_caught(text: str, rule: str) -> None:
    """A README-only OT's chair group for older adults (qa29): claims about arthritis, falls,
    bones, memory and staying out of care, chiding, and praise that talks down. The patterns
    are general; these lines are not the tester's."""
    assert rule in {f.rule_id for f in lint_text(text, "en")}, (text, lint_text(text, "en"))


@pytest.mark.parametrize(
    "text",
    [
        "If you have arthritis, move only as far as is comfortable today.",
        "Keep a hand on the chair back if that helps you feel steady.",
        "If you've had a fall, you may prefer to stay seated throughout.",
        "Some people say this keeps them young; notice what it's like for you.",
        "If you have a new hip, follow the advice your physio gave you.",
        "We are coming to the end now, and there is no hurry.",
        "If you feel steady, you might try standing without holding the chair, or keep a hand on it.",
        "Nobody here will end up in a home because of a missed class.",
    ],
)
def test_an_older_adults_group_s_careful_lines_pass(text: str) -> None:
    assert lint_text(text, "en") == [], (text, lint_text(text, "en"))


def test_a_risky_sentence_after_a_calm_one_is_flagged_in_a_short_text() -> None:
    """A short text is judged whole, and a calm first sentence hid a risky second one (qa29:
    flagged alone, passed after "Sit up nice and tall…"). Each sentence the model flags alone
    is flagged, unless a negation in it, or a quotation, report or correction, contests it."""
    from generator.lint.engine import rule_findings

    risky = "Everyone else in the class manages this easily."
    calm = "Sit up nice and tall with both feet flat on the floor."
    assert not rule_findings(risky, "en") and lint_text(risky, "en")  # the model's own catch
    found = lint_text(f"{calm} {risky}", "en")
    assert [f.phrase for f in found] == [risky], found
    quoted = f'{calm} People used to tell me "{risky}" I never say that now.'
    assert lint_text(quoted, "en") == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Good morning, everyone, it's Maya.", "en"),
        ("Welcome back, everybody!", "en"),
        ("Buenos días a todos, soy Lucía.", "es"),
    ],
)
def test_a_greeting_is_nothing_to_judge_even_with_deep(text: str, lang: str) -> None:
    """`--deep` read a tester's "Good morning, everyone, it's Maya." as an order, and offered
    "stay here a little longer" in its place."""
    assert lint_text(text, lang, True) == [], lint_text(text, lang, True)
    more = {
        "en": "Now hold your breath as long as you can.",
        "es": "Ahora aguanta el aire todo lo que puedas.",
    }
    assert lint_text(f"{text} {more[lang]}", lang)  # a greeting is no pass for what follows


@pytest.mark.parametrize(
    ("text", "lang", "rule", "level"),
    [
        # a hurt called to mind is an error, never hidden under the word model's warning
        ("Picture the person who hurt you.", "en", "memory-recall", "error"),
        ("Bring to mind the night someone frightened you.", "en", "memory-recall", "error"),
        ("Go back to the memory we worked on and let yourself feel it fully.", "en",
         "memory-recall", "error"),
        ("Now return to that old memory from our last session.", "en", "memory-recall", "error"),
        ("Keep going, even when your mind tells you to stop.", "en", "push-through-pain", "error"),
        ("Hold on, even if your knees are begging you to stop.", "en", "push-through-pain",
         "error"),
        ("Stay with the feeling, even if it gets intense.", "en", "push-through-pain", "error"),
        ("Stay in it even when it starts to feel overwhelming.", "en", "push-through-pain",
         "error"),
        ("Your hips are holding all your old pain, and today we're letting it go.", "en",
         "healing-claim", "error"),
        ("The hips have been hanging on to your grief for years.", "en", "healing-claim",
         "error"),
        ("Trust me, you are safe here with me.", "en", "forced-outcome", "warning"),
        ("Húndete más con cada exhalación.", "es", "command", "error"),
        ("Ándale, no te rajes, un poquito más.", "es", "push-through-pain", "error"),
        ("No se raje ahora, que ya casi acabamos.", "es", "push-through-pain", "error"),
        ("Quédate con la sensación aunque se vuelva intensa.", "es", "push-through-pain",
         "error"),
        ("Quédate en esa tensión aunque te duela.", "es", "push-through-pain", "error"),
    ],
)  # fmt: skip
def test_a_therapists_risky_lines_are_caught_at_their_level(
    text: str, lang: str, rule: str, level: str
) -> None:
    """A README-only trauma therapist's lines (qa31), and lines of the same kinds of my own."""
    found = {(f.rule_id, f.level) for f in lint_text(text, lang)}
    assert (rule, level) in found, (text, found)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("If tears come, that's okay, and so is no tears.", "en"),
        ("Tears or no tears, you are welcome here.", "en"),
        ("You don't need to go back to any memory; stay here, in the room.", "en"),
        ("If your mind tells you to stop, you can stop.", "en"),
        ("Some people say the hips are holding old pain; there's no evidence for that.", "en"),
        ("Trust yourself: you can stop at any time.", "en"),
        ("Si te apetece, húndete un poco más en el cojín.", "es"),
        ("Puedes quedarte con la sensación o soltarla, como prefieras.", "es"),
        ("Si algo se vuelve intenso, puedes salir de la postura.", "es"),
    ],
)
def test_a_therapists_careful_lines_pass(text: str, lang: str) -> None:
    assert lint_text(text, lang) == [], (text, lint_text(text, lang))
