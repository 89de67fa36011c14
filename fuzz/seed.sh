#!/usr/bin/env bash
# Seeds each target's corpus with real inputs, so that fuzzing starts from valid files.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/deck_parse corpus/gift_import corpus/csv_import corpus/anki_import corpus/results_read corpus/grade
cp ../decks/*.toml corpus/deck_parse/
cp ../tests/fixtures/*.gift corpus/gift_import/
cp ../tests/fixtures/*.csv ../tests/fixtures/*.tsv corpus/csv_import/
cp ../tests/fixtures/anki/*.apkg corpus/anki_import/
printf '2005' > corpus/grade/year
printf '$1.8bn' > corpus/grade/money
