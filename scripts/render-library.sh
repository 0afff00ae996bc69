#!/usr/bin/env bash
# Render the session library into audio_out/library/: every sessions/*.yaml, plus gentle-hips
# fitted to 10, 20 and 30 minutes. Then, if ../shared/tools/probe.py exists, measure each track
# independently and print one line per track: loudness, true peak, duration, chapters.
#   scripts/render-library.sh                      every session
#   scripts/render-library.sh chair-hips bedtime-hips   only these (names without .yaml)
# Exit status: 0 when every render succeeded, 1 when any failed (the others are still rendered).
set -uo pipefail
cd "$(dirname "$0")/.."

out=audio_out/library
probe=../shared/tools/probe.py
mkdir -p "$out"

if command -v holdspace >/dev/null 2>&1; then
  holdspace=(holdspace)
else
  holdspace=(python3 -m generator)
fi

if [ $# -gt 0 ]; then
  names=("$@")
else
  names=()
  for f in sessions/*.yaml; do names+=("$(basename "$f" .yaml)"); done
fi

# jobs: "NAME SCRIPT [LENGTH]"
jobs=()
for name in "${names[@]}"; do
  script="sessions/$name.yaml"
  if [ ! -f "$script" ]; then
    echo "render-library: no such session: $script" >&2
    jobs+=("$name $script MISSING")
    continue
  fi
  jobs+=("$name $script")
  if [ "$name" = gentle-hips ]; then
    for m in 10 20 30; do jobs+=("gentle-hips-${m}min $script ${m}m"); done
  fi
done

failed=()
rendered=()
for job in "${jobs[@]}"; do
  read -r name script length <<<"$job"
  if [ "${length:-}" = MISSING ]; then
    failed+=("$name")
    continue
  fi
  args=(render "$script" -q -o "$out/$name.mp3")
  [ -n "${length:-}" ] && args+=(--length "$length")
  echo "render-library: $name${length:+ ($length)}" >&2
  if "${holdspace[@]}" "${args[@]}"; then
    rendered+=("$name")
  else
    echo "render-library: FAILED: $name" >&2
    failed+=("$name")
  fi
done

echo
if [ -f "$probe" ]; then
  printf '%-22s %8s %9s %8s %9s\n' track LUFS "TP dBTP" length chapters
  for name in "${rendered[@]}"; do
    python3 "$probe" "$out/$name.mp3" | python3 -c '
import json, sys
name = sys.argv[1]
p = json.load(sys.stdin)
d, lufs, tp = p["duration_s"], p["lufs"], p["true_peak_dbtp"]
fmt = lambda v: "?" if v is None else "%.1f" % v
print("%-22s %8s %9s %5d:%02d %9d" % (name, fmt(lufs), fmt(tp), d // 60, d % 60, len(p["chapters"])))
' "$name" || { echo "render-library: probe failed: $name" >&2; failed+=("$name (probe)"); }
  done
else
  echo "render-library: $probe not found; not measuring" >&2
  for name in "${rendered[@]}"; do echo "wrote $out/$name.mp3"; done
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "render-library: ${#failed[@]} failed: ${failed[*]}" >&2
  exit 1
fi
echo "render-library: ${#rendered[@]} tracks in $out/" >&2
