//! Fitting FSRS parameters to a learner's own review log with the `fsrs` crate's optimizer, and measuring
//! whether the fit predicts their recall better than the defaults.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use fsrs::{
    CombinedProgressState, ComputeParametersInput, FSRS, FSRSItem, FSRSReview, compute_parameters,
};
use serde::Serialize;

use crate::Error;
use crate::schedule::study_day;
use crate::store::LoggedReview;

/// The optimizer fits all its parameters only from this many training items (fewer give the defaults, or
/// only the first four parameters): see `fsrs::compute_parameters`.
pub const MIN_TRAINING_ITEMS: usize = 64;

/// How well parameters predict the history: lower is better for both.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Evaluation {
    pub log_loss: f64,
    /// Root mean square error of predicted against actual recall, over bins, as a fraction.
    pub rmse: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fit {
    pub reviews: usize,
    pub training_items: usize,
    pub default: Evaluation,
    pub current: Option<Evaluation>,
    pub fitted: Evaluation,
    pub parameters: Vec<f32>,
}

impl Fit {
    /// The fitted parameters are worth saving: they predict better than the defaults and than those in use.
    pub fn is_better(&self) -> bool {
        self.fitted.log_loss < self.default.log_loss
            && self
                .current
                .is_none_or(|c| self.fitted.log_loss < c.log_loss)
    }
}

/// The review log as the optimizer reads it: for every review that came a day or more after the one
/// before, the card's history up to and including it.
pub fn items(reviews: &[LoggedReview], rollover_hour: u32) -> Vec<FSRSItem> {
    let mut by_card: BTreeMap<(&str, &str), Vec<&LoggedReview>> = BTreeMap::new();
    for r in reviews {
        by_card
            .entry((r.deck.as_str(), r.item.as_str()))
            .or_default()
            .push(r);
    }
    let mut items = Vec::new();
    for history in by_card.values() {
        let mut fsrs_reviews = Vec::with_capacity(history.len());
        let mut previous: Option<chrono::NaiveDate> = None;
        for r in history {
            let day = study_day(r.at, rollover_hour);
            let delta_t = previous.map_or(0, |p| (day - p).num_days().max(0) as u32);
            previous = Some(day);
            fsrs_reviews.push(FSRSReview {
                rating: r.rating as u32,
                delta_t,
            });
            if delta_t > 0 {
                items.push(FSRSItem {
                    reviews: fsrs_reviews.clone(),
                });
            }
        }
    }
    items
}

/// The items the optimizer trains on: those with two or more reviews a day or more apart.
pub fn training_items(items: &[FSRSItem]) -> usize {
    items
        .iter()
        .filter(|i| i.long_term_review_cnt() >= 2)
        .count()
}

fn evaluate(parameters: &[f32], items: &[FSRSItem]) -> Result<Evaluation, Error> {
    let fsrs = FSRS::new(parameters).map_err(|e| Error::Parameters(e.to_string()))?;
    let e = fsrs
        .evaluate(items.to_vec(), |_| true)
        .map_err(|e| Error::Parameters(e.to_string()))?;
    Ok(Evaluation {
        log_loss: f64::from(e.log_loss),
        rmse: f64::from(e.rmse_bins),
    })
}

/// Fits parameters to `items`, evaluating the defaults, the `current` parameters (if any) and the fit on
/// the same history. `progress` is updated as training goes, for a progress bar.
pub fn fit(
    items: Vec<FSRSItem>,
    reviews: usize,
    current: Option<&[f32]>,
    progress: Option<Arc<Mutex<CombinedProgressState>>>,
) -> Result<Fit, Error> {
    let training = training_items(&items);
    if training < MIN_TRAINING_ITEMS {
        return Err(Error::NotEnoughHistory {
            have: training,
            need: MIN_TRAINING_ITEMS,
        });
    }
    let parameters = compute_parameters(ComputeParametersInput {
        train_set: items.clone(),
        progress,
        enable_short_term: true,
        num_relearning_steps: Some(1),
        ..ComputeParametersInput::default()
    })
    .map_err(|e| Error::Parameters(e.to_string()))?;
    Ok(Fit {
        reviews,
        training_items: training,
        default: evaluate(&[], &items)?,
        current: current
            .filter(|p| !p.is_empty())
            .map(|p| evaluate(p, &items))
            .transpose()?,
        fitted: evaluate(&parameters, &items)?,
        parameters,
    })
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use fsrs::DEFAULT_PARAMETERS;

    use super::*;
    use crate::schedule::{Rating, State};
    use crate::simulate::simulated_history;

    #[test]
    fn too_little_history_says_how_much_more_is_needed() {
        let log = simulated_history("d", 5, 10, 1);
        let items = items(&log, 4);
        let err = fit(items.clone(), log.len(), None, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "not enough review history to fit FSRS parameters: {} of the {MIN_TRAINING_ITEMS} spaced reviews needed",
                training_items(&items)
            )
        );
    }

    #[test]
    fn history_becomes_items_ending_at_each_later_day_review() {
        let at = |d: &str| DateTime::parse_from_rfc3339(d).unwrap();
        let r = |when: &str, rating| LoggedReview {
            deck: "d".into(),
            item: "c".into(),
            at: at(when),
            rating,
            state_before: State::New,
            duration_ms: 0,
            interval_secs: 0,
        };
        let log = [
            r("2026-01-01T10:00:00+00:00", Rating::Good),
            r("2026-01-01T10:10:00+00:00", Rating::Good),
            r("2026-01-03T10:00:00+00:00", Rating::Again),
            r("2026-01-03T10:10:00+00:00", Rating::Good),
            r("2026-01-10T10:00:00+00:00", Rating::Good),
        ];
        let items = items(&log, 4);
        let shapes: Vec<Vec<(u32, u32)>> = items
            .iter()
            .map(|i| i.reviews.iter().map(|r| (r.rating, r.delta_t)).collect())
            .collect();
        assert_eq!(
            shapes,
            [
                vec![(3, 0), (3, 0), (1, 2)],
                vec![(3, 0), (3, 0), (1, 2), (3, 0), (3, 7)]
            ]
        );
        assert_eq!(training_items(&items), 1);
    }

    /// A few thousand reviews from a learner who remembers better than the defaults assume: the fit
    /// predicts their recall better.
    #[test]
    fn fitting_a_generated_history_improves_log_loss() {
        let log = simulated_history("d", 250, 120, 7);
        assert!(log.len() > 2500, "{} reviews", log.len());
        let items = items(&log, 4);
        let fit = fit(items, log.len(), None, None).unwrap();
        assert!(fit.fitted.log_loss < fit.default.log_loss, "{fit:?}");
        assert!(fit.is_better());
        assert_eq!(fit.parameters.len(), 21);
        // The fitted initial stability for Good is well above the default's, as the learner's is.
        assert!(
            fit.parameters[2] > DEFAULT_PARAMETERS[2],
            "{:?}",
            fit.parameters
        );
    }
}
