//! Running counts of the review log, kept by SQLite as answers are saved, so that `kartka stats` over a
//! million answers reads a few thousand rows instead of a million.
//!
//! Study days depend on the learner's offset and rollover hour when the statistics are read, so answers
//! are counted per UTC quarter-hour: every offset in use and every rollover hour falls on a quarter-hour,
//! so each quarter lies within one study day, whatever the day turns out to be.
//!
//! True retention counts the first review of a review card each study day. Each answer is classified when
//! it is saved, from the card's earlier answers in time order:
//! - `mature`: the interval the card was on (the previous answer's) was 21 days or more;
//! - `sample`: 0 when the card was not in review, 1 when its previous review was 24 hours or more before
//!   (so on another study day, whatever the day), 2 when it was less: whether that was the same study
//!   day is decided when the statistics are read;
//! - `previous_review_at`: that previous review's time, for the samples marked 2.
//!
//! Triggers keep `review_quarters` in step with every insert, delete and reclassification of a log row.

/// Classifies the log rows selected by the filter (in the inner query), updating only those whose class
/// changes: every row of a card, since an answer saved out of time order (after the clock was set back)
/// changes the class of the answers after it.
macro_rules! classify {
    ($filter:literal) => {
        concat!(
            "UPDATE reviews SET mature = c.mature, sample = c.sample, previous_review_at = c.previous_review_at
FROM (
    SELECT id, mature, previous_review_at,
           CASE WHEN state_before != 2 THEN 0
                WHEN previous_review_at IS NULL OR reviewed_at - previous_review_at >= 86400000 THEN 1
                ELSE 2 END AS sample
    FROM (
        SELECT id, state_before, reviewed_at,
               COALESCE(LAG(interval_secs) OVER card, 0) >= 1814400 AS mature,
               MAX(CASE WHEN state_before = 2 THEN reviewed_at END)
                   OVER (card ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_review_at
        FROM reviews ",
            $filter,
            "
        WINDOW card AS (PARTITION BY deck, item ORDER BY reviewed_at, id)
    )
) AS c
WHERE reviews.id = c.id
  AND (reviews.mature IS NOT c.mature OR reviews.sample IS NOT c.sample
       OR reviews.previous_review_at IS NOT c.previous_review_at);"
        )
    };
}

/// Adds the log row `$row` (`new` or `old` in a trigger) to its quarter's counts.
macro_rules! count {
    ($row:literal) => {
        concat!(
            "INSERT INTO review_quarters VALUES (
    ", $row, ".deck, (", $row, ".reviewed_at - ((", $row, ".reviewed_at % 900000) + 900000) % 900000) / 900000,
    1, ", $row, ".duration_ms,
    ", $row, ".sample = 1 AND ", $row, ".mature = 0 AND ", $row, ".rating != 1, ", $row, ".sample = 1 AND ", $row, ".mature = 0,
    ", $row, ".sample = 1 AND ", $row, ".mature = 1 AND ", $row, ".rating != 1, ", $row, ".sample = 1 AND ", $row, ".mature = 1)
ON CONFLICT (deck, quarter) DO UPDATE SET
    answers = answers + 1, ms = ms + excluded.ms,
    young_passed = young_passed + excluded.young_passed, young_total = young_total + excluded.young_total,
    mature_passed = mature_passed + excluded.mature_passed, mature_total = mature_total + excluded.mature_total;
"
        )
    };
}

