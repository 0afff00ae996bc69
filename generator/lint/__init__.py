"""Lint: the care linter. Phrase rules (data in ``generator/data/lint_rules.yaml``), a small
trained model beside them, and the script-level timing rules, with allow comments."""
