"""``holdspace publish`` and ``holdspace serve``: from finished tracks to phones.

``library`` reads finished holdspace MP3s (tags and sidecars) in library order; ``feed`` writes the
podcast feed; ``page`` writes the offline web player; ``site`` assembles them into SITE atomically;
``server`` serves SITE read-only over HTTP with Range support; ``commands`` holds the click
commands and ``actions`` what they do.
It reads finished tracks (their tags with mutagen, and their sidecars), never the render stages:
publishing works on any folder of holdspace MP3s.
"""
