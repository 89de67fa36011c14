//! `kartka optimize`: FSRS parameters fitted to the learner's own history.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fsrs::CombinedProgressState;
use indicatif::{ProgressBar, ProgressStyle};

use super::plan::{open_store, select_decks};
use super::{EXIT_OK, Env, plural};
use crate::Error;
use crate::clock::Clock;
use crate::config::{self, Config};
use crate::optimize::{self, Evaluation, Fit};
use crate::sanitize;
use crate::style;

/// Runs the fit with a progress bar on a terminal.
fn fit_with_progress(
    items: Vec<fsrs::FSRSItem>,
    reviews: usize,
    current: Option<&[f32]>,
) -> Result<Fit, Error> {
    if !std::io::stderr().is_terminal() {
        return optimize::fit(items, reviews, current, None);
    }
    let progress = CombinedProgressState::new_shared();
    let done = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (progress, done) = (Arc::clone(&progress), Arc::clone(&done));
        std::thread::spawn(move || {
            let bar = ProgressBar::new(1).with_style(
                ProgressStyle::with_template("  fitting {bar:40} {percent:>3}%  {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            while !done.load(Ordering::Relaxed) {
                if let Ok(p) = progress.lock() {
                    bar.set_length(p.total().max(1) as u64);
                    bar.set_position(p.current() as u64);
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            bar.finish_and_clear();
        })
    };
    let result = optimize::fit(items, reviews, current, Some(progress as Arc<Mutex<_>>));
    done.store(true, Ordering::Relaxed);
    let _ = watcher.join();
    result
}

fn row(label: &str, e: &Evaluation) -> String {
    format!(
        "  {label:<20} {:>8.4}  {:>6.2}%\n",
        e.log_loss,
        e.rmse * 100.0
    )
}

pub fn run(
    out: &mut impl Write,
    env: &Env,
    decks: &[String],
    clock: &dyn Clock,
) -> Result<u8, Error> {
    let home = env.home.clone().ok_or(Error::NoHome)?;
    let store = open_store(env)?;
    let config = Config::load(Some(&home))?;
    let offset = *clock.now().offset();
    // No deck named: one fit over all history, saved globally. Decks named: a fit for each.
    let targets: Vec<Option<String>> = if decks.is_empty() {
        vec![None]
    } else {
        select_decks(env, decks)?
            .into_iter()
            .map(|e| Some(e.id().to_string()))
            .collect()
    };
    for target in targets {
        let scope: Vec<String> = target.iter().cloned().collect();
        let effective = config.effective(target.as_deref());
        let reviews = store.reviews(&scope, offset)?;
        let items = optimize::items(&reviews, effective.settings.rollover_hour);
        let place = match &target {
            Some(id) => format!("deck `{id}`"),
            None => "all decks".to_string(),
        };
        // Say nothing of fitting when there is too little to fit: the error alone tells what is missing.
        let training = optimize::training_items(&items);
        if training < optimize::MIN_TRAINING_ITEMS {
            return Err(Error::NotEnoughHistory {
                have: training,
                need: optimize::MIN_TRAINING_ITEMS,
            });
        }
        writeln!(
            out,
            "Fitting FSRS parameters for {place} to {} ({} spaced)…",
            plural(reviews.len(), "review"),
            training
        )
        .map_err(Error::Output)?;
        let current = (!effective.settings.parameters.is_empty())
            .then_some(effective.settings.parameters.as_slice());
        let fit = fit_with_progress(items, reviews.len(), current)?;
        let mut s = format!("  {:<20} {:>8}  {:>7}\n", "", "log loss", "RMSE");
        s.push_str(&row("default parameters", &fit.default));
        if let Some(c) = &fit.current {
            s.push_str(&row("current parameters", c));
        }
        s.push_str(&row("fitted parameters", &fit.fitted));
        out.write_all(s.as_bytes()).map_err(Error::Output)?;
        if fit.is_better() {
            let path = config::save_parameters(&home, target.as_deref(), &fit.parameters)?;
            writeln!(
                out,
                "{}Saved{} to {}{}: they predict your recall better.",
                style::OK.render(),
                style::OK.render_reset(),
                sanitize::path(&path),
                target
                    .as_deref()
                    .map(|id| format!(" under [decks.{id}]"))
                    .unwrap_or_default()
            )
            .map_err(Error::Output)?;
        } else {
            writeln!(
                out,
                "Not saved: the fitted parameters predict your recall no better than those in use."
            )
            .map_err(Error::Output)?;
        }
    }
    Ok(EXIT_OK)
}
