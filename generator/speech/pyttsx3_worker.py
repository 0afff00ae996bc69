"""Speak one text with pyttsx3 in this (fresh) process and write it as a WAV file.

Run as ``python -m generator.speech.pyttsx3_worker --voice gmw/en-US --rate 140 --pitch 50
--out F`` with the text on stdin (voices by espeak file id: see ``espeak_engine.espeak_file_id``). pyttsx3 2.99 keeps per-process state (espeak initialised once, one cached
engine per driver) and mixed up clips when an engine was reused, so every clip gets a new process.

Why it talks to pyttsx3's espeak binding and waits: pyttsx3 2.99 starts espeak-ng in its
asynchronous mode (AUDIO_OUTPUT_RETRIEVAL), where Synth and SetParameter only queue commands for
espeak's own thread, and the endLoop that runAndWait() queues runs in the loop's first pump:

* runAndWait() returns about 10 ms after *starting* synthesis, so the WAV was written only if
  synthesis beat the process exit: long sentences were mostly lost (no file, an empty or
  half-written WAV). With a reused engine the next save_to_file() renamed the running clip: the
  "wrong content under wrong names" bug. Fix: wait for "finished-utterance", which pyttsx3 fires
  after it has closed the file.
* That endLoop calls stop(), and espeak_Cancel() when espeak's queue is still busy: it drops the
  queued rate/pitch commands and restores old parameters, so about 1 clip in 15 came out at the
  wrong rate (measured: 2.2 s instead of 3.2 s), which no duration check can reliably tell apart.
  Fix: set voice, rate and pitch straight through the binding and wait until espeak's queue is
  idle before queuing the text, so stop() finds nothing to cancel.

Exit status: 0 written; 3 pyttsx3 or libespeak-ng unusable, 4 voice rejected (retrying cannot
help either); 1 otherwise.
pyttsx3 prints "Audio saved to ..." to stdout: stdout is pointed at stderr before it is imported,
so nothing it prints can reach the parent's stdout (the parent captures both anyway).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time

EXIT_UNUSABLE = 3
EXIT_BAD_VOICE = 4


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="pyttsx3_worker")
    parser.add_argument("--probe", action="store_true", help="only check that pyttsx3 starts")
    parser.add_argument("--voice", default="en-us")
    parser.add_argument("--rate", type=int, default=140)
    parser.add_argument("--pitch", type=int, default=50)
    parser.add_argument("--out")
    parser.add_argument("--wait", type=float, default=60.0, help="seconds to wait for the clip")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    try:
        import pyttsx3

        engine = pyttsx3.init("espeak")
    except ImportError as exc:
        print(f"pyttsx3 is not installed ({exc}); pip install -e .", file=sys.stderr)
        return EXIT_UNUSABLE
    except Exception as exc:  # pyttsx3 raises RuntimeError/OSError when libespeak-ng is absent
        print(
            f"pyttsx3 could not start espeak-ng ({exc}); apt-get install espeak-ng libespeak-ng1",
            file=sys.stderr,
        )
        return EXIT_UNUSABLE
    if args.probe:
        return 0
    if not args.out:
        print("--out is required", file=sys.stderr)
        return 2
    text = sys.stdin.buffer.read().decode("utf-8")
    from pyttsx3.drivers import _espeak  # the ctypes binding pyttsx3's espeak driver uses

    if _espeak.SetVoiceByName(args.voice.encode("utf-8")) != 0:
        print(f"espeak_SetVoiceByName rejected voice {args.voice!r}", file=sys.stderr)
        return EXIT_BAD_VOICE
    for parameter, value in ((_espeak.RATE, args.rate), (_espeak.PITCH, args.pitch)):
        _espeak.SetParameter(parameter, value, 0)
    _espeak.SetParameter(_espeak.VOLUME, 100, 0)
    deadline = time.monotonic() + args.wait
    while _espeak.IsPlaying():  # espeak's queue still holds parameter commands
        if time.monotonic() > deadline:
            print("espeak-ng did not apply the voice settings", file=sys.stderr)
            return 1
        time.sleep(0.002)
    finished = threading.Event()
    engine.connect("finished-utterance", lambda **_: finished.set())
    engine.save_to_file(text, args.out)
    engine.runAndWait()  # returns before the clip is done (see above)
    if not finished.wait(max(0.0, deadline - time.monotonic())):
        print(f"pyttsx3 did not finish the clip within {args.wait:.0f} s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
