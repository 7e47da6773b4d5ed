//! The line a finding is about. Entry checks know only where an entry's
//! `[[entry]]` table starts; a person fixing an unknown control, a placeholder
//! or a stale date wants the line that holds it, so the file is searched for
//! it within the entry.

use super::Finding;
use std::collections::HashMap;

/// What to look for within an entry's lines.
enum Needle {
    /// Text quoted in the finding's message (a control id, a placeholder).
    Text(String),
    /// The line that sets a key (`reviewed = …`).
    Key(&'static str),
}

/// Moves each entry finding to the line that holds what it names, when the
/// file can be read and the line found; otherwise it stays on the entry.
pub(super) fn refine(findings: &mut [Finding]) {
    let mut texts: HashMap<String, Option<String>> = HashMap::new();
    for f in findings
        .iter_mut()
        .filter(|f| f.line > 0 && f.entry.is_some())
    {
        let Some(needle) = needle(f) else { continue };
        let text = texts
            .entry(f.file.clone())
            .or_insert_with(|| std::fs::read_to_string(&f.file).ok());
        if let Some(line) = text.as_deref().and_then(|t| find(t, f.line, &needle)) {
            f.line = line;
        }
    }
}

fn needle(f: &Finding) -> Option<Needle> {
    // Messages read "entry `id`: unknown control `X` …": the second quoted token.
    let quoted = || f.message.split('`').nth(3).map(str::to_string);
    match f.rule {
        "unknown-control" | "unknown-placeholder" => quoted().map(Needle::Text),
        "stale-review" | "future-review" => Some(Needle::Key("reviewed")),
        "choice-contradicts-answer" => Some(Needle::Key("choice")),
        _ => None,
    }
}

/// The 1-based line from `start` up to the next table header that holds the needle.
fn find(text: &str, start: usize, needle: &Needle) -> Option<usize> {
    let lines = text.lines().enumerate().skip(start.saturating_sub(1));
    for (k, (i, line)) in lines.enumerate() {
        let trimmed = line.trim_start();
        if k > 0 && trimmed.starts_with('[') {
            return None;
        }
        let hit = match needle {
            Needle::Text(t) => line.contains(t.as_str()),
            Needle::Key(key) => trimmed
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('=')),
        };
        if hit {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "[[entry]]\nid = \"a\"\ncontrols = [\n  \"SOC2:CC6.1\",\n  \"ISO27001:A.9.9\",\n]\nreviewed_by = \"x\"\nreviewed = 2020-01-01\n\n[[entry]]\nid = \"b\"\ndetail = \"\"\"\nUses {{nosuch}}.\n\"\"\"\n";

    #[test]
    fn finds_the_line_within_the_entry_only() {
        let text = |t: &str| Needle::Text(t.into());
        assert_eq!(find(TEXT, 1, &text("ISO27001:A.9.9")), Some(5));
        assert_eq!(find(TEXT, 1, &Needle::Key("reviewed")), Some(8));
        assert_eq!(find(TEXT, 10, &text("{{nosuch}}")), Some(13));
        assert_eq!(find(TEXT, 1, &text("{{nosuch}}")), None, "another entry's");
        assert_eq!(find(TEXT, 10, &Needle::Key("reviewed")), None);
    }
}
