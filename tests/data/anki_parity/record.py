"""Records how Anki's own backend (PyPI `anki`, the version bench/ uses) schedules sequences of answers,
into anki_parity.json next to this script, which tests/study/anki_parity.rs replays through kartka.

Only needed to (re)record; the Rust test reads the committed JSON and needs no Python:

    python3 -m venv /tmp/anki-venv && /tmp/anki-venv/bin/pip install anki==26.9.3
    /tmp/anki-venv/bin/python tests/data/anki_parity/record.py

It runs itself twice. With ANKI_TEST_MODE set, Anki's fuzz is off (rslib/src/scheduler/answering/mod.rs,
get_fuzz_seed_for_id_and_reps) and every step is deterministic: the sequences below. Without it, fuzz is on
and seeded by card id, which kartka cannot share; so that run records, for each case, every interval
FUZZ_CARDS cards in the same state get (the whole fuzz range, as kartka's own fuzz over as many items must
give it), and how far learning steps are moved.

Each sequence gets a fresh card in a collection with FSRS on, default FSRS parameters and kartka's
defaults (learning steps 1m 10m, relearning step 10m, maximum interval 36500 days, leech threshold 8),
unless the sequence says otherwise. Anki reads the clock, so "waiting" is done by moving the card's last
review time and due date back by the wait; the day rolls over 12 hours before the moment the script runs,
so that minutes moved never cross a day boundary and a wait of whole days is whole study days, as in
kartka's replay (which starts at 16:00 with the day rolling over at 4:00).
"""
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ANKI_VERSION = "26.9.3"

# (name, settings, steps). A step is a rating (1-4), optionally with "@wait": "3@5d" answers Good 5 days
# after the previous answer, "3@-2d" two days before the card is due, "3@+1d" a day after it is due;
# without a wait, the card is answered when it is due.
SEQUENCES = [
    ("again_easy_good_good", {}, "1 4 3 3"),
    ("easy_from_new", {}, "4 3 3 3"),
    ("easy_on_the_second_step", {}, "3 4 3 3"),
    ("hard_through_learning", {}, "2 2 3 3 3"),
    ("py_fsrs_reference", {}, "3 3 3 3 3 3 1 1 3 3 3 3 3"),
    ("goods_at_0.9", {}, "3 3 3 3 3 3 3 3 3 3"),
    ("goods_at_0.8", {"retention": 0.8}, "3 3 3 3 3 3 3 3 3 3"),
    ("easys_at_0.8", {"retention": 0.8}, "3 3 4 4 4 4 4 4"),
    ("mixed_at_0.8", {"retention": 0.8}, "3 3 3 2 3 4 2 3 3 4 3"),
    ("mixed_at_0.9", {}, "3 3 2 3 4 3 2 2 3 4 3 3"),
    ("lapses_and_relearning", {}, "3 3 3 3 1 3 3 3 1 2 3 3 1 1 3 4 3"),
    ("easy_in_relearning", {}, "3 3 3 3 1 4 3 3"),
    ("hard_in_relearning", {}, "3 3 3 1 2 2 3 3"),
    ("lapses_at_0.8", {"retention": 0.8}, "3 3 3 3 3 1 3 3 3 1 3 3 3"),
    ("late_and_early", {}, "3 3 3@+5d 3@-2d 2@+10d 3@1d 4 3@+30d"),
    ("single_long_step", {"learning": ["3d"], "relearning": ["2d"]}, "2 2 3 3 1 2 3 3"),
    ("single_long_step_easy", {"learning": ["3d"]}, "1 4 3"),
    ("single_short_step", {"learning": ["10m"], "relearning": ["5m"]}, "2 2 3 3 1 2 3 3"),
    ("three_steps", {"learning": ["1m", "10m", "1h"]}, "3 2 3 1 3 3 3 3"),
    ("maximum_interval", {"maximum": 30}, "3 3 3 3 4 4 3"),
]

DAY = 86400


def seconds(text):
    unit = {"s": 1, "m": 60, "h": 3600, "d": DAY}[text[-1]]
    return int(text[:-1]) * unit


