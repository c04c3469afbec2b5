#!/usr/bin/env bash
# Sets up (scripts/setup.sh) and builds the bundled sample into out/: DOCX and PDF.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/reportgen check inputs/tanzhou-2024.yaml
.venv/bin/reportgen build inputs/tanzhou-2024.yaml -o out/
