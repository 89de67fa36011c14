"""Anki's backend on kartka's benchmark work, run in its own process so that the driver's memory figures
stay its children's own: `python3 bench/anki_bench.py DIR` prints JSON.

Adds 1k, 10k and 100k Basic notes (timed), then times answering 1,000 cards of the 100k collection."""
import json
import statistics
import sys
import time
from pathlib import Path


def anki_collection(path, cards):
    """An Anki collection of `cards` Basic notes in a deck "bench": returns the time to add them."""
    from anki.collection import AddNoteRequest, Collection

    col = Collection(str(path))
    model = col.models.by_name("Basic")
    deck = col.decks.id("bench")
    conf = col.decks.config_dict_for_deck_id(deck)
    conf["new"]["perDay"] = 9999
    conf["rev"]["perDay"] = 9999
    col.decks.save(conf)
    started = time.perf_counter()
    requests = []
    for i in range(cards):
        note = col.new_note(model)
        note["Front"] = f"What is the name of generated thing number {i}?"
        note["Back"] = f"Thing {i}"
        requests.append(AddNoteRequest(note=note, deck_id=deck))
    col.add_notes(requests)
    added = time.perf_counter() - started
    col.close(downgrade=False)
    return added


def anki_answers(path, answers=1000):
    """Anki's answer latency: build and commit `answers` answers, each timed (ms)."""
    from anki.collection import Collection
    from anki.scheduler.v3 import CardAnswer

    col = Collection(str(path))
    col.decks.select(col.decks.id("bench"))
    times = []
    for _ in range(answers):
        queued = col.sched.get_queued_cards(fetch_limit=1).cards[0]
        card = col.get_card(queued.card.id)
        card.start_timer()
        started = time.perf_counter()
        answer = col.sched.build_answer(card=card, states=queued.states, rating=CardAnswer.EASY)
        col.sched.answer_card(answer)
        times.append((time.perf_counter() - started) * 1000)
    col.close(downgrade=False)
    times.sort()
    return statistics.median(times), times[int(round((len(times) - 1) * 0.99))]



def main():
    work = Path(sys.argv[1])
    out = {}
    for size, cards in [("1k", 1_000), ("10k", 10_000), ("100k", 100_000)]:
        out[f"add-{size}"] = anki_collection(work / f"anki-{size}.anki2", cards) * 1000
    out["answer"] = anki_answers(work / "anki-100k.anki2")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
