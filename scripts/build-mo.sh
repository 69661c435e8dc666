#!/usr/bin/env bash
# Translations of the plugin with Debian's gettext: refreshes the template
# (languages/native-smtp.pot) from the PHP sources, merges it into each .po,
# and compiles the .mo files WordPress loads. Fails on untranslated or fuzzy
# strings so no language ships half done.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
P="$ROOT/wordpress-plugin"
L="$P/languages"
cd "$P"
find . -name '*.php' -not -path './tests/*' | sort | xgettext --language=PHP --from-code=UTF-8 --files-from=- \
  --keyword=__ --keyword=_e --keyword=esc_html__ --keyword=esc_html_e --keyword=esc_attr__ --keyword=esc_attr_e \
  --keyword=_x:1,2c --keyword=_n:1,2 --add-comments=translators: --package-name=native-smtp --package-version=0.1.0 \
  --add-location=file --sort-by-file --no-wrap --output="$L/native-smtp.pot.code"
# The texts of the shared data file (provider help, error explanations and
# hints, the enhanced-code table's narrower hints), which the plugin
# translates at run time.
/usr/bin/python3 - "$P/data/smtp-data.json" > "$L/native-smtp.pot.data" <<'PY'
import json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
texts = []
for c in data["categories"].values():
    texts += [c["explanation"], c["hint"]]
texts += data["hints"].values()
for p in data["providers"]:
    texts += [p["name"], p["help"], p["usernameHint"], p.get("passwordSteps", "")]
quote = lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"'
print('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n')
for t in dict.fromkeys(t for t in texts if t and t != "apikey"):
    print("#: data/smtp-data.json\nmsgid %s\nmsgstr \"\"\n" % quote(t))
PY
msgcat --use-first --no-wrap --sort-by-file "$L/native-smtp.pot.code" "$L/native-smtp.pot.data" -o "$L/native-smtp.pot.new"
rm -f "$L/native-smtp.pot.code" "$L/native-smtp.pot.data"
# Keep the committed template unless its strings changed (xgettext stamps the
# date; references name files without line numbers, so moving code is no change).
if [ -f "$L/native-smtp.pot" ] && diff -q <(grep -v POT-Creation-Date "$L/native-smtp.pot") <(grep -v POT-Creation-Date "$L/native-smtp.pot.new") >/dev/null; then
  rm "$L/native-smtp.pot.new"
else
  mv "$L/native-smtp.pot.new" "$L/native-smtp.pot"
fi
status=0
for po in "$L"/native-smtp-*.po; do
  msgmerge --quiet --update --backup=none --no-wrap "$po" "$L/native-smtp.pot"
  mo="${po%.po}.mo"
  if ! stats=$(LC_ALL=C msgfmt --check --statistics -o "$mo.new" "$po" 2>&1); then
    echo "build-mo.sh: $(basename "$po"): $stats" >&2; rm -f "$mo.new"; status=1; continue
  fi
  case "$stats" in
    *untranslated*|*fuzzy*)
      echo "build-mo.sh: $(basename "$po"): $stats (list them: msgattrib --untranslated --only-fuzzy ...)" >&2
      msgattrib --no-wrap --untranslated "$po" | grep '^msgid ' | sed 's/^/  untranslated: /' >&2 || true
      msgattrib --no-wrap --only-fuzzy "$po" | grep '^msgid ' | sed 's/^/  fuzzy: /' >&2 || true
      rm -f "$mo.new"; status=1; continue ;;
  esac
  # Only a changed catalogue replaces the committed .mo.
  if cmp -s "$mo.new" "$mo"; then rm "$mo.new"; else mv "$mo.new" "$mo"; fi
done
exit $status
