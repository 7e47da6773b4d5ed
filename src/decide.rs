//! The fourth stage: turn a match into a status a person can trust. `answered`
//! needs a strong best candidate that is clearly ahead of the runner-up;
//! `review` needs a plausible suggestion; anything weaker is `unanswered`.
//! Answers bound for a dropdown are mapped onto one of its values, or not
//! written at all.

mod bands;

pub use bands::number_for;

use crate::matcher::MatchOutcome;
use serde::Serialize;

/// What qfill did with a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Confident: the answer is written.
    Answered,
    /// A suggestion is written and highlighted for a person to check.
    Review,
    /// Nothing written.
    Unanswered,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Answered => "answered",
            Status::Review => "review",
            Status::Unanswered => "unanswered",
        }
    }
}

/// Score thresholds for the statuses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Minimum score for `answered`.
    pub answered_at: f64,
    /// Minimum score for `review`.
    pub review_at: f64,
    /// Minimum lead over the runner-up for `answered`.
    pub margin: f64,
    /// Minimum score for a `review` suggestion to be written into its
    /// answer cell; a weaker one is listed (summary sheet, report) and the
    /// cell stays empty, as a weak "Yes" in the prospect's cell is too easy
    /// to send on unread.
    pub written_at: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            answered_at: 0.95,
            review_at: 0.20,
            margin: 0.10,
            written_at: 0.50,
        }
    }
}

impl Thresholds {
    /// Checks the thresholds make sense.
    ///
    /// # Errors
    /// A message naming the option that is out of range.
    pub fn validate(&self) -> Result<(), String> {
        for (name, v) in [
            ("--answered-at", self.answered_at),
            ("--review-at", self.review_at),
            ("--write-at", self.written_at),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(format!("{name} must be between 0 and 1, not {v}"));
            }
        }
        if self.review_at > self.answered_at {
            return Err(format!(
                "--review-at ({}) must not be above --answered-at ({})",
                self.review_at, self.answered_at
            ));
        }
        Ok(())
    }
}

/// The status a match earns.
pub fn status(outcome: &MatchOutcome, t: &Thresholds) -> Status {
    match outcome.best() {
        Some(best) if best.score >= t.answered_at && outcome.margin() >= t.margin => {
            Status::Answered
        }
        Some(best) if best.score >= t.review_at => Status::Review,
        _ => Status::Unanswered,
    }
}

/// Folds a value for comparison: lowercase, no list numbering (`1) `, `a. `), no punctuation.
fn fold(value: &str) -> String {
    let lower = value.trim().to_lowercase();
    let unnumbered = match lower.split_once([')', '.']) {
        Some((head, rest))
            if !head.is_empty()
                && head.len() <= 2
                && head.chars().all(|c| c.is_ascii_alphanumeric())
                // "No. We do not." opens with its verdict, not an item letter.
                && head != "no"
                && rest.starts_with(' ') =>
        {
            rest.to_string()
        }
        _ => lower,
    };
    unnumbered
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The canonical meaning of a yes/no/not-applicable value.
///
/// The wordings of maturity and attestation lists count: "Fully
/// Implemented", "Yes - Fully", "In place", "Agree" say yes. A partial value
/// ("Partially Implemented", "Yes - Partially") says neither, so a plain Yes
/// never lands on it.
fn polarity(folded: &str) -> Option<&'static str> {
    match folded {
        "yes"
        | "y"
        | "true"
        | "1"
        | "yes we do"
        | "compliant"
        | "implemented"
        | "fully implemented"
        | "yes fully"
        | "yes fully implemented"
        | "fully compliant"
        | "in place"
        | "fully in place"
        | "met"
        | "fully met"
        | "agree"
        | "complies"
        | "comply"
        | "fully comply"
        | "fully complies"
        | "complies fully"
        | "full compliance"
        | "meets"
        | "fully meets"
        | "meets requirement"
        | "meets requirements"
        | "fully meets requirements"
        | "we comply"
        | "we fully comply"
        | "we meet this requirement"
        | "we fully meet this requirement"
        // A traffic light's green.
        | "green"
        // The same in the languages questionnaires come in.
        | "oui"
        | "ja"
        | "sí"
        | "si"
        | "sim"
        | "sì"
        | "はい"
        | "是"
        | "예"
        | "네"
        | "כן"
        | "نعم"
        | "да"
        | "tak"
        | "evet"
        | "ano"
        | "ναι"
        | "igen"
        | "kyllä"
        | "ya"
        | "conforme"
        | "cumple"
        | "erfüllt"
        | "erfuellt"
        | "konform"
        | "umgesetzt"
        | "implementado"
        | "implementato" => Some("yes"),
        "no" | "n" | "false" | "0" | "not implemented" | "non compliant" | "noncompliant"
        | "not compliant" | "not in place" | "not met" | "disagree" | "no not implemented"
        | "non" | "nein" | "não" | "nao" | "nee" | "do not comply" | "does not comply" | "cannot comply" | "non compliance" | "いいえ"
        | "否" | "아니오" | "아니요" | "לא" | "لا" | "нет" | "nie" | "hayır" | "hayir" | "ne" | "όχι"
        | "nej" | "nem" | "ei" | "tidak" | "non conforme" | "no conforme" | "não conforme"
        | "nao conforme" | "no cumple" | "nicht erfüllt" | "nicht erfuellt" | "nicht konform"
        | "nicht umgesetzt" | "no implementado" | "non implementato" | "does not meet"
        | "does not meet requirements" | "we do not comply" | "we do not meet this requirement"
        | "red" => Some("no"),
        "na" | "n a" | "not applicable" | "n/a" | "none applicable" | "does not apply"
        | "non applicable" | "sans objet" | "nicht zutreffend" | "nicht anwendbar" | "no aplica"
        | "no aplicable" | "não aplicável" | "niet van toepassing" | "該当なし" | "不适用" | "해당 없음"
        | "해당없음" | "nvt" | "n v t" | "não se aplica" | "nao se aplica" | "no se aplica"
        | "non applicabile" | "non pertinent" | "nicht relevant" | "entfällt" | "לא רלוונטי"
        | "غير قابل للتطبيق" | "غير منطبق" | "не применимо" | "неприменимо" | "nie dotyczy"
        | "geçerli değil" | "uygulanamaz" | "netýká se" | "nerelevantní" | "δεν ισχύει"
        | "ej tillämplig" | "ej tillämpligt" | "ei sovellu" | "nem alkalmazható"
        | "tidak berlaku" => {
            Some("na")
        }
        _ => None,
    }
}

