"""Numbers and durations as a voice says them, in English and Spanish: "four", "five and a
half", "twenty minutes", "una hora y media"."""

from __future__ import annotations

from generator.care.data import normalize_lang

_EN_ONES = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_EN_TENS = ("_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ES_ONES = (
    "cero",
    "uno",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
    "once",
    "doce",
    "trece",
    "catorce",
    "quince",
    "dieciséis",
    "diecisiete",
    "dieciocho",
    "diecinueve",
    "veinte",
    "veintiuno",
    "veintidós",
    "veintitrés",
    "veinticuatro",
    "veinticinco",
    "veintiséis",
    "veintisiete",
    "veintiocho",
    "veintinueve",
)
_ES_TENS = (
    "_",
    "_",
    "_",
    "treinta",
    "cuarenta",
    "cincuenta",
    "sesenta",
    "setenta",
    "ochenta",
    "noventa",
)


def _int_words(lang: str, n: int, feminine: bool, before_noun: bool) -> str:
    if n >= 100 or n < 0:
        return str(n)
    if lang == "en":
        if n < 20:
            return _EN_ONES[n]
        tens, ones = divmod(n, 10)
        return _EN_TENS[tens] + (f"-{_EN_ONES[ones]}" if ones else "")
    if n < 30:
        word = _ES_ONES[n]
    else:
        tens, ones = divmod(n, 10)
        word = _ES_TENS[tens] + (f" y {_ES_ONES[ones]}" if ones else "")
    if word.endswith("uno"):
        if feminine:
            word = word[:-3] + "una"
        elif before_noun:
            word = word[:-3] + ("ún" if word != "uno" and not word.endswith(" uno") else "un")
    return word


def number_words(lang: str, value: float, feminine: bool = False) -> str:
    """A count spoken as words, to the nearest half: 4 -> "four", 5.5 -> "five and a half"."""
    lang = normalize_lang(lang)
    halves = round(value * 2)
    whole, half = divmod(halves, 2)
    word = _int_words(lang, whole, feminine, before_noun=False)
    if not half:
        return word
    if whole == 0:
        return "half" if lang == "en" else ("media" if feminine else "medio")
    return f"{word} and a half" if lang == "en" else f"{word} y {'media' if feminine else 'medio'}"


def round_minutes(seconds: float) -> int:
    """Minutes rounded to what a person would say: 7, 13, 20, 25, 75 (quarter hours past an hour)."""
    minutes = seconds / 60.0
    if minutes < 1.5:
        return 1
    if minutes < 20:
        return round(minutes)
    if minutes < 57.5:
        return 5 * round(minutes / 5)
    return 15 * round(minutes / 15)


def duration_words(lang: str, seconds: float, nearest_minute: bool = False) -> str:
    """A duration as a natural spoken phrase: "twenty minutes", "an hour and a half".

    ``nearest_minute`` says lengths under an hour to the minute ("thirty-eight minutes"), not
    rounded to five as people round them."""
    lang = normalize_lang(lang)
    minutes = round_minutes(seconds)
    if nearest_minute and seconds < 3570:
        minutes = max(1, round(seconds / 60))
    if minutes < 60:
        if lang == "en":
            return (
                "a minute" if minutes == 1 else f"{_int_words('en', minutes, False, True)} minutes"
            )
        word = _int_words("es", minutes, False, before_noun=True)
        return f"{word} minuto" if minutes == 1 else f"{word} minutos"
    hours, rest = divmod(minutes, 60)
    if lang == "en":
        base = "an hour" if hours == 1 else f"{_int_words('en', hours, False, True)} hours"
        if rest == 30:
            return "an hour and a half" if hours == 1 else f"{base[:-6]} and a half hours"
        return base if rest == 0 else f"{base} and {_int_words('en', rest, False, True)} minutes"
    base = "una hora" if hours == 1 else f"{_int_words('es', hours, True, True)} horas"
    extra = {0: "", 15: " y cuarto", 30: " y media", 45: " y cuarenta y cinco minutos"}[rest]
    return base + extra
