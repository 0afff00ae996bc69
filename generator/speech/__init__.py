"""Speech: text to verified, cached clips through pyttsx3, the espeak-ng command line or Piper, and
those clips made ready for the mix. ``select.load_voice`` picks and loads an engine."""
