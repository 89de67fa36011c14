//! Time, injected: the library never reads the system clock itself.

use chrono::{DateTime, FixedOffset, Local};

pub trait Clock {
    /// Now, in the learner's local time zone (which decides when a study day rolls over).
    fn now(&self) -> DateTime<FixedOffset>;
}

/// The real time.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<FixedOffset> {
        Local::now().fixed_offset()
    }
}

/// A time that stands still: `KARTKA_NOW`, for tests and demonstrations. Its offset is taken as the local
/// time zone.
pub struct FixedClock(pub DateTime<FixedOffset>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<FixedOffset> {
        self.0
    }
}