/// Takes the log row `$row` off its quarter's counts.
macro_rules! uncount {
    ($row:literal) => {
        concat!(
            "UPDATE review_quarters SET
    answers = answers - 1, ms = ms - ",
            $row,
            ".duration_ms,
    young_passed = young_passed - (",
            $row,
            ".sample = 1 AND ",
            $row,
            ".mature = 0 AND ",
            $row,
            ".rating != 1),
    young_total = young_total - (",
            $row,
            ".sample = 1 AND ",
            $row,
            ".mature = 0),
    mature_passed = mature_passed - (",
            $row,
            ".sample = 1 AND ",
            $row,
            ".mature = 1 AND ",
            $row,
            ".rating != 1),
    mature_total = mature_total - (",
            $row,
            ".sample = 1 AND ",
            $row,
            ".mature = 1)
WHERE deck = ",
            $row,
            ".deck
  AND quarter = (",
            $row,
            ".reviewed_at - ((",
            $row,
            ".reviewed_at % 900000) + 900000) % 900000) / 900000;
"
        )
    };
}

/// Reclassifies one card's answers (`?1` deck, `?2` item).
pub(super) const CLASSIFY_CARD: &str = classify!("WHERE deck = ?1 AND item = ?2");

/// Reclassifies one deck's answers (`?1`).
pub(super) const CLASSIFY_DECK: &str = classify!("WHERE deck = ?1");

/// Store version 5: the classes and the counts, filled in for the log as it is.
pub(super) const V5: &str = concat!(
    "
ALTER TABLE reviews ADD COLUMN mature INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reviews ADD COLUMN sample INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reviews ADD COLUMN previous_review_at INTEGER;
",
    classify!(""),
    "
CREATE TABLE review_quarters (
    deck          TEXT NOT NULL,
    quarter       INTEGER NOT NULL,     -- Unix milliseconds / 900,000, rounded down
    answers       INTEGER NOT NULL,
    ms            INTEGER NOT NULL,
    young_passed  INTEGER NOT NULL,
    young_total   INTEGER NOT NULL,
    mature_passed INTEGER NOT NULL,
    mature_total  INTEGER NOT NULL,
    PRIMARY KEY (deck, quarter)
) WITHOUT ROWID;

INSERT INTO review_quarters
SELECT deck, (reviewed_at - ((reviewed_at % 900000) + 900000) % 900000) / 900000,
       COUNT(*), SUM(duration_ms),
       SUM(sample = 1 AND mature = 0 AND rating != 1), SUM(sample = 1 AND mature = 0),
       SUM(sample = 1 AND mature = 1 AND rating != 1), SUM(sample = 1 AND mature = 1)
FROM reviews GROUP BY 1, 2;

CREATE INDEX reviews_near_samples ON reviews (deck) WHERE sample = 2;

CREATE TRIGGER reviews_counted AFTER INSERT ON reviews BEGIN
",
    count!("new"),
    "
END;

CREATE TRIGGER reviews_uncounted AFTER DELETE ON reviews BEGIN
",
    uncount!("old"),
    "
END;

CREATE TRIGGER reviews_recounted AFTER UPDATE ON reviews BEGIN
",
    uncount!("old"),
    count!("new"),
    "
END;
"
);

/// The class of an answer saved after every other answer to its card, worked out as `classify!` would.
pub(super) struct Class {
    pub mature: bool,
    pub sample: i64,
    pub previous_review_at: Option<i64>,
}

impl Class {
    /// The class of an answer to `item` at `at_ms`, or `None` if the card has an answer as late or later:
    /// then the whole card is classified again once it is saved (`CLASSIFY_CARD`).
    pub fn of(
        tx: &rusqlite::Transaction<'_>,
        deck: &str,
        item: &str,
        at_ms: i64,
        state_before: i64,
    ) -> rusqlite::Result<Option<Class>> {
        let (later, previous_interval, previous_review_at): (bool, Option<i64>, Option<i64>) = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM reviews WHERE deck = ?1 AND item = ?2 AND reviewed_at >= ?3),
                        (SELECT interval_secs FROM reviews WHERE deck = ?1 AND item = ?2
                         ORDER BY reviewed_at DESC, id DESC LIMIT 1),
                        (SELECT MAX(reviewed_at) FROM reviews
                         WHERE deck = ?1 AND item = ?2 AND state_before = 2)",
            )?
            .query_row(rusqlite::params![deck, item, at_ms], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
        if later {
            return Ok(None);
        }
        let sample = match previous_review_at {
            _ if state_before != 2 => 0,
            Some(previous) if at_ms - previous < 86_400_000 => 2,
            _ => 1,
        };
        Ok(Some(Class {
            mature: previous_interval.unwrap_or(0) >= 1_814_400,
            sample,
            previous_review_at,
        }))
    }
}

/// One quarter-hour's answers in one deck.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quarter {
    /// Unix milliseconds / 900,000.
    pub quarter: i64,
    pub answers: u64,
    pub ms: u64,
    /// True-retention samples that were surely the first of their study day, passed and in all: young,
    /// then mature.
    pub retention: [(u64, u64); 2],
}

/// A review answer less than 24 hours after the card's previous review: a true-retention sample if that
/// was on another study day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NearSample {
    pub at_ms: i64,
    pub previous_review_at_ms: i64,
    pub passed: bool,
    pub mature: bool,
}
