"""Where the mastering gain is decided: the one gain that brings the mix to its loudness target.

No pass over the audio: the mix's loudness is predicted from its parts' own measurements
(``generator.mix.mixer.Mixer.predicted_loudness``). A quiet mix (long holds, a sparse bed) needs
so much gain that the voice's peaks meet the limiter, which takes a little loudness back, so the
gain depends on itself: solve ``loudness_at(gain) + gain = target`` by the secant method.
"""

from __future__ import annotations

import math
from collections.abc import Callable

TARGET_LUFS = -16.0
TOLERANCE_LU = 0.02
MAX_STEPS = 8


def mastering_gain(
    loudness: float, limited_loudness: Callable[[float], float], target: float = TARGET_LUFS
) -> float:
    """The gain in dB. ``loudness`` is the mix's predicted loudness before mastering, and
    ``limited_loudness(gain_db)`` its loudness (still before the gain) once the limiter holds it
    under the ceiling that ``gain_db`` leaves it: the more gain, the lower that ceiling sits."""
    if not math.isfinite(loudness):
        return 0.0

    def error(gain_db: float) -> float:
        return limited_loudness(gain_db) + gain_db - target

    g0 = target - loudness
    f0 = error(g0)
    g1 = g0 - f0
    for _ in range(MAX_STEPS):
        if abs(f0) <= TOLERANCE_LU:
            break
        f1 = error(g1)
        slope = (f1 - f0) / (g1 - g0) if g1 != g0 else 1.0
        g0, f0 = g1, f1
        g1 = g1 - f1 / (slope if slope > 0.1 else 1.0)
    return g0
