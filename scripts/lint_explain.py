#!/usr/bin/env python3
"""Show what the care linter finds in one line of text: each finding's rule, level and words.

.venv/bin/python scripts/lint_explain.py en "Close your eyes and keep them closed."
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.lint.rules import lint_text  # noqa: E402


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    lang = sys.argv[1]
    for text in sys.argv[2:]:
        print(text)
        found = lint_text(text, lang)
        for f in found:
            print(f'  {f.level} {f.rule_id}: "{f.phrase}" [{f.start}:{f.end}]')
        if not found:
            print("  (nothing)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
