#!/usr/bin/env bash
# Build the one-folder program (Linux): dist/BaKTI-Desktop/BaKTI-Desktop
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv-build
.venv-build/bin/pip install -q -r requirements-build.txt
.venv-build/bin/pyinstaller --noconfirm pyinstaller.spec
du -sh dist/BaKTI-Desktop