/// The meaning of a dropdown value: as [`polarity`], or for a value joined
/// from parts ("1 - Yes", "Yes - Compliant", "Yes (1)", "N/A - Not
/// Applicable") the meaning every worded part agrees on, numbers aside. A
/// part that says neither ("Yes - Partially") leaves the value without one.
fn choice_polarity(value: &str) -> Option<&'static str> {
    if let Some(p) = polarity(&fold(value)) {
        return Some(p);
    }
    const JOINS: [char; 8] = ['-', '\u{2013}', '\u{2014}', '(', ')', ':', '=', '/'];
    if !value.contains(JOINS) {
        return None;
    }
    // A part in another script is a translation ("نعم / Yes"); it says
    // nothing against the parts qfill can read.
    let foreign = |p: &str| !p.chars().any(|c| c.is_ascii_alphabetic());
    // "N/A" is one part, not two.
    let value = value.replace("N/A", "NA").replace("n/a", "na");
    let parts: Vec<String> = value
        .split(JOINS)
        .map(fold)
        .filter(|p| {
            !p.is_empty() && !p.chars().all(|c| c.is_ascii_digit()) && !foreign(p) && !asks_more(p)
        })
        .collect();
    let (first, rest) = parts.split_first()?;
    let first = polarity(first)?;
    rest.iter()
        .all(|p| polarity(p) == Some(first) || explains(p, first))
        .then_some(first)
}

/// Whether a part after a verdict only explains it ("Yes – the control is
/// fully implemented", "No – the control is not in place"): a phrase of
/// three words or more that neither qualifies the verdict ("with
/// exceptions", "partially", "planned") nor turns it round.
fn explains(part: &str, verdict: &str) -> bool {
    const QUALIFIERS: &[&str] = &[
        "partial",
        "partially",
        "partly",
        "some",
        "progress",
        "planned",
        "plan",
        "planning",
        "except",
        "exception",
        "exceptions",
        "compensating",
        "limited",
        "but",
        "however",
        "pending",
        "future",
    ];
    let words: Vec<&str> = part.split_whitespace().collect();
    let turns = |w: &&str| verdict == "yes" && ["no", "not", "never"].contains(w);
    words.len() >= 3 && !words.iter().any(|w| QUALIFIERS.contains(w) || turns(w))
}

/// Whether a value says "partially" ("Partial", "Partially Compliant",
/// "Yes - Partially").
pub fn is_partial(value: &str) -> bool {
    says_partially(&fold(value))
}

/// Whether a folded value or answer says "partially" ("Partial",
/// "Partially Compliant", "Yes - Partially", "Partially: on email only").
fn says_partially(folded: &str) -> bool {
    const PARTIAL: [&str; 8] = [
        "amber",
        "partial",
        "partially",
        "partly",
        "partiellement",
        "parcialmente",
        "teilweise",
        "parzialmente",
    ];
    let mut words = folded.split_whitespace();
    match (words.next(), words.next()) {
        (Some("yes"), Some(second)) => PARTIAL.contains(&second),
        (Some(first), _) => PARTIAL.contains(&first),
        _ => false,
    }
}

