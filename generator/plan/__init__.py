"""Plan: the pure timeline. A ``Session`` and the length of each sentence become events at exact
sample positions: practice rules (poses, breathing, check-ins, chimes), built-in wording, fitting
to a length, and the views of a plan (text listing, SVG). No I/O."""
