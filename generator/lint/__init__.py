"""Lint: the care linter. Phrase rules (data in ``generator/data/lint_rules.yaml``) and the
script-level timing rules, with allow comments."""
