//! Reading a cell as a question: cleaning the text a person would read (line
//! breaks mid-sentence, non-breaking spaces, HTML remnants, a trailing `*` that
//! marks critical questions) and judging how question-like a cell is, whether
//! it holds a question identifier, and what shape that identifier has (so ids
//! of one scheme can be told from version numbers and section numbers).

/// The question text as one clean line.
pub fn clean(text: &str) -> String {
    let without_tags = strip_markdown(&strip_tags(text));
    let decoded = without_tags
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    // Control characters (a stray escape sequence) are no part of a question.
    let decoded: String = decoded
        .chars()
        .filter(|c| !c.is_control() || c.is_whitespace())
        .collect();
    let joined = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
    joined.trim_end_matches('*').trim().to_string()
}

/// Markdown a portal exported with the question: struck-through words are
/// gone ("a ~~quarterly~~ **monthly** review" asks for a monthly one),
/// emphasis marks go, and a link keeps its words ("[secure SDLC](https://…)").
fn strip_markdown(text: &str) -> String {
    if !text.contains(['~', '*', '_', '[']) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("~~")
            && let Some(end) = after.find("~~")
        {
            rest = &after[end + 2..];
        } else if let Some(after) = rest.strip_prefix("**").or_else(|| rest.strip_prefix("__")) {
            rest = after;
        } else if let Some((words, after)) = link(rest) {
            out.push_str(words);
            rest = after;
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// A markdown link at the start of `text`: its words, and the text after it.
fn link(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_prefix('[')?;
    let close = inner.find("](")?;
    let words = &inner[..close];
    let after = &inner[close + 2..];
    let end = after.find(')')?;
    let url = &after[..end];
    (!words.contains(['[', ']']) && !url.contains(char::is_whitespace))
        .then(|| (words, &after[end + 1..]))
}

fn strip_tags(text: &str) -> String {
    if !text.contains('<') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let looks_like_tag = after[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/');
        match (looks_like_tag, after.find('>')) {
            (true, Some(end)) => {
                out.push(' ');
                rest = &after[end + 1..];
            }
            _ => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a text opens with an auxiliary or a wh-word ("Is customer data
/// encrypted", "How many staff"): it asks, though it may lack its mark.
/// The imperatives of [`OPENERS`] ("Describe", "State") do not count.
pub(crate) fn opens_asking(text: &str) -> bool {
    let first = text
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_lowercase();
    OPENERS[..ASKING_OPENERS].contains(&first.as_str())
}

/// How many of [`OPENERS`], from the first, are auxiliaries and wh-words.
const ASKING_OPENERS: usize = 27;

pub(crate) const OPENERS: &[&str] = &[
    "do",
    "does",
    "did",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "can",
    "could",
    "will",
    "would",
    "should",
    "shall",
    "may",
    "must",
    "how",
    "what",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "whose",
    "why",
    "describe",
    "provide",
    "explain",
    "list",
    "please",
    "indicate",
    "specify",
    "state",
    "confirm",
    "identify",
    "detail",
    "outline",
    "summarize",
    "summarise",
    "attach",
    "select",
    "enter",
];

/// The most characters a label or question allows its answer: "(max 200
/// characters)", "maximum 500 chars", "up to 300 characters", "250
/// character limit", "(1000 characters max.)". A number of words sets none.
pub(crate) fn char_limit(text: &str) -> Option<usize> {
    limit_in(text, |unit| {
        unit.starts_with("char") || unit == "caractères" || unit == "zeichen"
    })
    .filter(|n| *n >= 10)
}

/// The most words a label or question allows its answer: "(max 50
/// words)", "maximum 200 words", "up to 100 words", "150 word limit".
pub(crate) fn word_limit(text: &str) -> Option<usize> {
    limit_in(text, |unit| {
        unit == "words" || unit == "word" || unit == "mots" || unit == "wörter"
    })
    .filter(|n| *n >= 5)
}

/// A number of `unit`s a text sets as a limit ("max", "up to", "limit"…).
fn limit_in(text: &str, unit: impl Fn(&str) -> bool) -> Option<usize> {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let limits = ["max", "maximum", "limit", "up", "most", "exceed", "within"];
    if !words.iter().any(|w| limits.contains(w)) {
        return None;
    }
    words
        .windows(2)
        .find_map(|p| p[0].parse::<usize>().ok().filter(|_| unit(p[1])))
}

/// Whether a text reads as English: two or more of its words are common
/// English function words ("Is customer data encrypted at rest?" has "is"
/// and "at"; "¿Se cifran los datos en reposo?" none).
pub fn reads_english(text: &str) -> bool {
    count_of(text, ENGLISH_WORDS) >= 2
}

/// The English lines of a bilingual cell ("هل يتم تشفير البيانات؟" then
/// "Is data encrypted in transit?" on the next line): when some of its lines
/// read as another language, the other lines alone, provided they read as
/// English or end in a question mark, since words of the other language
/// only dilute a match. Any other text is returned whole.
pub fn english_part(text: &str) -> std::borrow::Cow<'_, str> {
    // Most cells are one line: nothing to split (detection asks of every cell).
    if !text.contains(['\n', '\r']) {
        return text.into();
    }
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.len() < 2 || !lines.iter().any(|l| reads_foreign(l)) {
        return text.into();
    }
    let english = lines
        .iter()
        .copied()
        .filter(|l| !reads_foreign(l))
        .collect::<Vec<_>>()
        .join("\n");
    if reads_english(&english) || english.trim_end().ends_with('?') {
        english.into()
    } else {
        text.into()
    }
}

/// English function words: two or more make a text read as English.
const ENGLISH_WORDS: &[&str] = &[
    "the", "you", "your", "is", "are", "do", "does", "of", "and", "for", "to", "have", "has",
    "with", "all", "at", "on", "by", "how", "what", "any", "be", "been", "this", "that",
];

/// How many words of `text` are in `list` (case aside).
fn count_of(text: &str, list: &[&str]) -> usize {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| list.iter().any(|x| w.eq_ignore_ascii_case(x)))
        .count()
}

/// Whether a line reads as another language than English: mostly letters
/// of another script (Arabic, Cyrillic, Greek, Hebrew, CJK…), two or more
/// common function words of a European language that are no English words,
/// or a sentence of four words or more without a single English function
/// word that has one such word or an accented letter ("Wordt
/// meerfactorauthenticatie toegepast voor toegang op afstand?", "Används
/// flerfaktorsautentisering för fjärråtkomst?").
fn reads_foreign(line: &str) -> bool {
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    let latin = line
        .chars()
        .filter(|c| c.is_alphabetic() && (c.is_ascii() || ('\u{C0}'..='\u{24F}').contains(c)))
        .count();
    if letters > 0 && latin * 2 < letters {
        return true;
    }
    const WORDS: &[&str] = &[
        // French, Spanish, Portuguese, Italian, German, Dutch, Swedish.
        "le", "les", "des", "est", "sont", "et", "du", "vous", "votre", "vos", "el", "los", "las",
        "es", "y", "su", "sus", "del", "para", "usted", "os", "são", "seus", "sua", "il", "che",
        "di", "della", "sono", "der", "das", "und", "ist", "sind", "werden", "ihre", "het", "een",
        "zijn", "uw", "wordt", "voor", "van", "bij", "zur", "zum", "bei", "für", "mit", "von",
        "pour", "dans", "avec", "por", "con", "gli", "nel", "com", "aos", "och", "för", "av", "på",
        "med",
    ];
    let foreign = count_of(line, WORDS);
    let accented = line.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
    foreign >= 2
        || (line.split_whitespace().count() >= 4
            && count_of(line, ENGLISH_WORDS) == 0
            && (foreign >= 1 || accented))
}

/// Whether `c` is a Chinese, Japanese or Korean letter (a script written
/// without spaces between words, or in Korean's case with few).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' // hiragana, katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{AC00}'..='\u{D7AF}' // hangul syllables
        | '\u{FF66}'..='\u{FF9F}') // half-width katakana
}

/// Whether a text ends as a question: a question mark (also the full-width
/// one and the Arabic script's "؟"), or Japanese's question particle
/// ("…していますか。").
pub(crate) fn ends_asking(text: &str) -> bool {
    let t = text.trim_end_matches(|c: char| c == '*' || c == ')' || c.is_whitespace());
    t.ends_with(QUESTION_MARKS)
        || (t.ends_with("か。") || t.ends_with('か')) && t.chars().any(is_cjk)
}

/// How many words a text has: its words between spaces, and for Chinese,
/// Japanese and Korean letters (written without spaces) one per two.
pub(crate) fn word_count(text: &str) -> usize {
    let cjk = text.chars().filter(|&c| is_cjk(c)).count();
    let spaced = text
        .split_whitespace()
        .filter(|w| !w.chars().any(is_cjk))
        .count();
    spaced + cjk.div_ceil(2)
}

/// The requests questionnaires open with in other languages ("Describa…",
/// "Indiquez…", "Beschreiben Sie…"), as [`OPENERS`] in English.
const FOREIGN_OPENERS: &[&str] = &[
    "describa",
    "indique",
    "explique",
    "proporcione",
    "detalle",
    "especifique",
    "adjunte",
    "descreva",
    "informe",
    "forneça",
    "décrivez",
    "indiquez",
    "expliquez",
    "précisez",
    "fournissez",
    "descrivere",
    "descrivete",
    "indicare",
    "fornire",
    "specificare",
    "beschreiben",
    "erläutern",
    "geben",
    "nennen",
    "beschrijf",
    "geef",
    "vermeld",
];

/// How much a text reads like a question, in [0, 1]. A cell in two
/// languages reads as its English lines.
pub fn question_likeness(text: &str) -> f64 {
    let english = english_part(text.trim());
    let t = english.trim();
    if t.is_empty() {
        return 0.0;
    }
    let count = word_count(t);
    let first = t
        .split_whitespace()
        .next()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .unwrap_or_default();
    let mut score: f64 = 0.0;
    // A question with an instruction after it ("…at rest? State the
    // algorithm."), or one opened Spanish-style with "¿", asks too.
    if ends_asking(t) || t.contains('¿') || t.contains("? ") || t.contains("?\n") {
        score += 0.6;
    }
    if OPENERS.contains(&first.as_str()) || FOREIGN_OPENERS.contains(&first.as_str()) {
        score += 0.4;
    }
    if count >= 4 {
        score += 0.2;
    }
    if count <= 2 {
        score -= 0.3;
    }
    score.clamp(0.0, 1.0)
}

/// A sentence ending in `?` (three words or more): content, never a label.
pub(crate) fn reads_as_question(text: &str) -> bool {
    let t = text.trim().trim_end_matches('*').trim_end();
    ends_asking(t) && word_count(t) >= 3
}

/// Whether a cell opens as a note, an instruction or a worked example
/// ("Note:", "Please answer…", "Example:", "Step 1:"), not as content.
pub(crate) fn opens_as_note(text: &str) -> bool {
    const OPENINGS: &[&str] = &[
        "note",
        "notes",
        "nb",
        "instruction",
        "instructions",
        "important",
        "please",
        "example",
        "e.g",
        "tip",
        "warning",
        "step",
    ];
    let first = text
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '.')
        .trim_end_matches('.')
        .to_lowercase();
    OPENINGS.contains(&first.as_str()) || EXAMPLE_ABROAD.contains(&first.as_str())
}

/// "Example" in the other languages questionnaires come in.
pub(crate) const EXAMPLE_ABROAD: &[&str] = &[
    "beispiel",
    "exemple",
    "ejemplo",
    "exemplo",
    "esempio",
    "voorbeeld",
];

/// The colons a label ends with: ASCII, and the full-width one Chinese and
/// Japanese forms are typed with ("公司名称：").
pub(crate) const COLONS: [char; 2] = [':', '\u{ff1a}'];

/// The question marks of the scripts questionnaires come in: ASCII, full-width
/// (Chinese, Japanese) and Arabic-script (Arabic, Persian, Urdu).
pub(crate) const QUESTION_MARKS: [char; 3] = ['?', '\u{ff1f}', '\u{061f}'];

/// A question's own number written before it ("1.3 Do you…", "Q5. Is…",
/// "AC-01a Describe…"): the number, and the question without it. Only a
/// token shaped like a number (dots, dashes, a trailing `.` or `)`, or `Q`
/// and digits) followed by a capitalised sentence of three words or more
/// counts, so "SOC2 Type II report?" and "24x7 monitoring?" keep their text.
///
/// The id may carry the questionnaire's name before it, when the id ends in
/// `:` or `.` ("SIG Q123. Which…", "HECVAT HFIH-27: What…"); "SOC 2 Type II
/// report?" has no such id.
pub fn split_leading_id(text: &str) -> Option<(&str, &str)> {
    if let Some(found) = leading_id(text, false) {
        return Some(found);
    }
    let (word, after) = text.split_once(' ')?;
    let name = (2..=10).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_uppercase());
    if !name {
        return None;
    }
    let after = after.trim_start();
    let (id, rest) = leading_id(after, true)?;
    // "SOC 2: Do you…" and "ISO 27001: Are you…" name a standard, not an id.
    if id.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let end = text.len() - after.len() + id.len();
    Some((&text[..end], rest))
}

