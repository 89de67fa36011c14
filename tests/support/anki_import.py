"""Imports a file into a fresh Anki collection with Anki's own backend (PyPI `anki`), and prints what Anki
made of it as JSON: each note's type, fields, tags, deck, cards and GUID, in the order Anki added them.

Usage: anki_import.py apkg|text FILE [FILE...]. Each file is imported in turn into the same collection, so a
second import of the same deck shows whether Anki updated its notes or added new ones. With text-each, each
file goes into a fresh collection of its own, and a list of results is printed.
"""

import json
import os
import re
import sqlite3
import sys
import tempfile
import zipfile

import anki.lang
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportCsvRequest
from anki.utils import field_checksum, strip_html_media


def import_file(col, kind, path):
    if kind == "apkg":
        request = ImportAnkiPackageRequest(
            package_path=path,
            options=ImportAnkiPackageOptions(with_scheduling=False, with_deck_configs=False),
        )
        log = col.import_anki_package(request).log
    else:
        # What Anki's import dialog does: the file's own headers decide, nothing is chosen for it.
        metadata = col.get_csv_metadata(path=path, delimiter=None)
        log = col.import_csv(ImportCsvRequest(path=path, metadata=metadata)).log
    return {
        "new": len(log.new),
        "updated": len(log.updated),
        "duplicate": len(log.duplicate),
        "conflicting": len(log.conflicting),
        "first_field_match": len(log.first_field_match),
        "missing_notetype": len(log.missing_notetype),
        "missing_deck": len(log.missing_deck),
        "empty_first_field": len(log.empty_first_field),
    }


def check_database(package):
    """The package's collection as it is, before any import mends it: the notes whose sort field or
    checksum differ from Anki's own, and what Anki's Check Database reports (each problem it mends, a
    missing card or a bad note type, is a line of its report)."""
    folder = tempfile.mkdtemp()
    with zipfile.ZipFile(package) as z:
        z.extract("collection.anki2", folder)
    path = os.path.join(folder, "collection.anki2")
    db = sqlite3.connect(path)
    wrong = []
    for guid, fields, sort_field, checksum in db.execute("select guid, flds, sfld, csum from notes"):
        first = fields.split("\x1f")[0]
        if str(sort_field) != strip_html_media(first) or checksum != field_checksum(first):
            wrong.append(guid)
    db.close()
    col = Collection(path)
    report, ok = col.fix_integrity()
    col.close()
    return {"report": report, "ok": ok, "wrong_sort_field_or_checksum": wrong}


def collection_after(kind, paths):
    folder = tempfile.mkdtemp()
    col = Collection(os.path.join(folder, "collection.anki2"))
    logs = [import_file(col, kind, p) for p in paths]
    notes = []
    for nid in col.db.list("select id from notes order by id"):
        note = col.get_note(nid)
        notetype = note.note_type()
        cards = note.cards()
        notes.append(
            {
                "guid": note.guid,
                "notetype": notetype["name"],
                "stock_kind": notetype.get("originalStockKind", 0),
                "fields": dict(zip([f["name"] for f in notetype["flds"]], note.fields)),
                "tags": note.tags,
                "decks": sorted({col.decks.name(c.did) for c in cards}),
                "cards": len(cards),
                # As Anki shows each card's question, without the note type's styling.
                "questions": [
                    re.sub(r"(?s)<style>.*?</style>", "", c.question())
                    for c in sorted(cards, key=lambda c: c.ord)
                ],
            }
        )
    col.close()
    result = {"logs": logs, "notes": notes}
    if kind == "apkg":
        result["check_database"] = [check_database(p) for p in paths]
    return result


def main():
    # Anki's HTML stripping, which its checksums use, is reached through its translations.
    anki.lang.set_lang("en")
    kind, paths = sys.argv[1], sys.argv[2:]
    if kind == "text-each":
        result = [collection_after("text", [p]) for p in paths]
    else:
        result = collection_after(kind, paths)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)


main()
