#!/usr/bin/env python3
"""Inputs that expose work growing faster than the input (issue: `check` and `report` were quadratic).

    python3 bench/linear_inputs.py DIR [CARDS...]

Writes DIR/deck-warn-{N}.toml for each N in CARDS (default 200000): cards without `explain` nor `source`,
two warnings each, as imported decks carry them. And DIR/results-100k/one.json: one results file of 100,000
questions, just under kartka's 16 MiB limit for a results file.
"""
import json
import sys
from pathlib import Path


def warn_deck(cards):
    parts = [f'[deck]\nid = "warn-{cards}"\ntitle = "Imported deck of {cards} cards"\n']
    for i in range(cards):
        parts.append(
            f'\n[[cards]]\nid = "c{i}"\nkind = "text"\nprompt = "What is the name of imported thing number {i}?"\n'
            f'answer = "Thing {i}"\ntags = ["imported"]\n'
        )
    return "".join(parts)


def big_results(questions):
    qs = []
    for q in range(questions):
        correct = q % 3 != 0
        qs.append({
            "item": f"c{q}",
            "kind": "choice",
            "prompt": f"Q{q}?",
            "options": ["Al", "Bo", "Cy"],
            "tags": [f"t{q % 50}"],
            "answer": "b" if correct else "a",
            "expected": "Bo",
            "correct": correct,
            "score": 1.0 if correct else 0.0,
            "seconds": 12.0,
        })
    score = sum(q["score"] for q in qs)
    return {
        "format_version": 1,
        "kartka_version": "0.1.0",
        "deck": {"id": "big", "title": "One long quiz", "version": 1, "hash": "h"},
        "student": "Student 1",
        "started_at": "2026-11-22T09:00:00+03:00",
        "finished_at": "2026-11-22T11:00:00+03:00",
        "seed": "bench",
        "per_student": False,
        "shuffled": True,
        "time_limit": None,
        "ended": "completed",
        "questions": qs,
        "score": score,
        "max_score": float(len(qs)),
    }


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for cards in [int(n) for n in sys.argv[2:]] or [200_000]:
        (out / f"deck-warn-{cards}.toml").write_text(warn_deck(cards))
    (out / "results-100k").mkdir(exist_ok=True)
    text = json.dumps(big_results(100_000), separators=(",", ":"))
    assert len(text) < 16 * 1024 * 1024, len(text)
    (out / "results-100k" / "one.json").write_text(text)


if __name__ == "__main__":
    main()
