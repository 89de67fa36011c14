//! The store's schema: the migrations that take a store of any earlier version to this one.

/// The schema this kartka writes: the number of migrations. Older stores are migrated; newer ones are
/// refused, never modified.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Migration `i` takes a store from version `i` to `i + 1` (`PRAGMA user_version`). Append, never edit.
pub(super) const MIGRATIONS: [&str; 12] = [
    V1,
    V2,
    V3,
    V4,
    super::counts::V5,
    V6,
    V7,
    V8,
    super::outbox::V9,
    V10,
    super::undo::V11,
    super::practice::V12,
];

/// Version 10: the questions a student flagged in an attempt, kept like its answers so that a resumed
/// attempt still shows them (a JSON array of positions; NULL when none were).
const V10: &str = "ALTER TABLE attempts ADD COLUMN flags TEXT;";

/// Version 2: cards can be suspended.
const V2: &str = "ALTER TABLE cards ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0;";

/// Version 3: what a deck did today (the daily limits) is found without reading all its history.
const V3: &str = "CREATE INDEX reviews_by_deck_time ON reviews (deck, reviewed_at);";

/// Version 4: a session reads only the items that are due, not every studied one. The index holds the
/// state too, so that counting what is due reads nothing else.
const V4: &str = "CREATE INDEX cards_by_due ON cards (deck, due, state, suspended);";

/// Version 6: quiz attempts, saved answer by answer, so that an attempt survives a crash and a results
/// folder that cannot be written.
const V6: &str = "
CREATE TABLE attempts (
    id          INTEGER PRIMARY KEY,
    deck        TEXT NOT NULL,
    student     TEXT NOT NULL,         -- as typed
    started_at  INTEGER NOT NULL,      -- Unix milliseconds
    finished_at INTEGER,               -- NULL while the attempt runs
    results     TEXT,                  -- the results file's JSON, once finished
    written_to  TEXT                   -- where that file was written; NULL until it was
);
CREATE TABLE attempt_answers (
    attempt  INTEGER NOT NULL REFERENCES attempts (id),
    position INTEGER NOT NULL,         -- the question's place in the quiz, from 0
    result   TEXT NOT NULL,            -- the question's result, as in the results file
    PRIMARY KEY (attempt, position)
) WITHOUT ROWID;
";

/// Version 7: an attempt at a quiz file names the quiz, so that its attempts can be counted against the
/// number it allows. NULL for ad-hoc quizzes, which allow any number.
const V7: &str = "
ALTER TABLE attempts ADD COLUMN quiz TEXT;
CREATE INDEX attempts_by_quiz ON attempts (quiz);
";

/// Version 8: what an attempt drew (its seed and settings, the deck's hash), so that an attempt cut short by
/// a crash or a closed terminal is resumed with the same questions. NULL for attempts begun before.
const V8: &str = "ALTER TABLE attempts ADD COLUMN draw TEXT;";

pub(super) const V1: &str = "
CREATE TABLE cards (
    deck        TEXT NOT NULL,
    item        TEXT NOT NULL,
    state       INTEGER NOT NULL,
    step        INTEGER NOT NULL,
    stability   REAL,
    difficulty  REAL,
    due         INTEGER NOT NULL,      -- Unix milliseconds
    last_review INTEGER,               -- Unix milliseconds
    reps        INTEGER NOT NULL,
    lapses      INTEGER NOT NULL,
    leech       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (deck, item)
) WITHOUT ROWID;

CREATE TABLE reviews (
    id            INTEGER PRIMARY KEY,
    deck          TEXT NOT NULL,
    item          TEXT NOT NULL,
    reviewed_at   INTEGER NOT NULL,    -- Unix milliseconds
    rating        INTEGER NOT NULL,    -- 1 again, 2 hard, 3 good, 4 easy
    state_before  INTEGER NOT NULL,    -- 0 new, 1 learning, 2 review, 3 relearning
    answer        TEXT,                -- what the learner typed; NULL for flash cards
    correct       INTEGER,             -- NULL for flash cards
    score         REAL,
    duration_ms   INTEGER NOT NULL,
    interval_secs INTEGER NOT NULL,    -- until the card is due again
    stability     REAL,
    difficulty    REAL
);
CREATE INDEX reviews_by_time ON reviews (reviewed_at);
CREATE INDEX reviews_by_item ON reviews (deck, item, reviewed_at);
";