/// Whether a part of a dropdown value only asks for more ("No - see
/// comments", "No (please explain)"): it says nothing against the verdict.
fn asks_more(part: &str) -> bool {
    const OPENINGS: &[&str] = &[
        "see ",
        "please ",
        "explain",
        "specify",
        "provide",
        "describe",
        "details",
        "detail ",
        "comment",
        "justif",
        "add ",
        "give ",
        "elaborate",
    ];
    let p = part.trim();
    OPENINGS
        .iter()
        .any(|o| p.starts_with(o) || o.ends_with(' ') && p == o.trim_end())
}

/// What a dropdown value or a mark column's label says: "yes", "no" or
/// "na" ("Compliant", "Not Met", "1 - Yes"), or `None`.
pub fn value_meaning(value: &str) -> Option<&'static str> {
    // A bare number is a level on a scale ("0 | 1 | 2 | 3"), not a verdict.
    if value.trim().chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    tick_or_cross(value).or_else(|| choice_polarity(value))
}

/// A tick offered beside a cross says yes, the cross no ("✓ | ✗").
fn tick_or_cross(value: &str) -> Option<&'static str> {
    match value.trim() {
        "✓" | "✔" | "✅" => Some("yes"),
        "✗" | "✘" | "❌" => Some("no"),
        _ => None,
    }
}

/// Whether the answer is a bare verdict ("Yes", "No", "N/A") and says nothing more.
pub fn is_bare_verdict(answer: &str) -> bool {
    polarity(&fold(answer)).is_some()
}

/// What an answer says: "yes", "no" or "na" for a bare verdict or an answer
/// that opens with one ("Yes, annually"); `None` for anything else.
pub fn verdict(answer: &str) -> Option<&'static str> {
    let a = fold(answer);
    polarity(&a).or_else(|| {
        let first = a.split_whitespace().next().unwrap_or("");
        // "1 hour" opens with a number, not with a yes.
        polarity(first).filter(|&p| {
            answer.trim_start().len() > first.len()
                && first.chars().all(char::is_alphabetic)
                && (p != "no" || !no_as_determiner(answer, first))
        })
    })
}

/// Whether an opening "No" runs on into the words it qualifies ("No more
/// than 15 minutes", "No standing admin rights", "No one holds…"): which
/// verdict such a phrase gives depends on the question, so it gives none.
/// A No set off by punctuation or a line break ("No, never", "No. We do
/// not.", "No – …", "No\nWe do not") is a verdict.
fn no_as_determiner(answer: &str, first: &str) -> bool {
    let rest = answer.trim_start().get(first.len()..).unwrap_or("");
    let after = rest.trim_start();
    let gap = &rest[..rest.len() - after.len()];
    !gap.contains('\n') && after.chars().next().is_some_and(char::is_alphanumeric)
}