/// [`split_leading_id`] for one token; `punctuated` requires it to end in
/// `.`, `)` or `:`.
fn leading_id(text: &str, punctuated: bool) -> Option<(&str, &str)> {
    let (token, rest) = text.split_once(' ')?;
    let rest = rest.trim_start();
    // "4.1 – Do you…": a dash between the number and the question.
    let dashed = rest
        .strip_prefix(['-', '\u{2013}', '\u{2014}'])
        .filter(|r| r.starts_with(' '))
        .map(str::trim_start);
    let rest = dashed.unwrap_or(rest);
    let id = token.trim_end_matches(['.', ')', ':']);
    // "2024 – Annual review" opens with a year, not a number.
    let year = id.len() == 4 && id.bytes().all(|b| b.is_ascii_digit());
    let has_punctuation = id.len() < token.len() || dashed.is_some() && !year;
    let q_number =
        id.len() > 1 && id.starts_with(['Q', 'q']) && id[1..].chars().all(|c| c.is_ascii_digit());
    let numbered = id.contains(['.', '-', '_']) || has_punctuation || q_number;
    let sentence =
        rest.starts_with(|c: char| c.is_uppercase()) && rest.split_whitespace().count() >= 3;
    (numbered && (has_punctuation || !punctuated) && is_id_like(id) && sentence)
        .then_some((id, rest))
}

