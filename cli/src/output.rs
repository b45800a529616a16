//! How the CLI prints: pretty JSON for `--json`, plain text otherwise.

use std::io::Write;

pub fn print_json(value: &impl serde::Serialize) {
    // Buffered: the standard output flushes at every line, and pretty JSON has one line per
    // field (a write for each of the 20,000-city list's 240,000 lines otherwise).
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, value).expect("serialises");
    let _ = writeln!(out);
    let _ = out.flush();
}

/// The standard output, buffered: a long list is one write, not one a line.
pub type Out = std::io::BufWriter<std::io::StdoutLock<'static>>;

/// Prints `value` as JSON with `--json`, else as the text `text` writes of it to [`Out`].
pub fn print<T: serde::Serialize>(json: bool, value: &T, text: impl FnOnce(&mut Out, &T)) {
    if json {
        print_json(value);
    } else {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        text(&mut out, value);
        let _ = out.flush();
    }
}

/// Prints `value` as JSON with `--json`, else the text `text` makes of it.
pub fn show<T: serde::Serialize>(json: bool, value: &T, text: impl FnOnce(&T) -> String) {
    if json {
        print_json(value);
    } else {
        println!("{}", text(value));
    }
}
