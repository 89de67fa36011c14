//! "Did you mean …?" for names typed by hand.

/// The candidate most like `name`, if any is close enough to be a plausible typo.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let name = name.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (c, strsim::jaro_winkler(&name, &c.to_lowercase())))
        .filter(|(_, score)| *score >= 0.8)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_near_misses_only() {
        let keys = ["prompt", "answer", "explain", "source", "tags"];
        assert_eq!(closest("explanation", keys), Some("explain"));
        assert_eq!(closest("promt", keys), Some("prompt"));
        assert_eq!(closest("Answer", keys), Some("answer"));
        assert_eq!(closest("colour", keys), None);
    }
}
