//! The order of a practice run (`kartka study --practice`): every item asked once, whatever its due date,
//! the weakest first: the lowest recall FSRS predicts now, an item never studied counting as 0. Pure:
//! recalls in, an order out.

/// Positions of `recalls` in the order to ask them: weakest first, ties in the decks' order.
pub fn weakest_first(recalls: &[Option<f64>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..recalls.len()).collect();
    order.sort_by(|&a, &b| {
        recalls[a]
            .unwrap_or(0.0)
            .total_cmp(&recalls[b].unwrap_or(0.0))
            .then(a.cmp(&b))
    });
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weakest_first_then_in_deck_order() {
        let recalls = [Some(0.9), None, Some(0.4), Some(0.9), Some(0.0)];
        // Never studied counts as 0, tied with the 0.0 after it, which comes later in the deck.
        assert_eq!(weakest_first(&recalls), [1, 4, 2, 0, 3]);
    }
}
