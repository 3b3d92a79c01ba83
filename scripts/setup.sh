#!/usr/bin/env bash
# Shared setup for ./run and ./test: system packages, the .venv, and the project in it.
# Idempotent and quick when nothing changed: apt runs only for missing packages, pip only
# when pyproject.toml differs from the last successful install.
#
# usage: scripts/setup.sh [--test]     (--test adds what the test suite needs)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
STAMP="$VENV/.shotkind-installed"

# Qt 6 on X11 (libglib2.0-0: QtCore links GLib and a minimal Debian lacks it).
QT_PACKAGES=(libglib2.0-0 libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0
             libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0
             libegl1 libgl1 libfontconfig1 libdbus-1-3)
# libturbojpeg0: TurboJPEG's planes give analysis the working picture and the luma at twice
# its size in one decode (core/files/turbojpeg.py; without it analysis is about 5% slower)
RUNTIME_PACKAGES=(libturbojpeg0)
TEST_PACKAGES=(xvfb libimage-exiftool-perl fonts-dejavu-core icc-profiles-free libvips-tools
               chromium chromium-driver poppler-utils)   # poppler-utils: pdftotext and pdfimages read the client contact sheet back (tests/core/test_client_sheet.py); icc-profiles-free: an Adobe RGB (1998)-compatible profile for the export colour test; libvips-tools: vipsthumbnail, the baseline of benchmarks/thumbnail_speed.py; chromium + chromium-driver: the proof gallery's browser test (tests/test_gallery_in_browser.py)

say() { echo "setup: $*" >&2; }

find_python() {
    local candidate
    for candidate in ${SHOTKIND_PYTHON:-} python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
           "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return
        fi
    done
    say "needs Python 3.11 or newer (set SHOTKIND_PYTHON to choose one)"
    exit 1
}

missing_packages() {
    local package
    for package in "$@"; do
        dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null | grep -q '^ii' ||
            echo "$package"
    done
}

apt_install() {
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { say "not root and no sudo: install $* by hand"; exit 1; }
        sudo=(sudo -n)   # -n: fail instead of waiting for a password nobody will type
    fi
    say "installing system packages: $*"
    local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -q
               -o DPkg::Lock::Timeout=300)
    "${apt[@]}" update </dev/null >/dev/null || say "apt-get update failed; trying the install anyway"
    "${apt[@]}" install --no-install-recommends "$@" </dev/null >/dev/null
}

PYTHON="$(find_python)"
WANTED=("${QT_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}")
if [ "${1:-}" = "--test" ]; then WANTED+=("${TEST_PACKAGES[@]}"); fi
# Debian's python3 ships without ensurepip; python3-venv brings it.
if [ ! -x "$VENV/bin/python" ] && ! "$PYTHON" -c 'import ensurepip' 2>/dev/null; then
    WANTED+=(python3-venv)
fi

if command -v dpkg-query >/dev/null; then
    mapfile -t MISSING < <(missing_packages "${WANTED[@]}")
    [ "${#MISSING[@]}" -eq 0 ] || apt_install "${MISSING[@]}"
else
    say "not a Debian system: install the X11 libraries listed in README.md yourself"
fi

if ! "$VENV/bin/python" -c '' 2>/dev/null; then
    say "creating $VENV with $("$PYTHON" --version)"
    "$PYTHON" -m venv --clear "$VENV"
    rm -f "$STAMP"
fi

WANT_STAMP="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT_STAMP" ]; then
    say "installing shotkind-desktop and its test tools into .venv"
    # .[package] (PyInstaller): tests/test_packaging.py builds the app
    (cd "$ROOT" && "$VENV/bin/python" -m pip install --quiet --editable ".[test,package]" </dev/null)
    echo "$WANT_STAMP" >"$STAMP"
fi

# The editable install leaves the sources uncompiled, and where PYTHONDONTWRITEBYTECODE is
# set (as in many container images) Python never caches them: every start, and every
# analysis worker, compiled the package again (0.15 s of each). Only changed files are
# compiled, so this is quick when nothing changed.
"$VENV/bin/python" -m compileall -q "$ROOT/shotkind_desktop" >/dev/null
