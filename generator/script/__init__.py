"""Script: a YAML file becomes a validated ``Session`` (parse with line numbers, check every
value against the format's limits, say what is wrong at its line). Nothing here speaks or plays."""
