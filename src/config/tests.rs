use super::*;

#[test]
fn layers_stack_and_say_where_values_come_from() {
    let config = parse(
        "desired_retention = 0.85\nlearning_steps = [\"2m\", \"15m\", \"1h\"]\nbury_reviews = false\n\n[decks.belarus-htp]\nnew_per_day = 5\nbury_new = false\n",
    )
    .unwrap();
    let htp = config.effective(Some("belarus-htp"));
    assert_eq!(htp.new_per_day, 5);
    assert_eq!(htp.from["new_per_day"], From::Deck);
    assert_eq!(htp.settings.desired_retention, 0.85);
    assert_eq!(htp.from["desired_retention"], From::File);
    assert_eq!(htp.value("learning_steps"), "[\"2m\", \"15m\", \"1h\"]");
    assert_eq!(htp.from["reviews_per_day"], From::Default);
    let other = config.effective(Some("other"));
    assert_eq!(other.new_per_day, 20);
    assert!(other.bury.new && !other.bury.reviews && other.bury.interday_learning);
    assert_eq!(other.from["bury_reviews"], From::File);
    assert!(!htp.bury.new && !htp.bury.reviews);
    assert_eq!(htp.value("bury_new"), "false");
    assert_eq!(htp.from["bury_new"], From::Deck);
}

#[test]
fn saving_parameters_keeps_the_rest_of_the_file() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join(FILE_NAME);
    std::fs::write(
        &path,
        "# my settings\nnew_per_day = 10 # fewer\n\n[decks.b]\nfuzz = false\n",
    )
    .unwrap();
    let params: Vec<f32> = (0..21).map(|i| i as f32 / 3.0).collect();
    save_parameters(home.path(), None, &params).unwrap();
    save_parameters(home.path(), Some("a"), &params[..]).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with(
            "# my settings\nnew_per_day = 10 # fewer\nparameters = [0.0, 0.3333, 0.6667, 1.0,"
        ),
        "{text}"
    );
    assert!(text.contains("[decks.b]\nfuzz = false\n"), "{text}");
    let config = parse(&text).unwrap();
    assert_eq!(config.global.parameters.as_ref().map(Vec::len), Some(21));
    assert_eq!(
        config.decks["a"].parameters.as_ref().map(|p| p[1]),
        Some(0.3333)
    );
    assert_eq!(config.decks["b"].fuzz, Some(false));
}

#[test]
fn mistakes_are_located() {
    let text =
        "desired_retention = 1.5\nnew_per_dya = 3\n[decks.x]\nlearning_steps = [\"1 minute\"]\n";
    let diags = parse(text).unwrap_err();
    let rendered = render_all(&diags, "config.toml", text, false);
    assert_eq!(
        rendered,
        "error: `desired_retention` must be between 0.70 and 0.99
 --> config.toml:1:21
  |
1 | desired_retention = 1.5
  |                     ^^^ out of range
  |
  = help: 0.9 asks you to remember 90% of cards when they come due; higher means more reviews

error: unknown setting `new_per_dya`
 --> config.toml:2:1
  |
2 | new_per_dya = 3
  | ^^^^^^^^^^^ unknown setting
  |
  = help: did you mean `new_per_day`?

error: `learning_steps` must be a list of durations
 --> config.toml:4:19
  |
4 | learning_steps = [\"1 minute\"]
  |                   ^^^^^^^^^^ expected durations such as \"1m\", \"10m\", \"1h\" or \"1d\"
  |
  = help: write `learning_steps = [\"1m\", \"10m\"]`, or `[]` for none

"
    );
}
