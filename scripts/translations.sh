#!/usr/bin/env bash
# Interface translations with Babel (docs/translating.md).
#   scripts/translations.sh extract   # refresh share/locale/classbridge.pot from the code
#   scripts/translations.sh update    # merge new message ids into every .po
#   scripts/translations.sh compile   # .po -> .mo (committed; tests check they match)
#   scripts/translations.sh new LL_CC # start a new language's .po
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL=".venv/bin/pybabel"
LOCALE="src/classbridge/share/locale"
case "${1:-}" in
  extract)
    "$PYBABEL" extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 -k gettext_in:2 \
      --no-location --sort-by-file --project=ClassBridge --copyright-holder="ClassBridge authors" \
      -o "$LOCALE/classbridge.pot" . ;;
  update)
    "$PYBABEL" update -i "$LOCALE/classbridge.pot" -d "$LOCALE" -D classbridge --no-fuzzy-matching ;;
  compile)
    "$PYBABEL" compile -d "$LOCALE" -D classbridge --statistics ;;
  new)
    "$PYBABEL" init -i "$LOCALE/classbridge.pot" -d "$LOCALE" -D classbridge -l "${2:?language, e.g. vi_VN}" ;;
  *)
    echo "usage: scripts/translations.sh extract|update|compile|new LL_CC" >&2; exit 2 ;;
esac