/// The value an answer gives after an opening Yes ("Yes: United States or
/// European Union" gives "United States or European Union"), for a question
/// that asks what or where rather than whether; `None` when it opens
/// otherwise or gives nothing more. A No is never dropped.
pub fn value_after_yes(answer: &str) -> Option<String> {
    let a = answer.trim_start();
    let head = a.get(..3).filter(|h| h.eq_ignore_ascii_case("yes"))?;
    let rest = a[head.len()..].trim_start();
    let rest = rest.strip_prefix([':', ',', ';', '.', '-', '\u{2013}', '\u{2014}'])?;
    let rest = rest.trim();
    let mut chars = rest.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// The dropdown value that says what `answer` says, if the list has one.
///
/// An answer that opens with Yes/No ("Yes, annually") maps by that word. A
/// named value maps when the answer names exactly that one ("Amazon Web
/// Services (AWS)" onto `AWS`), unless the answer negates something.
pub fn map_to_choice(answer: &str, choices: &[String]) -> Option<String> {
    // An option's tick box takes its tick for a Yes (and nothing for a No).
    if let Some(tick) = tick_box(choices) {
        return (verdict(answer) == Some("yes")).then(|| tick.clone());
    }
    if let Some(choice) = boxed_choice(answer, choices) {
        return Some(choice);
    }
    let a = fold(answer);
    if let Some(exact) = choices.iter().find(|c| fold(c) == a) {
        return Some(exact.clone());
    }
    // "Partially: on email only" onto the list's one partial value.
    if says_partially(&a) {
        let mut partial = choices.iter().filter(|c| says_partially(&fold(c)));
        return partial.next().filter(|_| partial.next().is_none()).cloned();
    }
    let meaning = verdict(answer);
    let (scale, radio) = (is_scale(choices), is_radio(choices));
    let of = |c: &String| list_polarity(c, scale, radio);
    match meaning {
        // A list without yes/no values takes what the rest names ("Yes,
        // weekly" onto `Weekly`).
        Some(_) if choices.iter().all(|c| of(c).is_none()) => named_lead(answer, choices),
        // A bare value ("Yes") before one that explains ("Yes – with
        // compensating controls").
        Some(meaning) => choices
            .iter()
            .filter(|c| of(c) == Some(meaning))
            .min_by_key(|c| polarity(&fold(c)).is_none())
            .cloned(),
        None => named_lead(answer, choices).or_else(|| bands::band_choice(answer, choices)),
    }
}

/// In a list whose values draw the boxes ("☑ Yes ☐ No ☐ N/A", "☐ Yes ☑
/// No ☐ N/A", …), the value whose ticked box stands before the answer's
/// label. `None` when the values are not such rows of boxes.
fn boxed_choice(answer: &str, choices: &[String]) -> Option<String> {
    let ticked: Vec<(&String, String)> = choices
        .iter()
        .filter_map(|c| ticked_label(c).map(|label| (c, label)))
        .collect();
    if ticked.len() < 2 {
        return None;
    }
    let labels: Vec<String> = ticked.iter().map(|(_, label)| label.clone()).collect();
    let label = map_to_choice(answer, &labels)?;
    ticked
        .into_iter()
        .find(|(_, l)| *l == label)
        .map(|(c, _)| c.clone())
}

/// The label after the one ticked box of a value that draws boxes ("☐ Yes
/// ☑ No ☐ N/A" gives "No"), when it draws an empty box as well.
fn ticked_label(value: &str) -> Option<String> {
    if !value.contains(EMPTY_BOXES) || value.matches(TICKED_BOXES).count() != 1 {
        return None;
    }
    let at = value.find(TICKED_BOXES)?;
    let rest = value[at..].trim_start_matches(TICKED_BOXES);
    let label = rest
        .split(|c| EMPTY_BOXES.contains(&c) || TICKED_BOXES.contains(&c))
        .next()?
        .trim();
    (!label.is_empty()).then(|| label.to_string())
}

/// The glyphs of an empty box or radio button, drawn in a cell or a
/// dropdown value.
pub(crate) const EMPTY_BOXES: &[char] = &['☐', '□', '▢', '○', '◯', '◦', '⚪'];

/// The glyphs of a ticked box or a selected radio button.
pub(crate) const TICKED_BOXES: &[char] = &['☒', '☑', '✓', '✔', '■', '●', '✅', '✗', '✘'];

/// Marks that tick a box, most usual first: the one a mark column's
/// dropdown offers is written ("☐" is the empty box, never a tick).
pub(crate) const TICKS: &[&str] = &["X", "x", "☒", "☑", "✓", "✔", "✅", "●", "■", "Yes", "Y"];

/// The tick of a dropdown that offers nothing else (`X` alone): the cell is
/// a box to tick, not a choice between answers. A lone "Yes" is not one.
pub fn tick_box(choices: &[String]) -> Option<&String> {
    match choices {
        [only] if TICKS.contains(&only.trim()) && !matches!(only.trim(), "Yes" | "Y") => Some(only),
        _ => None,
    }
}

/// Whether a list's numbers are a scale (a number other than 0 or 1: "0 |
/// 1 | 2 | 3" maturity levels), where 1 is a level, not a yes.
fn is_scale(choices: &[String]) -> bool {
    choices
        .iter()
        .filter_map(|c| c.trim().parse::<f64>().ok())
        .any(|n| n != 0.0 && n != 1.0)
}

/// [`choice_polarity`] within a list: on a scale, a bare number says neither.
/// Japanese check sheets answer with marks ("○ | × | －", "有 | 無"): a
/// circle is a yes and a cross a no, unless the list also offers a filled
/// circle or box, where the empty circle is an unchosen radio button.
fn list_polarity(value: &str, scale: bool, radio: bool) -> Option<&'static str> {
    if scale && value.trim().parse::<f64>().is_ok() {
        return None;
    }
    match value.trim() {
        "\u{25CB}" | "\u{25EF}" | "\u{3007}" if !radio => Some("yes"),
        "\u{00D7}" | "\u{2715}" | "\u{2716}" | "\u{2573}" => Some("no"),
        "有" | "あり" | "有り" => Some("yes"),
        "無" | "なし" | "無し" => Some("no"),
        _ => tick_or_cross(value).or_else(|| choice_polarity(value)),
    }
}

/// Whether a list draws radio buttons or boxes: it offers a filled one.
fn is_radio(choices: &[String]) -> bool {
    choices.iter().any(|c| {
        c.trim()
            .chars()
            .any(|ch| ch == '\u{25C9}' || TICKED_BOXES.contains(&ch))
    })
}

/// Whether a dropdown's values offer yes and no in some wording ("Yes / No",
/// "Y / N / NA", "1 - Yes / 2 - No", "Compliant / Non-Compliant"); a
/// numeric scale does not.
pub fn is_verdict_list(values: &[String]) -> bool {
    let (scale, radio) = (is_scale(values), is_radio(values));
    let found = |p| {
        values
            .iter()
            .any(|v| list_polarity(v, scale, radio) == Some(p))
    };
    found("yes") && found("no")
}

