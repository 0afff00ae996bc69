"""Output: the files a render writes: MP3 encoding, tags and chapters, cover art, sidecars,
WAV stems, output paths and the one atomic writer."""
