#!/usr/bin/env bash
# Builds the plugin zip a site owner uploads (Plugins > Add New > Upload):
# native-smtp/ with the plugin's code, translations, assets and the shared
# data file (data/smtp-data.json), without tests or build files. Checks
# readme.txt against wordpress.org's readme rules first.
#   scripts/plugin-zip.sh [output.zip]     (default: build/native-smtp-<version>.zip)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
P="$ROOT/wordpress-plugin"
VERSION=$(sed -n 's/^ \* Version: *//p' "$P/native-smtp.php")
OUT="${1:-$ROOT/build/native-smtp-$VERSION.zip}"
mkdir -p "$(dirname "$OUT")"
"$ROOT/scripts/build-mo.sh"   # the .mo files the zip carries are up to date
/usr/bin/python3 - "$P" "$OUT" "$VERSION" <<'PY'
import pathlib, re, sys, zipfile

plugin, out, version = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
readme = (plugin / "readme.txt").read_text(encoding="utf-8")

# wordpress.org's readme rules (developer.wordpress.org/plugins/wordpress-org/how-your-readme-txt-works/).
header, _, rest = readme.partition("\n\n")
fields = dict(line.split(": ", 1) for line in header.splitlines()[1:])
short = rest.split("\n\n", 1)[0].strip()
problems = []
for field in ("Contributors", "Tags", "Requires at least", "Tested up to", "Requires PHP", "Stable tag", "License", "License URI"):
    if not fields.get(field):
        problems.append("no '%s:' line" % field)
if fields.get("Stable tag") != version:
    problems.append("Stable tag %s is not the plugin's Version %s" % (fields.get("Stable tag"), version))
if len(fields.get("Tags", "").split(",")) > 5:
    problems.append("more than 5 tags")
if short.startswith("==") or len(short) > 150:
    problems.append("the short description (the line after the header) must exist and have at most 150 characters, not %d" % len(short))
for section in ("Description", "Installation", "Frequently Asked Questions", "Changelog"):
    if "\n== %s ==\n" % section not in readme:
        problems.append("no '== %s ==' section" % section)
if "= %s =" % version not in readme.partition("== Changelog ==")[2]:
    problems.append("the changelog has no entry for %s" % version)
if problems:
    sys.exit("plugin-zip.sh: readme.txt: " + "; ".join(problems))

# What a site runs: no tests, no development files.
skip = re.compile(r"^(tests/|node_modules/|.*\.(pot?\.new|orig|rej|swp)$|.*~$|\.)")
files = sorted(p for p in plugin.rglob("*") if p.is_file() and not skip.match(p.relative_to(plugin).as_posix()))
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for f in files:
        z.write(f, "native-smtp/" + f.relative_to(plugin).as_posix())
names = zipfile.ZipFile(out).namelist()
for needed in ("native-smtp/native-smtp.php", "native-smtp/readme.txt", "native-smtp/data/smtp-data.json", "native-smtp/languages/native-smtp-ja.mo"):
    if needed not in names:
        sys.exit("plugin-zip.sh: %s missing from the zip" % needed)
print(out, "(%d files)" % len(names))
PY