def record(col, name, settings, steps):
    deck = col.decks.id(f"parity::{name}")
    conf_id = col.decks.add_config_returning_id(name)
    conf = col.decks.get_config(conf_id)
    conf["new"]["delays"] = [seconds(s) / 60 for s in settings.get("learning", ["1m", "10m"])]
    conf["lapse"]["delays"] = [seconds(s) / 60 for s in settings.get("relearning", ["10m"])]
    conf["rev"]["maxIvl"] = settings.get("maximum", 36500)
    conf["lapse"]["leechFails"] = 8
    conf["lapse"]["leechAction"] = 1  # tag only
    conf["desiredRetention"] = settings.get("retention", 0.9)
    conf["new"]["perDay"] = 9999
    conf["rev"]["perDay"] = 9999
    col.decks.save(conf)
    deck_dict = col.decks.get(deck)
    deck_dict["conf"] = conf_id
    col.decks.save(deck_dict)

    note = col.new_note(col.models.by_name("Basic"))
    note["Front"] = name
    note["Back"] = name
    col.add_note(note, deck)
    cid = note.card_ids()[0]

    out = []
    previous_wait = 0  # seconds until the card was due after the previous answer
    clock = 0  # kartka's clock: seconds since the first answer
    for i, token in enumerate(steps.split()):
        rating, _, wait = token.partition("@")
        card = col.get_card(cid)
        if i > 0:
            if not wait:
                shift = previous_wait
            elif wait[0] in "+-":
                shift = previous_wait + int(wait[0] + "1") * seconds(wait[1:])
            else:
                shift = seconds(wait)
            now = int(time.time())
            # Move the card's past back by `shift`: as if `shift` seconds had passed since the last answer.
            card.last_review_time = card.last_review_time - shift
            if card.queue == 1:
                card.due = now
            elif card.queue in (2, 3):
                card.due = col.sched.today
            col.update_card(card, skip_undo_entry=True)
            clock += shift
            card = col.get_card(cid)
        states = col._backend.get_scheduling_states(cid)
        # Without the Unicode isolation marks Fluent puts around numbers.
        labels = [l.replace("\u2068", "").replace("\u2069", "") for l in col.sched.describe_next_states(states)]
        card.start_timer()
        answer = col.sched.build_answer(card=card, states=states, rating=int(rating) - 1)
        col.sched.answer_card(answer)
        card = col.get_card(cid)
        ivl = col.db.scalar("select ivl from revlog where cid = ? order by id desc limit 1", cid)
        # The revlog keeps the interval given: negative seconds for a step, positive days otherwise.
        interval = -ivl if ivl < 0 else ivl * DAY
        previous_wait = interval
        out.append({
            "rating": int(rating),
            "at": clock,
            "labels": labels,
            "state": ["new", "learning", "review", "relearning"][card.type],
            "interval": interval,
            "stability": card.memory_state.stability,
            "difficulty": card.memory_state.difficulty,
            "lapses": card.lapses,
            "leech": "leech" in card.note().tags,
        })
    return out


# Review cards set to one state each: (desired retention, stability, difficulty, days since the last
# review, days of the last interval). Stabilities with unrounded intervals either side of .5 days.
FUZZ_CASES = [
    (0.9, 3.0, 5.0, 3, 3),
    (0.9, 5.5, 5.0, 5, 5),
    (0.9, 10.4, 5.0, 10, 10),
    (0.9, 12.6, 4.0, 12, 12),
    (0.9, 25.3, 6.0, 25, 25),
    (0.9, 47.8, 5.0, 46, 46),
    (0.9, 100.5, 3.0, 101, 100),
    (0.8, 33.3, 7.0, 40, 40),
    (0.9, 8.0, 9.0, 3, 20),
]
FUZZ_CARDS = 400


def collection(path, version):
    from anki.collection import Collection

    if version.replace(".0", ".") != ANKI_VERSION:
        sys.exit(f"anki {version} is installed; the recording is made with {ANKI_VERSION}")
    col = Collection(str(path))
    col.set_config("fsrs", True)
    col.set_config("loadBalancerEnabled", False)
    return col


def fuzz_deck(col, name, retention):
    deck = col.decks.id(f"fuzz::{name}")
    conf_id = col.decks.add_config_returning_id(f"fuzz {name}")
    conf = col.decks.get_config(conf_id)
    conf["new"]["delays"] = [1, 10]
    conf["lapse"]["delays"] = [10]
    conf["rev"]["maxIvl"] = 36500
    conf["desiredRetention"] = retention
    conf["new"]["perDay"] = 9999
    conf["rev"]["perDay"] = 9999
    col.decks.save(conf)
    deck_dict = col.decks.get(deck)
    deck_dict["conf"] = conf_id
    col.decks.save(deck_dict)
    return deck


def add_cards(col, deck, count):
    from anki.collection import AddNoteRequest

    model = col.models.by_name("Basic")
    requests = []
    for i in range(count):
        note = col.new_note(model)
        note["Front"] = f"{deck} {i}"
        requests.append(AddNoteRequest(note=note, deck_id=deck))
    col.add_notes(requests)
    return list(col.find_cards(f"did:{deck}"))


