//! The little of Protocol Buffers' wire format that Anki's newest collections need: a package's `meta`, and
//! the config blobs of note types and card templates. A full protobuf crate and Anki's `.proto` files would
//! be more to build and keep in step than the three fields kartka reads.

/// One field of a message: a number, or bytes (a string, or a message of its own).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Value<'a> {
    Number(u64),
    Bytes(&'a [u8]),
}

/// The fields of a message in order, with their field numbers; `None` when the bytes are not a message.
pub(super) fn fields(mut bytes: &[u8]) -> Option<Vec<(u64, Value<'_>)>> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let key = varint(&mut bytes)?;
        let value = match key & 7 {
            0 => Value::Number(varint(&mut bytes)?),
            1 => Value::Bytes(take(&mut bytes, 8)?),
            2 => {
                let len = usize::try_from(varint(&mut bytes)?).ok()?;
                Value::Bytes(take(&mut bytes, len)?)
            }
            5 => Value::Bytes(take(&mut bytes, 4)?),
            // Groups (3, 4) are long deprecated and Anki never writes them.
            _ => return None,
        };
        out.push((key >> 3, value));
    }
    Some(out)
}

/// The last value of field `number` (protobuf's rule when a field repeats), if the message has it.
pub(super) fn field<'a>(message: &[(u64, Value<'a>)], number: u64) -> Option<Value<'a>> {
    message
        .iter()
        .rev()
        .find(|(n, _)| *n == number)
        .map(|(_, v)| *v)
}

/// Field `number` as a string; absent means empty, as protobuf has it.
pub(super) fn string(message: &[(u64, Value<'_>)], number: u64) -> String {
    match field(message, number) {
        Some(Value::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
        _ => String::new(),
    }
}

/// Field `number` as a number; absent means 0.
pub(super) fn number(message: &[(u64, Value<'_>)], number: u64) -> u64 {
    match field(message, number) {
        Some(Value::Number(n)) => n,
        _ => 0,
    }
}

fn varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        value |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

fn take<'a>(bytes: &mut &'a [u8], len: usize) -> Option<&'a [u8]> {
    if bytes.len() < len {
        return None;
    }
    let (head, rest) = bytes.split_at(len);
    *bytes = rest;
    Some(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_config_gives_its_two_formats() {
        // Anki's template config: q_format (1) and a_format (2) as strings, then an int64 id (8).
        let bytes = b"\n\t{{Front}}\x12\x08{{Back}}@\x96\x01";
        let message = fields(bytes).unwrap();
        assert_eq!(string(&message, 1), "{{Front}}");
        assert_eq!(string(&message, 2), "{{Back}}");
        assert_eq!(number(&message, 8), 150);
        assert_eq!(number(&message, 7), 0);
    }

    #[test]
    fn cut_or_malformed_bytes_are_no_message() {
        assert_eq!(fields(b"\n\x09{{Front"), None);
        assert_eq!(
            fields(b"\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"),
            None
        );
        assert_eq!(fields(b"\x0b"), None);
        assert_eq!(fields(b""), Some(Vec::new()));
    }
}
