//! A set of item ids held in one buffer.
//!
//! A session asks the store which of a deck's items are not new: 73,000 ids for a learner with 100,000
//! cards. As a `HashSet<String>` that is 73,000 allocations, and hashing them with SipHash: a fifth of the
//! time to the first question. Here every id is appended to one string and the table holds offsets into
//! it, hashed with xxh3.

use hashbrown::HashTable;
use xxhash_rust::xxh3::xxh3_64;

#[derive(Debug, Default)]
pub struct ItemSet {
    text: String,
    /// Where each id starts and ends in `text`.
    table: HashTable<(u32, u32)>,
}

impl ItemSet {
    pub fn with_capacity(items: usize) -> ItemSet {
        ItemSet {
            text: String::with_capacity(items * 8),
            table: HashTable::with_capacity(items),
        }
    }

    fn get<'a>(text: &'a str, &(start, end): &(u32, u32)) -> &'a str {
        &text[start as usize..end as usize]
    }

    pub fn insert(&mut self, item: &str) {
        let hash = xxh3_64(item.as_bytes());
        let text = &self.text;
        if self
            .table
            .find(hash, |span| Self::get(text, span) == item)
            .is_some()
        {
            return;
        }
        let start = self.text.len() as u32;
        self.text.push_str(item);
        let span = (start, self.text.len() as u32);
        let text = &self.text;
        self.table
            .insert_unique(hash, span, |span| xxh3_64(Self::get(text, span).as_bytes()));
    }

    pub fn contains(&self, item: &str) -> bool {
        let text = &self.text;
        self.table
            .find(xxh3_64(item.as_bytes()), |span| {
                Self::get(text, span) == item
            })
            .is_some()
    }

    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}

impl<'a> FromIterator<&'a str> for ItemSet {
    fn from_iter<I: IntoIterator<Item = &'a str>>(items: I) -> ItemSet {
        let mut set = ItemSet::default();
        for item in items {
            set.insert(item);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_each_id_once_and_tells_ids_apart() {
        let mut set = ItemSet::with_capacity(2);
        for i in 0..1000 {
            set.insert(&format!("card-{i}"));
        }
        set.insert("card-7");
        set.insert("c#c1");
        set.insert("");
        assert_eq!(set.len(), 1002);
        assert!(set.contains("card-999") && set.contains("c#c1") && set.contains(""));
        assert!(!set.contains("card-1000") && !set.contains("c#c2") && !set.contains("card-"));
        let collected: ItemSet = ["a", "b", "a"].into_iter().collect();
        assert_eq!(collected.len(), 2);
        assert!(ItemSet::default().is_empty());
    }
}
