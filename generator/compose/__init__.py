"""``holdspace compose``: a complete, editable session script from a few choices (length, place,
focus, what to avoid, language, seed). The sequencing rules are data (``generator/data/
compose.yaml`` and each pose's entry in ``poses.yaml``); docs/compose.md explains them."""