/// The one value the folded answer names as whole words; with several, the
/// longest when it contains all the others ("AWS GovCloud" over "AWS").
/// The value the answer names in the first of the things it lists:
/// "Austin, Texas (HQ) and Dublin, Ireland" names no country first, so a
/// list of countries takes nothing rather than the second place. An
/// opening verdict ("Yes; weekly") is passed over.
fn named_lead(answer: &str, choices: &[String]) -> Option<String> {
    let value = named_choice(&fold(answer), choices)?;
    let mut parts = answer
        .split([';', '&', '\n'])
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().trim_matches(','))
        .filter(|p| !p.is_empty());
    let lead = parts.find(|p| polarity(&fold(p)).is_none())?;
    format!(" {} ", fold(lead))
        .contains(&format!(" {} ", fold(&value)))
        .then_some(value)
}

fn named_choice(answer: &str, choices: &[String]) -> Option<String> {
    const NEGATIONS: [&str; 6] = ["no", "not", "never", "without", "none", "except"];
    // Values that name nothing in particular.
    const GENERIC: [&str; 6] = ["other", "others", "unknown", "all", "some", "multiple"];
    let words: Vec<&str> = answer.split_whitespace().collect();
    if words.iter().any(|w| NEGATIONS.contains(w)) {
        return None;
    }
    let padded = format!(" {answer} ");
    let mut named: Vec<(String, &String)> = choices
        .iter()
        .map(|c| (fold(c), c))
        .filter(|(f, c)| {
            f.chars().count() >= 2
                && polarity(f).is_none()
                && !GENERIC.contains(&f.as_str())
                && !bounds_a_quantity(c)
                && padded.contains(&format!(" {f} "))
        })
        .collect();
    named.sort_by_key(|(f, _)| std::cmp::Reverse(f.len()));
    let (longest, value) = named.first()?;
    let padded_longest = format!(" {longest} ");
    named[1..]
        .iter()
        .all(|(f, _)| padded_longest.contains(&format!(" {f} ")))
        .then(|| (*value).clone())
}

