#!/usr/bin/env bash
# Refresh resources/translations/bakti_id.ts from the source, then compile the .qm files.
# New strings appear as type="unfinished" (the tests fail until they are translated):
# translate them in the .ts (Qt Linguist, or a text editor), then run this again.
set -euo pipefail
cd "$(dirname "$0")/.."
QT=$(python -c "import PySide6, pathlib; print(pathlib.Path(PySide6.__path__[0]))")
"$QT/lupdate" -no-obsolete $(find ui -name "*.py" | sort) -ts resources/translations/bakti_id.ts -target-language id_ID
for ts in resources/translations/*.ts; do
  "$QT/lrelease" "$ts" -qm "${ts%.ts}.qm"
done