def record_fuzz(col):
    from anki.cards import FSRSMemoryState as FsrsMemoryState

    cases = []
    for i, (retention, stability, difficulty, elapsed, previous) in enumerate(FUZZ_CASES):
        deck = fuzz_deck(col, f"review{i}", retention)
        now = int(time.time())
        cards = []
        for cid in add_cards(col, deck, FUZZ_CARDS):
            card = col.get_card(cid)
            card.type = card.queue = 2
            card.ivl = previous
            card.due = col.sched.today
            card.reps = 5
            card.memory_state = FsrsMemoryState(stability=stability, difficulty=difficulty)
            card.last_review_time = now - elapsed * DAY
            cards.append(card)
        col.update_cards(cards, skip_undo_entry=True)
        seen = {"hard": set(), "good": set(), "easy": set()}
        for card in cards:
            states = col._backend.get_scheduling_states(card.id)
            for button in seen:
                seen[button].add(getattr(states, button).normal.review.scheduled_days)
        cases.append({
            "desired_retention": retention,
            "stability": stability,
            "difficulty": difficulty,
            "elapsed_days": elapsed,
            "previous_interval": previous,
            **{button: sorted(days) for button, days in seen.items()},
        })
    # Learning steps: a new card answered Again (1m) or Good (10m); a review card answered Again (10m).
    steps = []
    for rating, name in [(0, "again"), (2, "good")]:
        deck = fuzz_deck(col, f"step-{name}", 0.9)
        delays = set()
        for cid in add_cards(col, deck, FUZZ_CARDS):
            card = col.get_card(cid)
            states = col._backend.get_scheduling_states(cid)
            card.start_timer()
            answer = col.sched.build_answer(card=card, states=states, rating=rating)
            before = int(time.time())
            col.sched.answer_card(answer)
            after = int(time.time())
            # Anki adds the fuzzed step to its clock's whole second: kept only when that second is known.
            if before == after:
                delays.add(col.get_card(cid).due - before)
        steps.append({"rating": rating + 1, "step": 60 if rating == 0 else 600,
                      "least": min(delays), "most": max(delays), "distinct": len(delays)})
    return {"reviews": cases, "learning_steps": steps}


def main():
    here = Path(__file__)
    if len(sys.argv) == 1:
        import subprocess

        env = dict(os.environ)
        subprocess.run([sys.executable, here, "--fuzz-off"], env={**env, "ANKI_TEST_MODE": "1"}, check=True)
        env.pop("ANKI_TEST_MODE", None)
        subprocess.run([sys.executable, here, "--fuzz-on"], env=env, check=True)
        return
    from anki.buildinfo import version

    if sys.argv[1] == "--fuzz-on":
        assert "ANKI_TEST_MODE" not in os.environ
        with tempfile.TemporaryDirectory() as tmp:
            col = collection(Path(tmp) / "fuzz.anki2", version)
            data = {"anki": version, "made_by": "tests/data/anki_parity/record.py", "fuzz": True,
                    "cards_per_case": FUZZ_CARDS, **record_fuzz(col)}
            col.close(downgrade=False)
        path = here.with_name("anki_fuzz.json")
        path.write_text(json.dumps(data, indent=1) + "\n")
        print(f"{path}: {len(data['reviews'])} review states, {len(data['learning_steps'])} learning steps")
        return
    assert os.environ.get("ANKI_TEST_MODE")
    with tempfile.TemporaryDirectory() as tmp:
        col = collection(Path(tmp) / "parity.anki2", version)
        # The day rolls over 12 hours before now (local time): minutes of waiting never cross it.
        col.set_config("rollover", (time.localtime().tm_hour + 12) % 24)
        sequences = []
        for name, settings, steps in SEQUENCES:
            sequences.append({
                "name": name,
                "desired_retention": settings.get("retention", 0.9),
                "learning_steps": settings.get("learning", ["1m", "10m"]),
                "relearning_steps": settings.get("relearning", ["10m"]),
                "maximum_interval": settings.get("maximum", 36500),
                "steps": record(col, name, settings, steps),
            })
        col.close(downgrade=False)
    data = {
        "anki": version,
        "made_by": "tests/data/anki_parity/record.py",
        "fuzz": False,
        "sequences": sequences,
    }
    path = here.with_name("anki_parity.json")
    path.write_text(json.dumps(data, indent=1) + "\n")
    print(f"{path}: {len(sequences)} sequences, {sum(len(s['steps']) for s in sequences)} steps")


if __name__ == "__main__":
    main()
