#!/usr/bin/env bash
# Byte-identity check for refactors: builds every input with every template, imports the test texts,
# prints the SHA-256 of each output. Usage: scripts/identity.sh OUTDIR > hashes.txt; diff two runs.
set -u
out=$(realpath -m "$1"); rm -rf "$out"; mkdir -p "$out"
cd "$(dirname "$0")/.."; root=$PWD
for t in gbt9704 lead-bold centred-page-numbers; do
  "$root"/.venv/bin/reportgen -q build inputs/ -o "$out/$t" --template $t -j 2 >/dev/null 2>&1
  "$root"/.venv/bin/reportgen -q import tests/data/seed/000_5dbfb90da61d6c0c.txt -o "$out/seed.yaml" >/dev/null 2>&1
  "$root"/.venv/bin/reportgen -q build "$out/seed.yaml" -o "$out/$t-seed" --template $t >/dev/null 2>&1
done
for f in tests/data/import/*.txt; do "$root"/.venv/bin/reportgen -q import "$f" -o "$out/imp-$(basename $f .txt).yaml" >/dev/null 2>&1; done
cd "$out"; find . -type f \( -name '*.docx' -o -name '*.pdf' -o -name 'imp-*.yaml' -o -name 'seed.yaml' \) | sort | xargs sha256sum
