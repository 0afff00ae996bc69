"""Render: the pipeline run end to end: prepare (voice, clips, plan), then mix, master and
encode in one streaming pass, and write every file atomically."""
