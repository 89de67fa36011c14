"""Anki's backend importing a package into a fresh collection, timed as a whole process by bench/run.py:

    python3 bench/anki_import.py PACKAGE WORKDIR [TIMES.json]

Creates WORKDIR/collection.anki2 (removed first), imports PACKAGE with `col.import_anki_package` (scheduling,
and so the review history, included), closes the collection; appends the seconds of the import call alone to
TIMES.json when given."""
import json
import shutil
import sys
import time
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

package, work = sys.argv[1], Path(sys.argv[2])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
col = Collection(str(work / "collection.anki2"))
started = time.perf_counter()
log = col.import_anki_package(ImportAnkiPackageRequest(
    package_path=package, options=ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True)))
took = time.perf_counter() - started
notes = len(log.log.new)
col.close(downgrade=False)
assert notes > 0, "nothing imported"
if len(sys.argv) > 3:
    times = Path(sys.argv[3])
    old = json.loads(times.read_text()) if times.exists() else []
    times.write_text(json.dumps(old + [{"seconds": took, "notes": notes}]))