/// Whether a value bounds a quantity ("> 30 days", "≤ 24 hours", "1000+",
/// "8–30 days"): a band, which an answer that mentions "30 days" does not
/// name (see `bands::band_choice`).
fn bounds_a_quantity(value: &str) -> bool {
    let v = value.trim();
    let digits = v.chars().any(|c| c.is_ascii_digit());
    let range = v
        .split(['-', '\u{2013}', '\u{2014}'])
        .filter(|p| p.trim().starts_with(|c: char| c.is_ascii_digit()))
        .count()
        >= 2;
    digits && (v.contains(['<', '>', '\u{2264}', '\u{2265}']) || v.ends_with('+') || range)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::Candidate;

    #[test]
    fn a_list_takes_the_value_the_answer_names_first() {
        let countries = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let list = countries(&["United States", "Ireland", "Germany"]);
        let pick = |a: &str| map_to_choice(a, &list);
        assert_eq!(pick("Austin, Texas (HQ) and Dublin, Ireland"), None);
        assert_eq!(
            pick("Austin, Texas, United States").as_deref(),
            Some("United States")
        );
        assert_eq!(pick("Dublin, Ireland; Berlin").as_deref(), Some("Ireland"));
        let often = countries(&["Weekly", "Monthly", "Annually"]);
        assert_eq!(
            map_to_choice("Yes; weekly", &often).as_deref(),
            Some("Weekly")
        );
        assert_eq!(
            map_to_choice("Annually and after major changes", &often).as_deref(),
            Some("Annually")
        );
    }

    #[test]
    fn a_band_is_not_named_by_a_number_inside_it() {
        let bands = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let choices = bands(&[
            "Within 24 hours",
            "1\u{2013}7 days",
            "8\u{2013}30 days",
            "> 30 days",
        ]);
        assert_ne!(
            map_to_choice("Critical within 7 days, high within 30 days", &choices).as_deref(),
            Some("> 30 days")
        );
        assert!(bounds_a_quantity("> 30 days") && bounds_a_quantity("1000+"));
        assert!(bounds_a_quantity("8\u{2013}30 days") && bounds_a_quantity("50-249"));
        assert!(!bounds_a_quantity("ISO 27001") && !bounds_a_quantity("TLS 1.2"));
        // A named value with a number is still named.
        let clouds = bands(&["ISO 27001", "SOC 2", "None"]);
        assert_eq!(
            map_to_choice("Certified to ISO 27001", &clouds).as_deref(),
            Some("ISO 27001")
        );
    }

    #[test]
    fn a_value_after_an_opening_yes_is_read_and_a_no_never_dropped() {
        assert_eq!(
            value_after_yes("Yes: United States or European Union").as_deref(),
            Some("United States or European Union")
        );
        assert_eq!(
            value_after_yes("yes, quarterly").as_deref(),
            Some("Quarterly")
        );
        assert_eq!(value_after_yes("Yes"), None);
        assert_eq!(value_after_yes("No: only in the US"), None);
        assert_eq!(value_after_yes("Yesterday's backup"), None);
    }

    fn outcome(scores: &[f64]) -> MatchOutcome {
        MatchOutcome {
            candidates: scores
                .iter()
                .enumerate()
                .map(|(entry, &score)| Candidate {
                    entry,
                    score,
                    relevance: score,
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn statuses_need_strength_and_margin() {
        let t = Thresholds::default();
        assert_eq!(status(&outcome(&[0.95, 0.5]), &t), Status::Answered);
        assert_eq!(
            status(&outcome(&[0.95, 0.9]), &t),
            Status::Review,
            "too close to the runner-up"
        );
        assert_eq!(status(&outcome(&[0.5]), &t), Status::Review);
        assert_eq!(status(&outcome(&[0.1]), &t), Status::Unanswered);
        assert_eq!(status(&outcome(&[]), &t), Status::Unanswered);
    }

    #[test]
    fn thresholds_are_checked() {
        assert!(
            Thresholds {
                answered_at: 1.5,
                ..Default::default()
            }
            .validate()
            .is_err()
        );
        assert!(
            Thresholds {
                answered_at: 0.5,
                review_at: 0.6,
                ..Default::default()
            }
            .validate()
            .is_err()
        );
        assert!(Thresholds::default().validate().is_ok());
    }

    #[test]
    fn a_lone_tick_takes_a_yes_and_nothing_else() {
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let tick = list(&["X"]);
        assert_eq!(tick_box(&tick), Some(&"X".to_string()));
        assert_eq!(
            map_to_choice("Yes, ISO/IEC 27001:2022", &tick).as_deref(),
            Some("X")
        );
        assert_eq!(map_to_choice("No", &tick), None);
        assert_eq!(map_to_choice("Annually", &tick), None);
        assert_eq!(tick_box(&list(&["Yes"])), None, "a lone Yes is a choice");
        assert_eq!(tick_box(&list(&["X", "N/A"])), None);
    }

    #[test]
    fn answers_map_onto_dropdowns() {
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let cases = [
            ("Yes", list(&["Yes", "No", "NA"]), Some("Yes")),
            (
                "yes",
                list(&["1) Yes", "2) No", "3) Both modes available", "4) N/A"]),
                Some("1) Yes"),
            ),
            ("N/A", list(&["Yes", "No", "NA"]), Some("NA")),
            ("Not applicable", list(&["Yes", "No", "N/A"]), Some("N/A")),
            ("No", list(&["Y", "N"]), Some("N")),
            ("Yes, annually", list(&["Yes", "No"]), Some("Yes")),
            ("Annually", list(&["Yes", "No"]), None),
            (
                "Tier III",
                list(&["Tier I", "Tier II", "Tier III", "N/A"]),
                Some("Tier III"),
            ),
            ("N/A", list(&["Yes", "No"]), None),
            ("True", list(&["TRUE", "FALSE"]), Some("TRUE")),
            (
                "Amazon Web Services (AWS)",
                list(&["Self-Managed", "AWS", "Azure", "Google Cloud", "Other"]),
                Some("AWS"),
            ),
            (
                "AWS GovCloud (US)",
                list(&["AWS", "AWS GovCloud", "Azure"]),
                Some("AWS GovCloud"),
            ),
            (
                "Hosted on AWS and Azure",
                list(&["AWS", "Azure", "Other"]),
                None,
            ),
            ("We do not use AWS", list(&["AWS", "Azure"]), None),
            ("Other than AWS, none", list(&["AWS", "Other"]), None),
            ("AWS, among others", list(&["AWS", "Other"]), Some("AWS")),
            (
                "Quarterly reviews",
                list(&["Monthly", "Quarterly", "Annually"]),
                Some("Quarterly"),
            ),
            ("At least annually", list(&["Yes", "No"]), None),
            // Bilingual and translated lists.
            (
                "Yes",
                list(&["Sí / Yes", "No / No", "N/A"]),
                Some("Sí / Yes"),
            ),
            (
                "No",
                list(&["نعم / Yes", "لا / No", "غير منطبق / N/A"]),
                Some("لا / No"),
            ),
            (
                "N/A",
                list(&["نعم / Yes", "لا / No", "غير منطبق / N/A"]),
                Some("غير منطبق / N/A"),
            ),
            ("Yes", list(&["Oui", "Non", "Sans objet"]), Some("Oui")),
            (
                "N/A",
                list(&["Ja", "Nein", "Nicht zutreffend"]),
                Some("Nicht zutreffend"),
            ),
            ("N/A", list(&["Ja", "Nee", "N.v.t."]), Some("N.v.t.")),
            ("Yes", list(&["כן", "לא", "לא רלוונטי"]), Some("כן")),
            ("No", list(&["Да", "Нет", "Не применимо"]), Some("Нет")),
            (
                "N/A",
                list(&["Tak", "Nie", "Nie dotyczy"]),
                Some("Nie dotyczy"),
            ),
            ("No", list(&["Ja", "Nej"]), Some("Nej")),
            ("Yes", list(&["Ναι", "Όχι"]), Some("Ναι")),
            ("No", list(&["Evet", "Hayır"]), Some("Hayır")),
            (
                "N/A",
                list(&["Sim", "Não", "Não se aplica"]),
                Some("Não se aplica"),
            ),
            ("Yes", list(&["Yes/No", "Partial"]), None),
            // A number opens "1 hour"; it says no yes.
            ("1 hour", list(&["Yes", "No"]), None),
            ("0 incidents", list(&["Yes", "No"]), None),
            (
                "Yes",
                list(&[
                    "Fully Implemented",
                    "Partially Implemented",
                    "Not Implemented",
                ]),
                Some("Fully Implemented"),
            ),
            (
                "No",
                list(&[
                    "Fully Implemented",
                    "Partially Implemented",
                    "Not Implemented",
                ]),
                Some("Not Implemented"),
            ),
            (
                "Yes, with exceptions",
                list(&["Yes - Partially", "No", "Not Applicable"]),
                None,
            ),
            (
                "Yes",
                list(&["Yes - Fully", "Yes - Partially", "No", "Not Applicable"]),
                Some("Yes - Fully"),
            ),
            (
                "Yes",
                list(&["Strongly agree", "Agree", "Disagree"]),
                Some("Agree"),
            ),
            ("No", list(&["Agree", "Disagree"]), Some("Disagree")),
            // A part that asks for more says nothing against the verdict.
            (
                "No",
                list(&[
                    "Yes",
                    "Yes – see comments",
                    "No – see comments",
                    "Not applicable",
                ]),
                Some("No – see comments"),
            ),
            (
                "Yes",
                list(&["Yes – see comments", "Yes", "No (please explain)"]),
                Some("Yes"),
            ),
            (
                "No",
                list(&["Yes", "No - please explain"]),
                Some("No - please explain"),
            ),
            (
                "Yes",
                list(&["1 - Yes", "2 - No", "3 - N/A"]),
                Some("1 - Yes"),
            ),
            ("No", list(&["1-Yes", "0-No"]), Some("0-No")),
            (
                "N/A",
                list(&[
                    "Yes - Compliant",
                    "No - Not Compliant",
                    "N/A - Not Applicable",
                ]),
                Some("N/A - Not Applicable"),
            ),
            ("Yes", list(&["Yes (1)", "No (0)"]), Some("Yes (1)")),
            (
                "No",
                list(&[
                    "0 - Not implemented",
                    "1 - Partially implemented",
                    "2 - Fully implemented",
                ]),
                Some("0 - Not implemented"),
            ),
            (
                "Yes",
                list(&["Non-Compliant", "Compliant"]),
                Some("Compliant"),
            ),
            ("Yes", list(&["Yes - Partially", "No"]), None),
            (
                "No",
                list(&["Fully Complies", "Partially Complies", "Does Not Comply"]),
                Some("Does Not Comply"),
            ),
            (
                "Yes, annually",
                list(&["Fully Complies", "Partially Complies", "Does Not Comply"]),
                Some("Fully Complies"),
            ),
            (
                "Partially: on email, not on endpoints",
                list(&["Yes", "No", "Partial", "N/A"]),
                Some("Partial"),
            ),
            (
                "Partially",
                list(&["Compliant", "Partially Compliant", "Non-Compliant"]),
                Some("Partially Compliant"),
            ),
            (
                "Partially",
                list(&["Yes - Fully", "Partially", "No"]),
                Some("Partially"),
            ),
            ("Partially", list(&["Yes", "No", "N/A"]), None),
            (
                "Yes (AES-256)",
                list(&[
                    "Yes \u{2013} the control is fully implemented",
                    "Partially \u{2013} the control is partly implemented",
                    "No \u{2013} the control is not implemented",
                ]),
                Some("Yes \u{2013} the control is fully implemented"),
            ),
            (
                "No",
                list(&[
                    "Yes - the control is fully implemented",
                    "No - the control is not implemented",
                ]),
                Some("No - the control is not implemented"),
            ),
            (
                "Yes",
                list(&["Yes - with compensating controls", "Yes", "No"]),
                Some("Yes"),
            ),
            ("Yes", list(&["Yes - but not for all systems", "No"]), None),
            ("Yes", list(&["0", "1", "2", "3"]), None),
            ("No", list(&["1", "0"]), Some("0")),
            (
                "Yes, weekly",
                list(&["Daily", "Weekly", "Monthly"]),
                Some("Weekly"),
            ),
            (
                "Yes, at hire and annually",
                list(&["At hire", "Annually", "Never"]),
                None,
            ),
        ];
        for (answer, choices, want) in cases {
            assert_eq!(
                map_to_choice(answer, &choices).as_deref(),
                want,
                "{answer} onto {choices:?}"
            );
        }
    }

    #[test]
    fn japanese_marks_answer_yes_and_no() {
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let marks = list(&["○", "×", "－"]);
        assert_eq!(map_to_choice("Yes", &marks).as_deref(), Some("○"));
        assert_eq!(map_to_choice("No, never", &marks).as_deref(), Some("×"));
        assert!(is_verdict_list(&marks));
        let exists = list(&["有", "無"]);
        assert_eq!(map_to_choice("Yes", &exists).as_deref(), Some("有"));
        // Radio buttons: the empty circle is no answer.
        let radio = list(&["○", "●"]);
        assert_ne!(map_to_choice("Yes", &radio).as_deref(), Some("○"));
        // A tick beside a cross.
        let ticks = list(&["✓", "✗"]);
        assert_eq!(map_to_choice("Yes", &ticks).as_deref(), Some("✓"));
        assert_eq!(map_to_choice("No", &ticks).as_deref(), Some("✗"));
        assert!(is_verdict_list(&ticks));
    }

    #[test]
    fn verdicts_in_the_languages_questionnaires_come_in() {
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let french = list(&[
            "Conforme",
            "Partiellement conforme",
            "Non conforme",
            "Sans objet",
        ]);
        assert_eq!(map_to_choice("Yes", &french).as_deref(), Some("Conforme"));
        assert_eq!(
            map_to_choice("No", &french).as_deref(),
            Some("Non conforme")
        );
        assert_eq!(map_to_choice("N/A", &french).as_deref(), Some("Sans objet"));
        assert_eq!(
            map_to_choice("Partially: on email only", &french).as_deref(),
            Some("Partiellement conforme")
        );
        let german = list(&["Erfüllt", "Teilweise erfüllt", "Nicht erfüllt"]);
        assert_eq!(
            map_to_choice("No", &german).as_deref(),
            Some("Nicht erfüllt")
        );
    }

    #[test]
    fn traffic_lights_and_sentences_carry_their_verdict() {
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let rag = list(&[
            "Green – fully implemented",
            "Amber – partially implemented",
            "Red – not implemented",
        ]);
        assert_eq!(
            map_to_choice("Yes", &rag).as_deref(),
            Some("Green – fully implemented")
        );
        assert_eq!(
            map_to_choice("No", &rag).as_deref(),
            Some("Red – not implemented")
        );
        let sentences = list(&[
            "We fully meet this requirement",
            "We partially meet this requirement",
            "We do not meet this requirement",
        ]);
        assert_eq!(
            map_to_choice("Yes, annually", &sentences).as_deref(),
            Some("We fully meet this requirement")
        );
        assert_eq!(
            map_to_choice("No", &sentences).as_deref(),
            Some("We do not meet this requirement")
        );
        let meets = list(&["Meets", "Partially meets", "Does not meet", "N/A"]);
        assert_eq!(map_to_choice("Yes", &meets).as_deref(), Some("Meets"));
        assert_eq!(
            map_to_choice("No", &meets).as_deref(),
            Some("Does not meet")
        );
    }

    #[test]
    fn a_no_that_qualifies_the_words_after_it_is_no_verdict() {
        let yes_no: Vec<String> = ["Yes", "No", "N/A"].map(String::from).to_vec();
        for phrase in [
            "No more than two break-glass accounts, sealed",
            "No more than 15 minutes of data (the RPO)",
            "No standing admin rights",
            "No one holds standing admin rights in production",
        ] {
            assert_eq!(verdict(phrase), None, "{phrase}");
            assert_eq!(map_to_choice(phrase, &yes_no), None, "{phrase}");
        }
        for verdict_first in [
            "No, never",
            "No. We do not.",
            "No - not offered",
            "No; see detail",
            "No\nThe service has no such feature.",
        ] {
            assert_eq!(verdict(verdict_first), Some("no"), "{verdict_first}");
        }
        assert_eq!(verdict("Yes annually"), Some("yes"));
    }

    #[test]
    fn a_list_of_drawn_boxes_takes_the_row_with_the_answer_ticked() {
        let choices: Vec<String> = [
            "☐ Yes ☐ No ☐ N/A",
            "☑ Yes ☐ No ☐ N/A",
            "☐ Yes ☑ No ☐ N/A",
            "☐ Yes ☐ No ☑ N/A",
        ]
        .map(String::from)
        .to_vec();
        let pick = |a: &str| map_to_choice(a, &choices);
        assert_eq!(pick("Yes, weekly").as_deref(), Some("☑ Yes ☐ No ☐ N/A"));
        assert_eq!(pick("No. We do not.").as_deref(), Some("☐ Yes ☑ No ☐ N/A"));
        assert_eq!(pick("Not applicable").as_deref(), Some("☐ Yes ☐ No ☑ N/A"));
        assert_eq!(pick("Within 72 hours"), None);
        assert_eq!(verdict("No. We do not."), Some("no"), "not an item letter");
        assert_eq!(
            ticked_label("☒ Annually ☐ Quarterly").as_deref(),
            Some("Annually")
        );
        assert_eq!(
            ticked_label("☑ Yes"),
            None,
            "no empty box: not a row of boxes"
        );
    }
}
