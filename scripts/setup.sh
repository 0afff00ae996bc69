#!/usr/bin/env bash
# Set up holdspace on a Debian or Ubuntu machine. Safe to run again: it installs only what is missing.
#   scripts/setup.sh            espeak-ng, ffmpeg, holdspace with the Piper voice, lint --deep and
#                               the test tools
#   scripts/setup.sh --minimal  the same without Piper (speech through pyttsx3 / espeak-ng only)
#
# Python packages go into a virtual environment, never into the system's Python (Debian 12 and
# Ubuntu 24.04 refuse that: PEP 668): the active one if you are in a venv, else ./.venv, made with
# $PYTHON or the python3 on PATH (3.10 or newer; pyenv and other Pythons work too). Then a small
# `holdspace` launcher goes into a folder on PATH (~/.local/bin if it is on PATH, else
# /usr/local/bin), so `holdspace` works in this shell right away. HOLDSPACE_BIN_DIR picks the folder.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd -P)"

extras="test,piper,deep"
for arg in "$@"; do
  case "$arg" in
    --minimal) extras="test,deep" ;;
    *) echo "setup.sh: unknown option $arg (use --minimal or nothing)" >&2; exit 2 ;;
  esac
done

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
apt_install() {
  echo "setup: installing $* with apt-get" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# 1. Programs holdspace runs, and the font its covers use
missing=()
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
{ ldconfig -p 2>/dev/null | grep -q 'libespeak-ng.so.1'; } || missing+=(libespeak-ng1)
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] || missing+=(fonts-dejavu-core)
# the published web page is tested in a real browser: Debian's Chromium, never a downloaded one
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

# 2. A Python 3.10+ and a virtual environment for holdspace
if [ -n "${VIRTUAL_ENV:-}" ] && [ -x "$VIRTUAL_ENV/bin/python" ]; then
  venv="$VIRTUAL_ENV"  # the user's own venv: install there, its bin/ is already on PATH
else
  python="${PYTHON:-$(command -v python3 || true)}"
  if [ -z "$python" ]; then
    apt_install python3 python3-venv
    python="$(command -v python3)"
  fi
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
    echo "setup: holdspace needs Python 3.10 or newer; $python is $("$python" -V 2>&1). Install a newer one, then: PYTHON=/path/to/python3 scripts/setup.sh" >&2
    exit 1
  fi
  venv="$root/.venv"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    echo "setup: making a virtual environment in .venv with $python" >&2
    rm -rf "$venv"
    if ! "$python" -m venv "$venv" >/dev/null 2>&1; then
      # Debian and Ubuntu ship venv's pip bootstrap separately
      version="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
      apt_install "python${version}-venv" || apt_install python3-venv
      rm -rf "$venv"
      "$python" -m venv "$venv"
    fi
  fi
fi

echo "setup: installing holdspace and its Python packages ($extras) into $venv" >&2
"$venv/bin/python" -m pip install -q --disable-pip-version-check -e ".[$extras]"
if [ "$extras" = "test,deep" ] && "$venv/bin/python" -c "import piper" 2>/dev/null; then
  echo "setup: note: piper is installed in this environment, so engine auto still uses it" >&2
fi

# 3. `holdspace` on PATH, in this shell too
target="$venv/bin/holdspace"
found="$(command -v holdspace 2>/dev/null || true)"
if [ -n "$found" ] && [ "$(readlink -f "$found")" = "$(readlink -f "$target")" ]; then
  :  # the venv's own bin/ is on PATH (an active venv)
elif [ -n "$found" ] && ! grep -q "holdspace launcher" "$found" 2>/dev/null \
  && [ -z "${HOLDSPACE_BIN_DIR:-}" ]; then
  echo "setup: $found is another holdspace (not a launcher made by this script); left alone. This one: $target" >&2
else
  bin="${HOLDSPACE_BIN_DIR:-}"
  if [ -z "$bin" ]; then
    case ":$PATH:" in
      *":$HOME/.local/bin:"*) bin="$HOME/.local/bin" ;;
      *) bin="/usr/local/bin" ;;
    esac
  fi
  launcher="$(mktemp)"
  sed -e "s|@PROGRAM@|$target|" -e "s|@ROOT@|$root|" scripts/launcher.pl >"$launcher"
  chmod 755 "$launcher"
  if mkdir -p "$bin" 2>/dev/null && [ -w "$bin" ]; then
    mv "$launcher" "$bin/holdspace"
  elif [ -n "$sudo" ] && command -v sudo >/dev/null 2>&1; then
    $sudo mkdir -p "$bin" && $sudo install -m 755 "$launcher" "$bin/holdspace" && rm -f "$launcher"
  else
    rm -f "$launcher"
    echo "setup: cannot write to $bin; run holdspace as $target (or: $venv/bin/python -m generator)" >&2
    bin=""
  fi
  [ -z "$bin" ] || echo "setup: holdspace is $bin/holdspace (it runs $target)" >&2
fi
echo "setup: done" >&2
