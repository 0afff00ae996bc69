#!/usr/bin/env bash
# Set up holdspace on a Debian or Ubuntu machine. Safe to run again: it installs only what is missing.
#   scripts/setup.sh            espeak-ng, ffmpeg, holdspace with the Piper voice and the test tools
#   scripts/setup.sh --minimal  the same without Piper (speech through pyttsx3 / espeak-ng only)
set -euo pipefail
cd "$(dirname "$0")/.."

extras="test,piper"
for arg in "$@"; do
  case "$arg" in
    --minimal) extras="test" ;;
    *) echo "setup.sh: unknown option $arg (use --minimal or nothing)" >&2; exit 2 ;;
  esac
done

missing=()
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
{ ldconfig -p 2>/dev/null | grep -q 'libespeak-ng.so.1'; } || missing+=(libespeak-ng1)
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]} with apt-get" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "setup: installing holdspace and Python packages ($extras)" >&2
python3 -m pip install -q --disable-pip-version-check -e ".[$extras]"
if [ "$extras" = "test" ] && python3 -c "import piper" 2>/dev/null; then
  echo "setup: note: piper is installed in this Python, so engine auto still uses it" >&2
fi
command -v pyenv >/dev/null 2>&1 && pyenv rehash 2>/dev/null || true
if ! command -v holdspace >/dev/null 2>&1; then
  echo "setup: 'holdspace' is not on PATH; add $(python3 -c 'import sysconfig;print(sysconfig.get_path("scripts"))') to PATH, or use: python3 -m generator" >&2
fi
echo "setup: done" >&2