/// Whether a cell's text looks like a question identifier (`A&B-01.1`, `HXIH-01`, `1.2.3`, `Q12`).
pub fn is_id_like(text: &str) -> bool {
    let t = text.trim();
    // A control enhancement: "AC-2 (3)" is "AC-2(3)".
    if let Some((base, n)) = t
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once(" ("))
        .filter(|(_, n)| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        return is_id_like(base) && n.len() <= 3;
    }
    if t.is_empty() || t.len() > 24 || t.contains(char::is_whitespace) {
        return false;
    }
    let has_digit = t.chars().any(|c| c.is_ascii_digit());
    let allowed = t
        .chars()
        .all(|c| c.is_alphanumeric() || "-._&/()".contains(c));
    has_digit && allowed
}

/// The shape of an identifier: letters become `A`, digits `0`, runs collapse;
/// separators stay. `A&B-01.1` and `IDM-12.3` share the shape `A-0.0`;
/// `v4.0.3` (`A0.0.0`) and the section number `3` (`0`) do not.
pub(crate) fn id_shape(id: &str) -> String {
    let mut out = String::new();
    for c in id.trim().chars() {
        let class = if c.is_ascii_digit() {
            '0'
        } else if "-._/() ".contains(c) {
            c
        } else {
            'A'
        };
        if out.ends_with(class) && (class == '0' || class == 'A') {
            continue;
        }
        out.push(class);
    }
    out
}

