"""Lint: the care linter. Phrase rules (data in ``generator/data/lint_rules.yaml``), a small
trained word model beside them, an optional fine-tuned sentence encoder (``--deep``), and the
script-level timing rules, with allow comments."""
