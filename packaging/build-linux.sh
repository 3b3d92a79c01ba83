#!/usr/bin/env bash
# Build the self-contained Linux app: dist/shotkind/shotkind (one folder, copy it anywhere).
# usage: packaging/build-linux.sh [DIST_DIR [WORK_DIR]]     (defaults: dist, build)
# Needs PyInstaller in .venv: scripts/setup.sh --test installs the `package` extra.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${SHOTKIND_BUILD_PYTHON:-$ROOT/.venv/bin/python}"
DIST="$(realpath -m "${1:-$ROOT/dist}")"
WORK="$(realpath -m "${2:-$ROOT/build}")"
cd "$ROOT"
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" packaging/shotkind.spec
echo "built $DIST/shotkind/shotkind"