/// A short caption ending in a colon ("Assertion:", "Company:"): a label
/// for the cell beside it, not a question.
pub(crate) fn is_caption(text: &str) -> bool {
    let t = text.trim();
    let words = t.split_whitespace().count();
    // "Is customer data encrypted:" leads in to its items; "Status:" and
    // "Assertion:" are captions.
    let asks = words >= 3 && opens_asking(t);
    t.ends_with(crate::detect::text::COLONS) && words <= 4 && !asks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_asking_openers_end_where_the_imperatives_start() {
        assert_eq!(OPENERS[ASKING_OPENERS - 1], "why");
        assert_eq!(OPENERS[ASKING_OPENERS], "describe");
        assert!(opens_asking("How many staff do you have"));
        assert!(!opens_asking("Describe your plan"));
    }

    #[test]
    fn a_lead_in_that_asks_is_no_caption() {
        assert!(is_caption("Assertion:"));
        assert!(is_caption("Vendor contact name:"));
        assert!(!is_caption("Is customer data encrypted:"));
        assert!(!is_caption("Do you encrypt"));
        assert!(is_caption("Describe the process:"));
    }

    #[test]
    fn word_limits_in_labels() {
        for (label, want) in [
            ("Answer (max 50 words)", Some(50)),
            ("Response – maximum 200 words", Some(200)),
            ("Describe (up to 100 words)", Some(100)),
            ("Answer (150 word limit)", Some(150)),
            ("Comments (max 200 characters)", None),
            ("Answer", None),
        ] {
            assert_eq!(word_limit(label), want, "{label}");
        }
    }

    #[test]
    fn character_limits_in_labels() {
        for (label, want) in [
            ("Comments (max 200 characters)", Some(200)),
            ("Response – maximum 500 chars", Some(500)),
            ("Explanation (up to 300 characters)", Some(300)),
            ("Details (1000 characters max.)", Some(1000)),
            ("Answer (250 character limit)", Some(250)),
            ("Comments (max 100 words)", None),
            ("Comments", None),
            ("Passwords of 12 characters", None),
        ] {
            assert_eq!(char_limit(label), want, "{label}");
        }
    }

    #[test]
    fn numbers_written_before_the_question() {
        for (text, want) in [
            (
                "1.3 Do you have a plan?",
                Some(("1.3", "Do you have a plan?")),
            ),
            (
                "Q5. Is data encrypted at rest?",
                Some(("Q5", "Is data encrypted at rest?")),
            ),
            (
                "AC-01a Describe your access reviews.",
                Some(("AC-01a", "Describe your access reviews.")),
            ),
            ("3) Are backups tested?", Some(("3", "Are backups tested?"))),
            ("SOC2 Type II report available?", None),
            ("24x7 Monitoring of the network?", None),
            ("2023 Audit results?", None),
            ("1.3 encryption", None),
            ("SHA-256 is used for hashing?", None),
            ("Do you have a plan?", None),
            (
                "SIG Q123. Which cloud provider hosts the application?",
                Some(("SIG Q123", "Which cloud provider hosts the application?")),
            ),
            (
                "HECVAT HFIH-27: Do you have a business continuity plan?",
                Some(("HECVAT HFIH-27", "Do you have a business continuity plan?")),
            ),
            ("SOC 2 Type II report available?", None),
            ("ISO 27001 Certified by an accredited body?", None),
            ("SOC 2: Do you have a current report?", None),
            ("SOC 2 - Do you have a current report?", None),
            (
                "4.1 \u{2013} Is customer data encrypted at rest?",
                Some(("4.1", "Is customer data encrypted at rest?")),
            ),
            (
                "5.1 - Is customer data encrypted at rest?",
                Some(("5.1", "Is customer data encrypted at rest?")),
            ),
            ("2024 - Annual review of the policy?", None),
            ("ISO 27001: Are you certified by an accredited body?", None),
        ] {
            assert_eq!(split_leading_id(text), want, "{text:?}");
        }
    }

    #[test]
    fn cleans_what_people_do_not_see() {
        let cases = [
            (
                "Is data\nencrypted\u{a0}at rest?",
                "Is data encrypted at rest?",
            ),
            ("<p>Do you use <b>MFA</b>?</p>", "Do you use MFA ?"),
            (
                "Have you ranked your main risks?*",
                "Have you ranked your main risks?",
            ),
            ("a < b &amp; c", "a < b & c"),
            (
                "Is a ~~quarterly~~ **monthly** access review performed?",
                "Is a monthly access review performed?",
            ),
            (
                "Describe your [secure SDLC](https://owasp.org/samm) practices.",
                "Describe your secure SDLC practices.",
            ),
            (
                "Do you use __MFA__ for all_admins?",
                "Do you use MFA for all_admins?",
            ),
            ("Rate [1-5] your maturity", "Rate [1-5] your maturity"),
            ("  spaced   out  ", "spaced out"),
        ];
        for (raw, want) in cases {
            assert_eq!(clean(raw), want);
        }
    }

    #[test]
    fn id_shapes_group_one_scheme() {
        let cases = [
            ("A&B-01.1", "A-0.0"),
            ("KEY-14.1", "A-0.0"),
            ("GEN-01", "A-0"),
            ("PA1", "A0"),
            ("v4.0.3", "A0.0.0"),
            ("3", "0"),
            ("1.2.3", "0.0.0"),
            ("G-ST-A-1-1", "A-A-A-0-0"),
        ];
        for (id, shape) in cases {
            assert_eq!(id_shape(id), shape, "{id}");
        }
    }

    #[test]
    fn english_is_told_from_other_languages() {
        assert!(reads_english("Is customer data encrypted at rest?"));
        assert!(reads_english("Do you have a documented BCP?"));
        assert!(!reads_english(
            "¿Se cifran los datos de los clientes en reposo?"
        ));
        assert!(!reads_english("Verschlüsseln Sie die Daten der Kunden?"));
        assert!(!reads_english("MFA"));
    }

    #[test]
    fn captions_are_not_questions() {
        let cases = [
            ("Assertion:", true),
            ("Meeting Date:", true),
            ("Do you keep the following records:", false),
            ("Assertion", false),
        ];
        for (text, want) in cases {
            assert_eq!(is_caption(text), want, "{text}");
        }
    }

    #[test]
    fn question_and_id_shapes() {
        assert!(question_likeness("Do you enforce MFA for administrators?") >= 0.9);
        assert!(question_likeness("Describe your incident response plan") >= 0.5);
        assert!(question_likeness("Encryption") < 0.2);
        assert!(question_likeness("Data Center Security") < 0.3);
        for id in [
            "A&B-01.1", "HXIH-01", "1.2.3", "Q12", "IDM-01", "AC-2 (3)", "IA-2(1)",
        ] {
            assert!(is_id_like(id), "{id}");
        }
        for not in [
            "GEN-01 through GEN-08; completed by the vendor",
            "Encryption",
            "",
            "Yes",
            "Encryption (2)",
            "AC-2 (see note)",
        ] {
            assert!(!is_id_like(not), "{not}");
        }
    }

    #[test]
    fn questions_with_an_instruction_or_in_other_languages_read_as_questions() {
        for q in [
            "¿Cifran los datos del cliente en reposo? Indique el algoritmo utilizado.",
            "Describa su proceso de gestión de vulnerabilidades.",
            "Décrivez votre plan de réponse aux incidents.",
            "Is customer data encrypted at rest? State the algorithm used.",
            "¿Cifran los datos? Indique el algoritmo.\nDo you encrypt data at rest? State the algorithm.",
        ] {
            assert!(question_likeness(q) >= 0.6, "{q}: {}", question_likeness(q));
        }
        for not in ["Respuesta:", "Anexo Técnico", "Sección 2 – Seguridad"] {
            assert!(question_likeness(not) < 0.5, "{not}");
        }
    }

    #[test]
    fn a_bilingual_cell_keeps_its_english_lines() {
        let arabic = "هل يتم تشفير البيانات أثناء النقل؟\nIs data encrypted in transit over public networks?";
        assert_eq!(
            english_part(arabic),
            "Is data encrypted in transit over public networks?"
        );
        let russian = "Шифруются ли данные при передаче?\nIs data encrypted in transit?";
        assert_eq!(english_part(russian), "Is data encrypted in transit?");
        let french = "Les données sont-elles chiffrées et protégées ?\nIs data encrypted at rest?";
        assert_eq!(english_part(french), "Is data encrypted at rest?");
        // A line without an English function word that has a foreign one or
        // an accented letter is another language, loan words and all.
        let mfa = "Is multi-factor authentication used for remote access?";
        for other in [
            "O acesso aos sistemas exige autenticação multifator?",
            "Wordt meerfactorauthenticatie toegepast voor toegang op afstand?",
            "Används flerfaktorsautentisering för fjärråtkomst?",
            "È utilizzata l'autenticazione a più fattori per gli accessi remoti?",
            "Werden alle Mitarbeitenden bei Eintritt verpflichtet?",
        ] {
            assert_eq!(english_part(&format!("{other}\n{mfa}")), mfa, "{other}");
        }
        // An English question over two lines, or with a short line, stays whole.
        for whole in [
            "Do you have an incident response plan\nthat is tested annually?",
            "Encryption\nIs data encrypted at rest?",
            "Describe incident response procedures.\nInclude escalation paths.",
            "Is MFA enforced for administrators?\nExplain compensating controls.",
            "¿Se cifran los datos?",
        ] {
            assert_eq!(english_part(whole), whole);
        }
    }
}
