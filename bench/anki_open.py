"""Opens an Anki collection and fetches the first card of its queue: Anki's equivalent of kartka's time to
the first question, timed as a whole process by bench/run.py."""
import sys

from anki.collection import Collection

col = Collection(sys.argv[1])
col.decks.select(col.decks.id("bench"))
queued = col.sched.get_queued_cards(fetch_limit=1)
assert queued.cards, "the queue is empty"
col.close(downgrade=False)
