"""Makes the packages the import benchmarks read, with Anki's own backend (PyPI `anki`):

    python3 bench/import_packages.py DIR [NOTES]

One collection of NOTES notes (20,000 unless given): half "Basic (and reversed card)", half Cloze with two
deletions, HTML in their fields, two or three tags each, in three subdecks of "Bench". It is exported, before
any card is studied (as a shared deck is), as DIR/current.apkg (collection.anki21b, zstd) and DIR/legacy.apkg
(collection.anki21, "Support older Anki versions"). Every card is then given five answers over simulated
days, and the whole collection exported as DIR/history.colpkg (current format).

The answers are not given through the scheduler (200,000 answers through `answer_card`, each with its card's
past moved back a day at a time as tests/fixtures/anki/make_history.py does, would take minutes): the review
log rows, and each card's state after them, are written with SQL through the backend's own database
(`col.db`), as Anki's SM-2 would have left them: two learning steps, then reviews at 1, 3 and 8 days (every
fifth card lapses on its fifth answer and is left relearning). Writes DIR/packages.json: what was made and how long.
"""
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from anki.collection import AddNoteRequest, Collection, DeckIdLimit, ExportAnkiPackageOptions

DAY = 86400


def build(col, notes):
    decks = [col.decks.id(f"Bench::Part {k}") for k in (1, 2, 3)]
    basic, cloze = col.models.by_name("Basic (and reversed card)"), col.models.by_name("Cloze")
    requests = []
    for i in range(notes):
        if i % 2 == 0:
            note = col.new_note(basic)
            note["Front"] = f"<b>Term {i}</b> in <i>context {i % 97}</i>"
            note["Back"] = f"<div>Definition of term {i}:<br>a <span style=\"color: #c00\">thing</span> &amp; more</div>"
        else:
            note = col.new_note(cloze)
            note["Text"] = (f"<p>Fact {i}: the <b>{{{{c1::capital}}}}</b> of region {i % 113} is "
                            f"{{{{c2::city {i}}}}}, since <i>{1900 + i % 120}</i>.</p>")
        note.tags = [f"topic{i % 50}", "bench", *(["hard"] if i % 3 == 0 else [])]
        requests.append(AddNoteRequest(note=note, deck_id=decks[i % 3]))
    col.add_notes(requests)


def history(col):
    """Five answers a card, written as SM-2 leaves them; returns the number of log rows."""
    cards = col.db.list("select id from cards order by id")
    now = int(time.time())
    today = col.sched.today
    rows, updates = [], []
    for k, cid in enumerate(cards):
        start = now - (40 + k % 20) * DAY  # first answer 40 to 59 days ago
        lapse = k % 5 == 0
        # (days after start, ease, ivl, last ivl, factor, type)
        plan = [(0, 3, -600, -60, 0, 0), (0, 3, 1, -600, 2500, 0), (1, 3, 3, 1, 2500, 1), (4, 3, 8, 3, 2500, 1)]
        plan.append((12, 1, -600, 8, 2300, 1) if lapse else (12, 3, 20, 8, 2500, 1))
        for n, (days, ease, ivl, last, factor, kind) in enumerate(plan):
            t = start + days * DAY + n * 60
            rows.append((t * 1000 + k % 1000, cid, ease, ivl, last, factor, 4000 + n * 500, kind))
        last_t = start + 12 * DAY + 4 * 60
        if lapse:  # relearning, due ten minutes after the lapse, long past
            updates.append((3, 1, last_t + 600, 1, 5, 1, 2300, 1, last_t, cid))
        else:
            due = today + ((last_t - now) // DAY) + 20
            updates.append((2, 2, due, 20, 5, 0, 2500, 0, last_t, cid))
    # Unique ids: a card's answers are minutes apart and cards' first days differ, so clashes are moved on.
    seen = set()
    fixed = []
    for row in rows:
        rid = row[0]
        while rid in seen:
            rid += 1
        seen.add(rid)
        fixed.append((rid, *row[1:]))
    col.db.executemany(
        "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) values (?, ?, -1, ?, ?, ?, ?, ?, ?)",
        fixed)
    col.db.executemany(
        "update cards set type = ?, queue = ?, due = ?, ivl = ?, reps = ?, lapses = ?, factor = ?, left = ?, "
        "mod = ?, usn = -1 where id = ?", updates)
    return len(fixed)


def main():
    out = Path(sys.argv[1])
    notes = int(sys.argv[2]) if len(sys.argv) > 2 else 20_000
    out.mkdir(parents=True, exist_ok=True)
    work = tempfile.mkdtemp()
    took = {}
    started = time.perf_counter()
    col = Collection(os.path.join(work, "collection.anki2"))
    build(col, notes)
    took["add notes"] = time.perf_counter() - started
    bench = col.decks.id("Bench")
    for name, legacy in [("current.apkg", False), ("legacy.apkg", True)]:
        t = time.perf_counter()
        col.export_anki_package(
            out_path=str(out / name),
            options=ExportAnkiPackageOptions(with_scheduling=False, with_deck_configs=False, with_media=False,
                                             legacy=legacy),
            limit=DeckIdLimit(bench))
        took[f"export {name}"] = time.perf_counter() - t
    t = time.perf_counter()
    answers = history(col)
    took["history"] = time.perf_counter() - t
    cards = col.card_count()
    t = time.perf_counter()
    col.export_collection_package(str(out / "history.colpkg"), include_media=False, legacy=False)
    took["export history.colpkg"] = time.perf_counter() - t
    if col.db:
        col.close()
    shutil.rmtree(work)
    data = {"notes": notes, "cards": cards, "answers": answers,
            "bytes": {p.name: p.stat().st_size for p in sorted(out.glob("*pkg"))},
            "seconds": {k: round(v, 2) for k, v in took.items()}}
    (out / "packages.json").write_text(json.dumps(data, indent=1) + "\n")
    print(json.dumps(data))


if __name__ == "__main__":
    main()
