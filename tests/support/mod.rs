//! Code shared by the integration tests that need more than the `kartka` binary.

pub mod anki;
pub mod answers;
pub mod bank;
pub mod checked;
pub mod proxy;
pub mod ralph;
