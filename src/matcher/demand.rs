//! What a question demands and how it is put, where the wording says so:
//! "How many engineers may approve…" wants a number, and an entry whose
//! answer gives none ("Yes, through Teleport with a second approver") may
//! share every word with the question and still not answer it. The same
//! goes for which/when questions against a bare Yes, "when was it last"
//! against an answer without a date, a measure ("5 minutes") the entry
//! never states, and a compound question ("A and B") against one half
//! (`parties` reads who a question is about). Such a match is never confident (see `score::Features::thin_evidence`).
//! The question's shape is read here too: the part before guidance that
//! follows its question mark ([`focus`]).

/// Words that name a quantity in an answer: "none", "two", "a dozen".
const NUMBER_WORDS: &[&str] = &[
    "zero",
    "none",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "dozen",
    "dozens",
    "single",
    "unlimited",
    "both",
];

/// What a "what is the … number" question measures.
const QUANTITIES: &[&str] = &[
    "number",
    "numbers",
    "percentage",
    "percent",
    "proportion",
    "count",
    "amount",
    "headcount",
];

/// Words that may stand between "what" and the quantity it asks for.
const QUALIFIERS: &[&str] = &[
    "is",
    "s",
    "are",
    "was",
    "were",
    "the",
    "your",
    "maximum",
    "minimum",
    "max",
    "min",
    "total",
    "average",
    "current",
    "typical",
    "approximate",
    "exact",
    "overall",
];

/// Lower-cased words; `hyphens` keeps "one-time" one word.
pub(super) fn tokens(text: &str, hyphens: bool) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || (hyphens && c == '-')))
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether the question asks for a number: "How many…", "How much…", "What
/// is the maximum number of…", "What percentage…", or a fragment that is a
/// count ("Number of employees", "Headcount"). "After a number of failed
/// attempts" asks for none.
pub fn asks_number(question: &str) -> bool {
    let t = tokens(question, false);
    let word = |i: usize| t.get(i).map_or("", String::as_str);
    // An amount in a currency ("Cyber insurance cover (USD)", "Limit in
    // EUR") or a share ("% of staff trained").
    const CURRENCIES: &[&str] = &[
        "usd", "eur", "gbp", "chf", "aud", "cad", "jpy", "inr", "sgd",
    ];
    let unit = |u: &str| {
        let inner = u
            .trim()
            .trim_matches(['(', ')', '[', ']'])
            .trim()
            .to_lowercase();
        CURRENCIES.contains(&inner.as_str()) || matches!(inner.as_str(), "$" | "€" | "£" | "%")
    };
    let bracketed = question
        .split(['(', '['])
        .skip(1)
        .filter_map(|part| part.split([')', ']']).next())
        .any(unit);
    let share = asks_share(question);
    // "Limit in EUR", not "Do you accept payment in USD?".
    let in_currency = !is_polar(question)
        && t.windows(2)
            .any(|p| p[0] == "in" && CURRENCIES.contains(&p[1].as_str()));
    if bracketed || share || in_currency {
        return true;
    }
    let fragment_count = matches!(
        (word(0), word(1)),
        ("number" | "percentage" | "proportion" | "count", "of")
            | ("total" | "approximate", "number")
    ) || (t.len() <= 4 && t.iter().any(|w| w == "headcount"));
    fragment_count
        || (0..t.len()).any(|i| {
            (word(i) == "how" && matches!(word(i + 1), "many" | "much"))
                || (word(i) == "what" && {
                    let rest = (i + 1..t.len()).find(|&j| !QUALIFIERS.contains(&word(j)));
                    rest.is_some_and(|j| QUANTITIES.contains(&word(j)) || rate_at(&t, j))
                })
        })
}

/// Whether the question asks for a share: "What percentage of…", "% of
/// staff trained", "Proportion of…". An answer with some other number
/// ("Annually, within 30 days of joining") does not give it.
pub fn asks_share(question: &str) -> bool {
    let t = tokens(question, false);
    let share_word = |w: &String| matches!(w.as_str(), "percentage" | "percent" | "proportion");
    let opens = t.first().is_some_and(share_word)
        || t.windows(2).any(|p| p[0] == "what" && share_word(&p[1]));
    opens
        || question.match_indices("% of").any(|(at, _)| {
            !question[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_digit())
        })
}

/// Whether a question asks for a number or a share that `answer` does not
/// give ("Cyber insurance cover (USD)" against "Yes").
pub fn lacks_asked_number(question: &str, answer: &str) -> bool {
    asks_number(question) && !gives_number(answer) || asks_share(question) && !gives_share(answer)
}

/// Whether an answer gives a share ("98%", "100 percent", "all").
pub fn gives_share(answer: &str) -> bool {
    let lower = answer.to_lowercase();
    lower.contains('%') || lower.contains("percent") || lower.contains("all ")
}

/// Whether a rate ends the noun phrase that starts at `start` within three
/// words ("what was your phishing click rate in…", "what is the pass
/// rate?"); "what rate limiting…" asks for none.
fn rate_at(t: &[String], start: usize) -> bool {
    const RATES: &[&str] = &["rate", "rates", "ratio", "percentage", "percent"];
    const AFTER: &[&str] = &[
        "", "in", "of", "for", "across", "during", "over", "at", "on", "is", "was", "from", "per",
        "among", "last", "this",
    ];
    (start..t.len().min(start + 4)).any(|j| {
        RATES.contains(&t[j].as_str()) && AFTER.contains(&t.get(j + 1).map_or("", String::as_str))
    })
}

/// Verbs that open a request for an account: "Describe…", "Please explain…".
const ACCOUNT_VERBS: &[&str] = &[
    "describe",
    "explain",
    "outline",
    "detail",
    "summarise",
    "summarize",
    "elaborate",
    "list",
    "specify",
    "state",
    "identify",
    "share",
];

/// Question words that want more than yes or no.
const WH_WORDS: &[&str] = &["how", "what", "which", "where", "who", "when", "why"];

/// Whether the question asks for an account rather than a yes or no:
/// "Describe…", "Please explain…", "How do you…", "What…", "Use this area
/// to share…", "Tell us about…". A question that
/// opens as a yes/no one ("Do you…? Describe…") or a fragment ("Pen test
/// frequency") does not.
pub fn asks_for_account(question: &str) -> bool {
    let lower = question.to_lowercase();
    if ["yes/no", "yes / no", "(y/n)", "[y/n]"]
        .iter()
        .any(|h| lower.contains(h))
    {
        return false;
    }
    let t = tokens(&without_references(question), false);
    if opens_account(&t) {
        return true;
    }
    // Contract language: "The Contractor shall describe…", "Bidders must
    // explain…", "The supplier is required to describe…": the request
    // starts after the obligation.
    let obliged = t
        .iter()
        .take(6)
        .position(|w| matches!(w.as_str(), "shall" | "must" | "should" | "required"));
    obliged.is_some_and(|i| {
        let to = usize::from(t.get(i + 1).is_some_and(|w| w == "to"));
        opens_account(&t[i + 1 + to..])
    })
}

/// Whether words `t` open a request for an account (see [`asks_for_account`]).
fn opens_account(t: &[String]) -> bool {
    let mut words = t
        .iter()
        .map(String::as_str)
        // Leading numbering ("1.2") and courtesy ("please", "kindly").
        .skip_while(|w| w.chars().all(|c| c.is_ascii_digit()) || matches!(*w, "please" | "kindly"));
    match words.next() {
        Some(w) if ACCOUNT_VERBS.contains(&w) || WH_WORDS.contains(&w) => true,
        // "Provide a description / an overview / details of…"
        Some("provide" | "give") => words.take(3).any(|w| {
            matches!(
                w,
                "description" | "overview" | "summary" | "details" | "explanation" | "account"
            )
        }),
        // "Use this area to share…", "Use this space to describe…": the
        // prompt of a free-text cell.
        Some("use") => {
            let next: Vec<&str> = words.take(10).collect();
            // "Use this column to provide your answer (Yes/No)" asks for a verdict.
            if next.iter().any(|w| matches!(*w, "yes" | "no" | "y" | "n")) {
                return false;
            }
            let place = next.iter().any(|w| {
                matches!(
                    *w,
                    "area" | "space" | "field" | "section" | "box" | "cell" | "column"
                )
            });
            let verb = next.iter().any(|w| {
                ACCOUNT_VERBS.contains(w) || matches!(*w, "provide" | "give" | "tell" | "add")
            });
            place && verb
        }
        // "Tell us about…"
        Some("tell") => words.next() == Some("us"),
        _ => false,
    }
}

/// The first `n` words of a text, lowercased, after its numbering ("1.2")
/// and courtesy ("please", "kindly"); only those words are read, so it is
/// cheap on long texts (start-up runs it on every phrasing).
fn leading(text: &str, n: usize) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .skip_while(|w| {
            w.chars().all(|c| c.is_ascii_digit()) || matches!(w.as_str(), "please" | "kindly")
        })
        .take(n)
        .collect()
}

/// The question's main clause after a leading condition ("If personal
/// data leaves the EEA, which transfer mechanism…" asks "which transfer
/// mechanism…").
fn main_clause(question: &str) -> Option<&str> {
    const CONDITIONS: &[&str] = &[
        "if",
        "for",
        "where",
        "when",
        "whenever",
        "regarding",
        "assuming",
        "unless",
        "given",
        "should",
        "once",
        "after",
        "before",
        "in",
    ];
    let first = leading(question, 1);
    let conditional = first
        .first()
        .is_some_and(|w| CONDITIONS.contains(&w.as_str()));
    question
        .split_once(',')
        .map(|(_, rest)| rest)
        .filter(|rest| conditional && !rest.trim().is_empty())
}

/// Whether the question asks for a thing a bare Yes or No cannot give: a
/// name, a time, a place, a frequency or an amount ("Which identity provider
/// do you use?", "When was your last DR test?", "How often are firewall rules
/// reviewed?", "In which country are backups kept?"). "How do you…" asks for
/// an account, which a Yes with its detail may still open, so it is not one.
pub fn asks_open(question: &str) -> bool {
    opens(question) || main_clause(question).is_some_and(opens)
}

fn opens(question: &str) -> bool {
    let t = leading(question, 2);
    let word = |i: usize| t.get(i).map_or("", String::as_str);
    let (first, second) = (word(0), word(1));
    match first {
        "what" | "which" | "who" | "whom" | "whose" | "when" | "where" => true,
        "how" => matches!(
            second,
            "often" | "frequently" | "long" | "many" | "much" | "soon" | "quickly" | "fast"
        ),
        "in" | "on" | "at" | "to" | "from" | "by" | "within" | "for" => {
            matches!(second, "which" | "what" | "whom" | "when")
        }
        _ => false,
    }
}

/// Whether the question asks for a name: "Which firm carried out…", "Who
/// is your auditor?", "What is the name of your MDR provider?", "In which
/// region…". An entry that only asks whether ("Do you have independent
/// penetration tests?") answers the topic, not the name.
pub fn asks_name(question: &str) -> bool {
    names(question) || main_clause(question).is_some_and(names)
}

fn names(question: &str) -> bool {
    let t = leading(question, 5);
    let first = t.first().map_or("", String::as_str);
    let rest: Vec<&str> = t.iter().skip(1).map(String::as_str).collect();
    match first {
        "which" | "who" | "whom" | "whose" => true,
        "name" => true,
        "what" => matches!(rest.as_slice(), ["is" | "are", "the", "name" | "names", ..]),
        "in" | "on" | "at" | "to" | "from" | "by" | "with" => rest.first() == Some(&"which"),
        _ => false,
    }
}

/// Whether an entry's question asks yes or no ("Do you…", "Is the…").
pub fn is_polar(question: &str) -> bool {
    let t = leading(question, 1);
    matches!(
        t.first().map_or("", String::as_str),
        "do" | "does"
            | "did"
            | "is"
            | "are"
            | "was"
            | "were"
            | "can"
            | "could"
            | "have"
            | "has"
            | "will"
            | "would"
            | "shall"
            | "should"
            | "may"
            | "must"
    )
}

/// Stemmed units a number may measure, and the concept tokens the thesaurus
/// folds some of them into ("24 hours" is "24 hourly").
const UNITS: &[&str] = &[
    "second", "sec", "minut", "min", "hour", "hr", "hrs", "hourly", "day", "daily", "week",
    "weekly", "month", "monthly", "year", "annual", "percent", "charact", "char", "attempt",
    "time", "digit", "gb", "tb", "mb", "bit",
];
/// Words that a number after them ranks ("Level 2", "Tier 3").
const RANKS: &[&str] = &["level", "tier", "version"];

/// The positions of the numbers in a question's terms that state a measure:
/// a number before a unit ("5 minutes", "12 characters", "24 hours") or after
/// a rank ("Level 2"). Numbers in identifiers ("NIST SP 800-88",
/// "24 x 7 x 365", "K-12") measure nothing and are left out.
pub fn measures(terms: &[String]) -> impl Iterator<Item = usize> + '_ {
    let number = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    // A count after a floor or cap ("at least two reviewers", "no more than
    // 3 attempts"), in digits or words.
    const COUNTS: &[&str] = &[
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve",
    ];
    const BOUNDS: &[&str] = &["least", "minimum", "than", "most", "maximum"];
    (0..terms.len()).filter(move |&i| {
        let t = terms[i].as_str();
        let bounded = i
            .checked_sub(1)
            .is_some_and(|p| BOUNDS.contains(&terms[p].as_str()))
            && (number(t) || COUNTS.contains(&t));
        bounded
            || number(t)
                && (terms
                    .get(i + 1)
                    .is_some_and(|u| UNITS.contains(&u.as_str()))
                    || i.checked_sub(1).is_some_and(|p| {
                        RANKS.contains(&terms[p].as_str()) || is_year(t) && is_standard(&terms[p])
                    }))
    })
}

/// A year a standard's version carries ("27001:2013").
fn is_year(t: &str) -> bool {
    t.len() == 4 && t.parse::<u32>().is_ok_and(|y| (1990..2040).contains(&y))
}

/// A standard's token as the thesaurus folds it ("iso27001", "soc2"):
/// letters and digits.
fn is_standard(t: &str) -> bool {
    t.bytes().any(|b| b.is_ascii_digit()) && t.bytes().any(|b| b.is_ascii_alphabetic())
}

/// Whether the question asks how two things relate ("Is production
/// segregated from development?", "between staff and contractors") rather
/// than about each: then naming both is one question, not two.
pub fn relates(question: &str) -> bool {
    const STEMS: &[&str] = &[
        "segregat",
        "separat",
        "segment",
        "isolat",
        "distinguish",
        "differen",
    ];
    tokens(question, false).iter().any(|w| {
        STEMS.iter().any(|s| w.starts_with(s)) || matches!(w.as_str(), "between" | "vs" | "versus")
    })
}

/// Whether the question joins things it asks about ("at rest and in
/// transit", "both a DPA and a BAA") without offering them as alternatives
/// or examples ("NIST CSF or ISO 27001", "e.g. SOC 2, ISO 27001"), where one
/// of them is enough.
pub fn conjoins(question: &str) -> bool {
    let t = tokens(question, false);
    let has = |w: &str| t.iter().any(|x| x == w);
    // Parts listed on lines of their own ("Is customer data encrypted?\n-
    // at rest\n- in transit") are joined as "and" joins them, unless the
    // lead-in offers them as a choice ("Which of the following…").
    let listed = listed_items(question) >= 2
        && !["which", "following", "select", "any", "one"]
            .iter()
            .any(|w| has(w));
    let joined = has("and") || has("both") || has("plus") || question.contains('&') || listed;
    let alternatives = has("or")
        || has("eg")
        || has("either")
        || has("including")
        || has("like")
        || t.windows(2).any(|p| {
            matches!(
                (p[0].as_str(), p[1].as_str()),
                ("e", "g") | ("such", "as") | ("for", "example") | ("for", "instance")
            )
        });
    joined && !alternatives
}

/// The question without the sender's bracketed references to its own
/// requirements or to framework controls ("(ref: 4.2.1)", "[CC6.1, A.8.5]",
/// "(Req. ID: GOV-007)", "{SAT-01}") and without answer-format hints
/// ("[Free text]", "(Yes/No)", "Free text: Describe…"): their words are not
/// what the question asks, and they only lower the match or hide a
/// "Describe…". A bracket that qualifies the question ("(AES-256)", "(TLS
/// 1.2)", "(Level 2)", "(ISO 27001)") is kept.
pub fn without_references(question: &str) -> std::borrow::Cow<'_, str> {
    let unprefixed = question
        .split_once(':')
        .filter(|(head, tail)| is_format_hint(head) && !tail.trim().is_empty())
        .map_or(question, |(_, tail)| tail.trim_start());
    let mut out = String::new();
    let mut rest = unprefixed;
    let mut changed = false;
    while let Some(open) = rest.find(['(', '[', '{']) {
        let close_char = match rest.as_bytes()[open] {
            b'(' => ')',
            b'[' => ']',
            _ => '}',
        };
        let Some(len) = rest[open + 1..].find(close_char) else {
            break;
        };
        let inner = &rest[open + 1..open + 1 + len];
        out.push_str(&rest[..open]);
        if is_reference(inner, close_char != ')') || is_format_hint(inner) {
            changed = true;
        } else {
            out.push_str(&rest[open..open + len + 2]);
        }
        rest = &rest[open + len + 2..];
    }
    if !changed {
        return std::borrow::Cow::Borrowed(unprefixed);
    }
    out.push_str(rest);
    let joined = out.split_whitespace().collect::<Vec<_>>().join(" ");
    std::borrow::Cow::Owned(
        joined
            .replace(" ?", "?")
            .replace(" .", ".")
            .replace(" ,", ","),
    )
}

/// Whether a bracket's or a prefix's text names only the answer's format
/// or whether it is required ("Free text", "Yes/No", "Select one").
fn is_format_hint(text: &str) -> bool {
    const HINTS: &[&str] = &[
        "free text",
        "free-text",
        "freetext",
        "text",
        "narrative",
        "yes/no",
        "y/n",
        "yes / no",
        "yes/no/na",
        "yes/no/n/a",
        "select one",
        "select",
        "choose one",
        "multiple choice",
        "single choice",
        "drop down",
        "dropdown",
        "date",
        "number",
        "numeric",
        "required",
        "mandatory",
        "optional",
        "free text response",
        "text response",
    ];
    let t = text.trim().to_lowercase();
    HINTS.contains(&t.as_str())
}

/// Whether a bracket's contents are a reference: a reference word first
/// ("ref", "req", "see"), or only ids with framework names, at least one of
/// them a control id ("CC6.1", "A.8.5", "4.2.1") or, in square brackets or
/// braces, any lettered id ("GOV-007").
fn is_reference(inner: &str, squared: bool) -> bool {
    const KEYWORDS: &[&str] = &[
        "ref",
        "refs",
        "reference",
        "references",
        "req",
        "requirement",
        "id",
        "see",
        "section",
        "clause",
        "control",
        "controls",
        "mapping",
        "maps",
    ];
    const FRAMEWORKS: &[&str] = &[
        "iso",
        "iec",
        "iso/iec",
        "27001",
        "27002",
        "27001:2022",
        "27001:2013",
        "soc",
        "soc2",
        "2",
        "tsc",
        "nist",
        "csf",
        "sp",
        "cis",
        "pci",
        "dss",
        "hipaa",
        "gdpr",
        "art",
        "art.",
        "article",
        "ccm",
        "caiq",
        "and",
        "&",
    ];
    if inner.len() > 60 || !inner.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let tokens: Vec<String> = inner
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|t| !t.is_empty())
        .map(|t| t.trim_end_matches([':', '.']).to_lowercase())
        .collect();
    let Some(first) = tokens.first() else {
        return false;
    };
    if KEYWORDS.contains(&first.as_str()) {
        return true;
    }
    let control = |t: &str| {
        let dotted = t.split('.').count() >= 3
            && t.split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()));
        let soc2 = t.len() > 2
            && t.starts_with("cc")
            && t[2..].contains('.')
            && t[2..].chars().all(|c| c.is_ascii_digit() || c == '.');
        dotted || soc2
    };
    let lettered = |t: &str| {
        let (head, tail) = t.split_once('-').unwrap_or((t, ""));
        !head.is_empty()
            && head.chars().all(|c| c.is_ascii_alphabetic())
            && !tail.is_empty()
            && tail.chars().all(|c| c.is_ascii_digit())
    };
    let ids = tokens.iter().filter(|t| !FRAMEWORKS.contains(&t.as_str()));
    let mut any = false;
    for t in ids {
        if !(control(t) || squared && lettered(t)) {
            return false;
        }
        any = true;
    }
    any
}

/// The question a cell asks when guidance follows it: "Is customer data
/// encrypted at rest? Please include: the algorithm, where keys are
/// stored…" asks the part up to its question mark, and the guidance's words
/// (algorithm, keys, rotation) would only pull the match toward other
/// entries. A tail of a few words ("(Yes/No)") or one that asks a question
/// of its own ("Is it tested?") is kept.
pub fn focus(question: &str) -> &str {
    let question = labelled_part(question);
    let Some(mark) = question.find('?') else {
        return question;
    };
    let (head, tail) = question.split_at(mark + 1);
    // Parts listed under the question ("- at rest\n- in transit") are what
    // it asks, not guidance.
    let guidance =
        tail.split_whitespace().count() >= 4 && !tail.contains('?') && listed_items(tail) < 2;
    if guidance && head.split_whitespace().count() >= 3 {
        head
    } else {
        question
    }
}

/// How many lines of `text` open as items of a list: a bullet ("-", "•",
/// "*", "–") or a letter, number or roman numeral closed by ")" or "."
/// ("a)", "(b)", "2.", "iv)").
pub fn listed_items(text: &str) -> usize {
    let lines = text
        .lines()
        .filter(|line| {
            let line = line.trim_start();
            if line.starts_with(['-', '•', '*', '–', '·', '▪', '◦']) {
                return true;
            }
            let line = line.strip_prefix('(').unwrap_or(line);
            let Some(end) = line.find([')', '.']) else {
                return false;
            };
            let label = &line[..end];
            let letter = label.len() == 1 && label.chars().all(|c| c.is_ascii_alphabetic());
            let number =
                (1..=2).contains(&label.len()) && label.chars().all(|c| c.is_ascii_digit());
            let roman = (1..=4).contains(&label.len()) && label.chars().all(|c| "ivx".contains(c));
            (letter || number || roman) && line[end + 1..].starts_with(' ')
        })
        .count();
    lines.max(inline_items(text))
}

/// Bulleted parts a cell's lines were joined into ("Is customer data
/// encrypted? - at rest - in transit"): after the question's mark or a
/// colon (or from the start), parts each opened by a dash or bullet.
fn inline_items(text: &str) -> usize {
    let after = text.find(['?', ':']).map_or(text, |at| &text[at + 1..]);
    let tail = format!(" {}", after.trim());
    let opens = |t: &str| {
        [" - ", " \u{2022} ", " \u{2013} ", " * "]
            .iter()
            .any(|b| t.starts_with(b))
    };
    if !opens(&tail) {
        return 0;
    }
    [" - ", " \u{2022} ", " \u{2013} ", " * "]
        .iter()
        .map(|b| tail.split(b).filter(|p| !p.trim().is_empty()).count())
        .max()
        .unwrap_or(0)
}

/// The part of a cell written in labelled parts ("Context: … Question: Is
/// customer data encrypted at rest? Guidance: …") that the "Question:" or
/// "Requirement:" label opens, up to the next label; the context and the
/// guidance speak of other things (backups, replicas) the match must not
/// follow. A cell without such a label is taken whole.
fn labelled_part(cell: &str) -> &str {
    const OPENING: &[&str] = &["question:", "requirement:", "control question:"];
    const NEXT: &[&str] = &[
        "guidance:",
        "context:",
        "background:",
        "notes:",
        "note:",
        "evidence:",
        "example:",
        "examples:",
        "rationale:",
        "scope:",
    ];
    let lower = cell.to_ascii_lowercase();
    let at_word = |i: usize| i == 0 || !lower.as_bytes()[i - 1].is_ascii_alphanumeric();
    // A label opens the cell, a line or a sentence ("…backups.\n\nQuestion:"),
    // not a phrase ("Frequently asked question: …").
    let opens = |i: usize| {
        let before = lower[..i].trim_end_matches([' ', '\t']);
        before.is_empty() || before.ends_with(['\n', '.'])
    };
    let Some((start, len)) = OPENING
        .iter()
        .filter_map(|l| {
            lower
                .match_indices(l)
                .find(|(i, _)| opens(*i))
                .map(|(i, _)| (i, l.len()))
        })
        .min()
    else {
        return cell;
    };
    let body = start + len;
    let end = NEXT
        .iter()
        .filter_map(|l| {
            lower[body..]
                .match_indices(l)
                .find(|(i, _)| at_word(body + i))
                .map(|(i, _)| body + i)
        })
        .min()
        .unwrap_or(cell.len());
    let part = cell[body..end].trim();
    if part.split_whitespace().count() >= 3 {
        part
    } else {
        cell
    }
}

/// Whether the question gives a frequency as a floor ("at least once every
/// three months", "no less than annually", "quarterly or more often"): a
/// more frequent answer ("Weekly") then satisfies it rather than contradicts it.
pub fn frequency_floor(question: &str) -> bool {
    const CADENCE: &[&str] = &[
        "once",
        "twice",
        "every",
        "each",
        "per",
        "annually",
        "annual",
        "yearly",
        "quarterly",
        "monthly",
        "weekly",
        "daily",
        "hourly",
        "semiannually",
        "biannually",
    ];
    let t = tokens(question, false);
    let word = |i: usize| t.get(i).map_or("", String::as_str);
    (0..t.len()).any(|i| {
        let floor_ends = match (word(i), word(i + 1), word(i + 2)) {
            ("at", "least" | "minimum", _) => Some(i + 2),
            ("no" | "not", "less", "than") => Some(i + 3),
            ("at", "a", "minimum") => Some(i + 3),
            _ => None,
        };
        let more_often = matches!(word(i), "or" | "and")
            && word(i + 1) == "more"
            && matches!(word(i + 2), "often" | "frequently" | "frequent");
        more_often || floor_ends.is_some_and(|j| CADENCE.contains(&word(j)))
    })
}

/// Whether the question asks when something last happened ("When was your
/// last DR test?", "Date of the most recent penetration test", "…? Provide
/// the date."): a date, which a frequency ("Annually") does not give.
pub fn asks_date(question: &str) -> bool {
    let t = tokens(question, false);
    let has = |w: &str| t.iter().any(|x| x == w);
    let pair = |a: &str, b: &str| t.windows(2).any(|p| p[0] == a && p[1] == b);
    let recent = has("last") || has("latest") || pair("most", "recent") || has("recently");
    // "Date of the last test"; "the date of testing" in a request for a
    // report asks for the report.
    let date_of_last = t.iter().enumerate().any(|(i, w)| {
        w == "date"
            && t.get(i + 1).is_some_and(|n| n == "of")
            && t[i + 2..t.len().min(i + 5)]
                .iter()
                .any(|n| matches!(n.as_str(), "last" | "latest" | "recent"))
    });
    let give_date = ["provide", "give", "state"].iter().any(|v| {
        t.windows(3)
            .any(|p| p[0] == *v && p[1] == "the" && p[2] == "date")
    });
    // "When will the next report be issued?", "When does the period
    // end?": asked, not a clause ("When our contract ends, do you…").
    let asks_when = t.windows(2).any(|p| {
        p[0] == "when"
            && matches!(
                p[1].as_str(),
                "is" | "does" | "do" | "will" | "are" | "would"
            )
    });
    let ahead = ["next", "expire", "expires", "expiry", "end", "ends"]
        .iter()
        .any(|w| has(w));
    // Fragments: "DR test – last date", "Pen test: last performed".
    let fragment = pair("last", "date")
        || pair("date", "last")
        || pair("latest", "date")
        || t.windows(2).any(|p| {
            p[0] == "last"
                && matches!(
                    p[1].as_str(),
                    "performed" | "conducted" | "completed" | "tested" | "held" | "run"
                )
        }) && !t.first().is_some_and(|w| AUXILIARIES.contains(&w.as_str()));
    (has("when") && recent) || asks_when && ahead || date_of_last || give_date || fragment
}

/// Words that open a yes/no question.
pub(super) const AUXILIARIES: &[&str] = &[
    "is", "are", "do", "does", "did", "was", "were", "has", "have", "can", "will", "would",
    "should", "could", "must", "shall",
];

/// What a question asks about that only an entry written for it answers:
/// whether exceptions exist ("Are there any exceptions to your MFA
/// requirement?", where "Yes" from the MFA entry would admit some), or
/// whether something ever happened ("Have you ever had an incident where…",
/// which the entry on how isolation works does not answer). `None` for
/// other questions.
pub fn asks_special(question: &str) -> Option<Special> {
    let t = tokens(question, false);
    let has = |w: &[&str]| t.iter().any(|x| w.contains(&x.as_str()));
    if has(EXCEPTION_WORDS) {
        return Some(Special::Exceptions);
    }
    let ever = t.iter().enumerate().any(|(i, w)| {
        matches!(w.as_str(), "have" | "has" | "had")
            && t[i + 1..t.len().min(i + 4)].iter().any(|n| n == "ever")
    });
    // How the last one went ("Did your most recent DR test meet the RTO?",
    // "Did the last audit find exceptions?"): its outcome, not the practice.
    let recent = |i: usize| {
        t[i + 1..t.len().min(i + 6)]
            .iter()
            .any(|n| matches!(n.as_str(), "last" | "latest" | "recent" | "previous"))
    };
    let ever = ever || t.first().is_some_and(|w| w == "did") && recent(0);
    if ever || befell(&t) {
        return Some(Special::History);
    }
    if asks_to_share(&t) {
        return Some(Special::Sharing);
    }
    admits_hazard(question, &t).then_some(Special::Hazard)
}

/// Whether a question asks whether something exists: "Do you have a SOC 2
/// report?", "Is there a current penetration test report?", "Does your
/// company hold a SOC 2 Type II report?", without asking how to get it.
/// The caller checks it asks nothing [`asks_special`] finds (handing it
/// over, or whether it ever happened).
pub fn asks_existence(question: &str) -> bool {
    let t = tokens(question, false);
    let opens =
        |a: &str, b: &str| t.first().is_some_and(|w| w == a) && t.get(1).is_some_and(|w| w == b);
    let have = matches!(t.first().map(String::as_str), Some("do" | "does"))
        && t[1..t.len().min(5)]
            .iter()
            .any(|w| matches!(w.as_str(), "have" | "hold" | "possess"));
    // "Is there an NDA to obtain the report?" asks how to get it.
    let getting = t.iter().any(|w| {
        matches!(
            w.as_str(),
            "obtain"
                | "get"
                | "access"
                | "request"
                | "available"
                | "receive"
                | "download"
                | "review"
                | "see"
                | "view"
                | "copy"
        )
    });
    (have || opens("is", "there") || opens("are", "there")) && !getting
}

/// Whether a yes-or-no question asks if something to avoid is present: "Do
/// you run any unsupported operating systems?", "Are any systems running
/// end-of-life software?", "Do you allow shared accounts?". Its Yes
/// confesses the thing; an entry asked the other way round ("Do you run
/// only supported software?", "Is end-of-life software kept out of
/// production?") answers Yes to the opposite question. "Do you track
/// end-of-life dates?" and "Do you have a legacy system inventory?" ask of a
/// practice, not of the thing.
fn admits_hazard(question: &str, t: &[String]) -> bool {
    if !is_polar(question) {
        return false;
    }
    let clause = main_clause(question).map_or_else(|| t.to_vec(), |c| tokens(c, false));
    let c = clause.as_slice();
    (0..c.len()).any(|i| {
        let Some(len) = hazard_at(c, i) else {
            return false;
        };
        let after = c.get(i + len).map_or("", String::as_str);
        let before = &c[i.saturating_sub(4)..i];
        let present = before
            .iter()
            .any(|w| PRESENCE.contains(&w.as_str()) || w == "any");
        present && !PRACTICES.contains(&after)
    })
}

/// Verbs that say a thing is there: "Do you run…", "Are any systems
/// running…", "Is … permitted".
const PRESENCE: &[&str] = &[
    "run",
    "runs",
    "running",
    "have",
    "has",
    "use",
    "uses",
    "using",
    "used",
    "allow",
    "allows",
    "allowed",
    "permit",
    "permits",
    "permitted",
    "store",
    "stores",
    "stored",
    "host",
    "hosts",
    "hosted",
    "operate",
    "operates",
    "contain",
    "contains",
    "exist",
    "exists",
    "maintain",
    "remain",
    "remains",
];

/// Nouns after the thing that make the question one about a practice ("end
/// of life tracking", "legacy system inventory", "default password
/// policy").
const PRACTICES: &[&str] = &[
    "policy",
    "policies",
    "process",
    "processes",
    "procedure",
    "procedures",
    "plan",
    "plans",
    "tracking",
    "management",
    "inventory",
    "inventories",
    "review",
    "reviews",
    "register",
    "list",
    "lists",
    "monitoring",
    "program",
    "programme",
    "strategy",
    "dates",
    "date",
    "notice",
    "notices",
    "notification",
    "notifications",
    "remediation",
    "replacement",
    "migration",
    "detection",
    "scanning",
    "controls",
    "control",
    "risk",
    "risks",
];

/// The length of the thing to avoid that starts at `c[i]`, if one does:
/// software past its support ("end of life", "unsupported", "obsolete"),
/// accounts nobody owns ("shared accounts", "default passwords").
fn hazard_at(c: &[String], i: usize) -> Option<usize> {
    const PAST_SUPPORT: &[&str] = &[
        "unsupported",
        "eol",
        "obsolete",
        "outdated",
        "unpatched",
        "deprecated",
    ];
    const UNOWNED: &[&str] = &["shared", "generic", "default", "hardcoded"];
    const ACCOUNTS: &[&str] = &[
        "account",
        "accounts",
        "login",
        "logins",
        "credential",
        "credentials",
        "password",
        "passwords",
        "user",
        "users",
        "id",
        "ids",
    ];
    let w = c[i].as_str();
    let next = |k: usize| c.get(i + k).map_or("", String::as_str);
    if PAST_SUPPORT.contains(&w) {
        return Some(1);
    }
    if w == "end" && next(1) == "of" && matches!(next(2), "life" | "support") {
        return Some(3);
    }
    if UNOWNED.contains(&w) {
        // "shared or generic accounts", "default vendor passwords"
        let k = (1..=3).find(|&k| ACCOUNTS.contains(&next(k)))?;
        return Some(k + 1);
    }
    None
}

/// Whether a question asks if something bad befell the respondent: "Has
/// your organization had a data breach…", "Have you experienced a cyber
/// incident that resulted in a claim?", "Any breaches in the past 3
/// years?". The entry on how breaches are handled does not answer it, and
/// its "Yes" would confess one. A good event ("Have you had a penetration
/// test this year?") is a practice the entry does answer.
fn befell(t: &[String]) -> bool {
    const BAD: &[&str] = &[
        "breach",
        "breaches",
        "breached",
        "incident",
        "incidents",
        "attack",
        "attacks",
        "compromise",
        "compromised",
        "claim",
        "claims",
        "lawsuit",
        "lawsuits",
        "litigation",
        "fine",
        "fines",
        "penalty",
        "penalties",
        "ransomware",
        "outage",
        "outages",
        "loss",
        "losses",
        "violation",
        "violations",
        "sanction",
        "sanctions",
    ];
    const BEFELL: &[&str] = &["had", "experienced", "suffered", "sustained", "incurred"];
    let bad = t.iter().any(|w| BAD.contains(&w.as_str()));
    // The auxiliary opens a question about a subject: "has your…", "have
    // you…", not "incidents that have experienced…".
    let perfect = t.iter().enumerate().any(|(i, w)| {
        BEFELL.contains(&w.as_str())
            && t[i.saturating_sub(4)..i].windows(2).any(|p| {
                matches!(p[0].as_str(), "have" | "has")
                    && matches!(
                        p[1].as_str(),
                        "you" | "your" | "the" | "any" | "there" | "our"
                    )
            })
    });
    // "in the last 3 years", "during the past twelve months"
    let window = t.windows(2).any(|p| {
        matches!(p[0].as_str(), "last" | "past" | "previous")
            && (p[1].parse::<u32>().is_ok()
                || NUMBER_WORDS.contains(&p[1].as_str())
                || matches!(p[1].as_str(), "year" | "years" | "month" | "months"))
    });
    bad && (perfect || window)
}

/// Whether the question asks for a document to be handed over ("Will you
/// share your incident response plan with us?", "Please provide a copy of
/// your BCP", "Attach your latest pen test report"): an entry saying the
/// plan exists does not say the prospect may have it. "Provide details of
/// your plan" asks for no document.
fn asks_to_share(t: &[String]) -> bool {
    const GIVE: &[&str] = &[
        "share", "provide", "send", "supply", "furnish", "give", "forward", "attach", "upload",
        "submit",
    ];
    const HAND_OVER: &[&str] = &["attach", "upload", "submit", "send", "forward"];
    t.iter().enumerate().any(|(i, v)| {
        if !GIVE.contains(&v.as_str()) {
            return false;
        }
        let rest = &t[i + 1..t.len().min(i + 12)];
        let has = |w: &[&str]| rest.iter().any(|x| w.contains(&x.as_str()));
        let copy = has(&["copy", "copies"]);
        let to_us = has(&["us"]) || HAND_OVER.contains(&v.as_str());
        copy || to_us && has(DOCUMENTS)
    })
}

/// What a prospect asks to be given.
const DOCUMENTS: &[&str] = &[
    "report",
    "reports",
    "plan",
    "plans",
    "policy",
    "policies",
    "certificate",
    "certificates",
    "attestation",
    "documentation",
    "document",
    "documents",
    "results",
    "summary",
    "letter",
    "playbook",
    "playbooks",
    "procedure",
    "procedures",
    "diagram",
    "diagrams",
    "evidence",
    "sbom",
    "bridge",
    "soc",
    "audit",
];

/// Whether an entry's answer or detail says it hands documents over
/// ("available under NDA", "we share the summary on request").
pub fn offers_documents(text: &str) -> bool {
    const OFFERS: &[&str] = &[
        "share",
        "shared",
        "shares",
        "provide",
        "provided",
        "provides",
        "available",
        "request",
        "requested",
        "nda",
        "copy",
        "copies",
        "send",
        "sent",
        "download",
        "downloadable",
        "portal",
        "trust",
        "supplied",
        "furnished",
    ];
    // Run on every entry's detail at start-up: words are compared in place.
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| OFFERS.iter().any(|o| w.eq_ignore_ascii_case(o)))
}

/// What [`asks_special`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    Exceptions,
    History,
    Sharing,
    Hazard,
}

impl Special {
    /// How `why` names it.
    pub fn name(self) -> &'static str {
        match self {
            Special::Exceptions => "exceptions",
            Special::History => "past events (\"have you ever\")",
            Special::Sharing => "handing a document over",
            Special::Hazard => {
                "!the question asks whether something to avoid is present, and the entry's questions never ask it that way round"
            }
        }
    }

    /// Which specials a phrasing of an entry asks, in declaration order
    /// (exceptions, history, sharing, hazard; the phrasing is read once for
    /// all).
    pub fn asked_by(phrasing: &str) -> [bool; 4] {
        let t = tokens(phrasing, false);
        let has = |w: &[&str]| t.iter().any(|x| w.contains(&x.as_str()));
        [
            has(EXCEPTION_WORDS),
            has(HISTORY_WORDS),
            asks_to_share(&t),
            admits_hazard(phrasing, &t),
        ]
    }
}

const EXCEPTION_WORDS: &[&str] = &[
    "exception",
    "exceptions",
    "exempt",
    "exempted",
    "exemption",
    "exemptions",
    "waiver",
    "waivers",
    "deviation",
    "deviations",
];
const HISTORY_WORDS: &[&str] = &[
    "ever",
    "past",
    "history",
    "previous",
    "previously",
    "prior",
    "experienced",
    "had",
];

/// Whether a text gives a date: a year, a month, or "… ago".
pub fn gives_date(text: &str) -> bool {
    const MONTHS: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "q1",
        "q2",
        "q3",
        "q4",
        "ago",
    ];
    let t = tokens(text, false);
    let year = |w: &str| {
        w.len() == 4
            && (w.starts_with("19") || w.starts_with("20"))
            && w.bytes().all(|b| b.is_ascii_digit())
    };
    t.iter().enumerate().any(|(i, w)| {
        // "May 2026" is a month; "customers may request one" is not.
        let month = MONTHS.contains(&w.as_str())
            && (w != "may"
                || t.get(i + 1)
                    .is_some_and(|n| year(n) || n.parse::<u8>().is_ok()));
        year(w) || month
    })
}

/// Whether word `i` of `t` denies: "not", "no", "never", "cannot", the "t"
/// of a contraction ("doesn't"). "No exceptions" insists, it does not deny.
fn is_denial(t: &[String], i: usize) -> bool {
    let insists = t.get(i + 1).is_some_and(|n| {
        n.starts_with("exception") || n.starts_with("exemption") || n == "only" || n == "just"
    });
    // "MFA is optional by default" denies that it is enforced.
    matches!(
        t[i].as_str(),
        "not" | "no" | "never" | "cannot" | "neither" | "nor" | "none" | "t" | "optional"
    ) && !insists
}

/// Whether a question asks whether, and could be contradicted by a denial:
/// it asks neither for an account ("Describe…", "… and explain how") nor
/// for a name or time, and denies nothing itself. A question that asks for
/// a limit ("only", "segmented from", "other than") is answered by
/// what a detail rules out ("no network peering between production and
/// non-production"), not contradicted by it.
pub fn asks_whether(question: &str) -> bool {
    let t = tokens(question, false);
    let accounts = t.iter().any(|w| {
        matches!(
            w.as_str(),
            "describe" | "explain" | "outline" | "detail" | "only" | "other" | "except"
        ) || ["segment", "separat", "segregat", "isolat"]
            .iter()
            .any(|p| w.starts_with(p))
    });
    !accounts
        && !asks_for_account(question)
        && !asks_open(question)
        && !(0..t.len()).any(|i| is_denial(&t, i))
}

/// Words that say something is one's own: stop words to the index, but
/// what a denial of "its own HSMs" and a question about "HSMs you own" share.
pub const OWNING: &[&str] = &["own", "owned", "owns"];

/// The words of `text` within `reach` words of a denying one, in order
/// (none when it denies nothing). A sentence that only limits the plans or
/// editions offering something ("SSO is not available on the Starter
/// plan") denies nothing of the rest.
pub fn around_denials(text: &str, reach: usize) -> Vec<String> {
    let t = tokens(text, false);
    if t.iter().any(|w| {
        matches!(
            w.as_str(),
            "plan" | "plans" | "tier" | "tiers" | "edition" | "editions"
        )
    }) {
        return Vec::new();
    }
    let denial: Vec<bool> = (0..t.len()).map(|i| is_denial(&t, i)).collect();
    let near = |i: usize| {
        denial
            .iter()
            .enumerate()
            .any(|(j, &d)| d && i.abs_diff(j) <= reach)
    };
    t.iter()
        .enumerate()
        .filter(|&(i, _)| !denial[i] && near(i))
        .map(|(_, w)| w.clone())
        .collect()
}

/// The sentences of a text: split after ".", "!", "?" or ";" and a space.
pub fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(['.', '!', '?', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Whether a follow-up names its subject only by a pronoun ("If yes, how
/// often is it tested?"): what "it" is, the question above says, and a
/// match of the follow-up alone may be about another thing (the DR plan's
/// tests for the incident plan's).
pub fn refers_above(question: &str) -> bool {
    const PRONOUNS: &[&str] = &[
        "it", "its", "this", "they", "them", "their", "these", "those",
    ];
    follow_up_condition(question).is_some()
        && question
            .split(|c: char| !c.is_alphanumeric())
            .skip(2)
            .any(|w| PRONOUNS.contains(&w.to_lowercase().as_str()))
}

/// The answer a follow-up is asked after, when it opens with one: "If yes,
/// …", "If so, …", "If you answered Yes to 3.1, …" ask after a yes; "If
/// no, …", "If not, …" after a no; "If N/A, …" after a not-applicable.
pub fn follow_up_condition(question: &str) -> Option<&'static str> {
    let lower = question.trim_start().to_lowercase();
    let rest = lower.strip_prefix("if ")?;
    let clause = rest.split([',', ':', ';', '-', '–']).next()?;
    let words: Vec<&str> = clause
        .split(|c: char| !c.is_alphanumeric() && c != '/')
        .filter(|w| !w.is_empty())
        .collect();
    // Only a clause about the answer given counts: "If there is no SOC 2
    // report, …" sets a condition of its own, not on the answer above.
    const CLAUSE: &[&str] = &[
        "yes",
        "no",
        "so",
        "not",
        "n/a",
        "na",
        "you",
        "answered",
        "answer",
        "responded",
        "selected",
        "chose",
        "the",
        "your",
        "is",
        "was",
        "to",
        "above",
        "previous",
        "question",
        "response",
        "item",
    ];
    let about_the_answer = words
        .iter()
        .all(|w| CLAUSE.contains(w) || w.chars().any(|c| c.is_ascii_digit()));
    if words.len() > 8 || rest.len() == clause.len() || !about_the_answer {
        return None;
    }
    let has = |w: &str| words.contains(&w);
    if has("yes") || words.first() == Some(&"so") {
        Some("yes")
    } else if has("no") || words.first() == Some(&"not") {
        Some("no")
    } else if has("n/a") || has("na") {
        Some("na")
    } else {
        None
    }
}

pub fn gives_number(text: &str) -> bool {
    tokens(text, true)
        .iter()
        .any(|t| t.chars().any(|c| c.is_ascii_digit()) || NUMBER_WORDS.contains(&t.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_which_question_behind_a_condition_asks_for_a_name() {
        for q in [
            "If personal data is transferred outside the EEA, which transfer mechanism do you rely on?",
            "For transfers outside the EEA, which mechanism do you use?",
            "In which country are backups kept?",
        ] {
            assert!(asks_name(q) && asks_open(q), "{q}");
        }
        for q in [
            "If you use SSO, do you also enforce MFA?",
            "For administrators, is MFA enforced?",
        ] {
            assert!(!asks_name(q) && !asks_open(q), "{q}");
        }
    }

    #[test]
    fn follow_ups_that_name_their_subject_by_a_pronoun() {
        assert!(refers_above("If yes, how often is it tested?"));
        assert!(refers_above("If so, who reviews them?"));
        assert!(!refers_above(
            "If yes, how often is the incident response plan tested?"
        ));
        assert!(!refers_above("How often is it tested?"));
    }

    #[test]
    fn follow_ups_name_the_answer_they_follow() {
        for (q, want) in [
            ("If yes, how often are backups tested?", Some("yes")),
            ("If so, please describe.", Some("yes")),
            (
                "If you answered Yes to 3.1, describe key management.",
                Some("yes"),
            ),
            ("If no, please explain.", Some("no")),
            ("If not, why not?", Some("no")),
            ("If N/A, give the reason.", Some("na")),
            ("If applicable, describe the process.", None),
            ("If the vendor does not encrypt data, describe why.", None),
            ("If there is no SOC 2 report, describe your audits.", None),
            (
                "If the answer to the previous question is no, explain.",
                Some("no"),
            ),
            ("If yes describe", None),
            ("Is data encrypted? If yes, how?", None),
        ] {
            assert_eq!(follow_up_condition(q), want, "{q}");
        }
    }

    #[test]
    fn questions_whether_something_exists() {
        for q in [
            "Do you have a SOC 2 report?",
            "Does your company hold an ISO 27001 certificate?",
            "Is there a current penetration test report?",
        ] {
            assert!(asks_existence(q), "{q}");
        }
        for q in [
            "Can you share your SOC 2 report?",
            "Do you have a SOC 2 report you can send us a copy of?",
            "Is there an NDA to obtain the report?",
            "Is MFA enforced?",
            "Have you ever had a breach?",
        ] {
            assert!(!asks_existence(q) || asks_special(q).is_some(), "{q}");
        }
    }

    #[test]
    fn denials_and_the_questions_they_can_contradict() {
        let near = |s: &str| around_denials(s, 2).join(" ");
        assert_eq!(near("OIDC login is not offered."), "login is offered");
        assert_eq!(near("There are no exceptions for executives."), "");
        assert_eq!(near("Checks run server-side, not only in the UI."), "");
        assert_eq!(near("SSO is not available on the Starter plan."), "");
        for q in [
            "Are you certified to ISO/IEC 27701?",
            "OIDC support?",
            "Is access restricted to staff in the EU?",
        ] {
            assert!(asks_whether(q), "{q}");
        }
        for q in [
            "Describe your SSO options.",
            "Is customer data used for any purpose other than the service?",
            "Is production segmented from development?",
            "Is data never shared with insurers?",
            "Which IdPs do you support?",
        ] {
            assert!(!asks_whether(q), "{q}");
        }
    }

    #[test]
    fn requests_for_documents() {
        let shares = |q: &str| asks_special(q) == Some(Special::Sharing);
        for q in [
            "Will you share your incident response plan with us?",
            "Please provide a copy of your business continuity plan.",
            "Can you send us your latest penetration test report?",
            "Attach your information security policy.",
        ] {
            assert!(shares(q), "{q}");
        }
        for q in [
            "Please provide details of your incident response plan.",
            "Do you have a business continuity plan?",
            "Do you provide customers with audit logs?",
            "Describe how you share threat intelligence.",
        ] {
            assert!(!shares(q), "{q}");
        }
        assert!(offers_documents("Yes, available under NDA"));
        assert!(offers_documents("We share a summary on request."));
        assert!(!offers_documents("Yes"));
    }

    #[test]
    fn references_to_requirements_and_controls_are_dropped() {
        for (question, want) in [
            (
                "Is data encrypted at rest? (ref: 4.2.1)",
                "Is data encrypted at rest?",
            ),
            ("Is MFA enforced [CC6.1, A.8.5]?", "Is MFA enforced?"),
            (
                "Are you FedRAMP authorized? (Req. ID: GOV-007)",
                "Are you FedRAMP authorized?",
            ),
            (
                "Is training given yearly? {SAT-01}",
                "Is training given yearly?",
            ),
            (
                "[ISO 27001 A.8.13] Are backups tested?",
                "Are backups tested?",
            ),
            ("Do you log access (see section 5)?", "Do you log access?"),
            (
                "[Free text] Describe your change process.",
                "Describe your change process.",
            ),
            (
                "Free text: Describe your change process.",
                "Describe your change process.",
            ),
            ("Is MFA enforced? (Yes/No)", "Is MFA enforced?"),
        ] {
            assert_eq!(without_references(question), want, "{question}");
        }
        // Brackets that qualify the question stay.
        for question in [
            "Is data encrypted at rest (AES-256)?",
            "Which TLS versions are allowed (e.g. 1.2, 1.3)?",
            "Are you certified (ISO 27001)?",
            "Are you CSA STAR certified (Level 2)?",
            "Is there an unclosed (ref: 4.2.1",
            "Do you have a plan (BCP/DR)?",
            "Note: backups are encrypted?",
        ] {
            assert_eq!(without_references(question), question);
        }
    }

    #[test]
    fn questions_that_ask_for_a_number() {
        for q in [
            "How many engineers are allowed to approve production access?",
            "How much have you paid out in bug bounty rewards?",
            "What is the maximum number of participants in one call?",
            "What percentage of staff completed training?",
            "What's the total number of employees?",
            "What was your phishing simulation click rate in the last campaign?",
            "What is the pass rate of your security awareness quiz?",
            "Number of employees",
            "Headcount",
            "Company HQ and headcount",
            "Cyber insurance cover (USD)",
            "Per-claim deductible ($)",
            "% of staff who completed security awareness training",
            "Aggregate limit in EUR",
        ] {
            assert!(asks_number(q), "{q}");
        }
        for q in [
            "What percentage of staff completed training?",
            "% of staff who completed security awareness training",
            "Percentage of code changes peer-reviewed",
        ] {
            assert!(asks_share(q), "{q}");
        }
        for q in [
            "Does your application lock out an account after a number of failed login attempts?",
            "Do you enforce MFA for administrators?",
            "What is your policy on personal devices?",
            "How often do you test backups?",
            "What rate limiting do you apply to the API?",
            "What is your policy on rate limits?",
            "Do you accept payment in USD?",
            "Is 100% of customer data encrypted (AES-256)?",
        ] {
            assert!(!asks_number(q), "{q}");
            assert!(!asks_share(q), "{q}");
        }
        for q in [
            "How many employees?",
            "What is the percentage split of revenue by region?",
        ] {
            assert!(!asks_share(q), "{q}");
        }
        let q = "Describe how the headcount plan is approved by the board of directors each year";
        assert!(!asks_number(q), "{q}");
    }

    #[test]
    fn a_suggestion_without_the_asked_number_lacks_it() {
        assert!(lacks_asked_number("Cyber insurance cover (USD)", "Yes"));
        assert!(lacks_asked_number(
            "% of staff trained",
            "Yes, within 14 days of joining"
        ));
        assert!(!lacks_asked_number("% of staff trained", "98% last year"));
        assert!(!lacks_asked_number("Number of employees", "About 320"));
        assert!(!lacks_asked_number("Do you encrypt backups?", "Yes"));
    }

    #[test]
    fn questions_that_ask_for_an_account() {
        for q in [
            "Please describe the capabilities of your solution's AI features.",
            "Describe your incident response plan",
            "1.2 Explain how backups are protected",
            "How do you vet new suppliers?",
            "What encryption protects data at rest?",
            "Provide a description of your SDLC.",
            "Please provide an overview of your key management",
            "Use this area to share information about your privacy practices.",
            "Use this space to provide any additional details about your hosting.",
            "Tell us about your secure development practices",
            "The Contractor shall describe its disciplinary process.",
            "Bidders must explain how backups are protected.",
            "The supplier is required to describe its SDLC.",
            "What must be done when a laptop is lost?",
        ] {
            assert!(asks_for_account(q), "{q}");
        }
        for q in [
            "Do you have a formal incident response plan? Describe it.",
            "Is data encrypted at rest?",
            "Please confirm whether backups are encrypted",
            "Pen test frequency",
            "Provide a copy of your SOC 2 report",
            "Use of encryption for data at rest",
            "Use MFA for remote access?",
            "Use this column to provide your answer (Yes/No)",
            "Tell the story",
            "The Contractor shall encrypt all data at rest.",
            "Must staff use MFA?",
            "",
        ] {
            assert!(!asks_for_account(q), "{q}");
        }
    }

    #[test]
    fn questions_that_ask_for_more_than_a_verdict() {
        for q in [
            "Which identity provider do you use for workforce SSO?",
            "When was your last disaster recovery test?",
            "How often are firewall rules reviewed?",
            "In which country are backup copies kept?",
            "1.4 What MDM platform do you use?",
            "Who is responsible for information security?",
        ] {
            assert!(asks_open(q), "{q}");
        }
        for q in [
            "How do you protect backups?",
            "Do you use an identity provider?",
            "Is there a named security officer?",
            "Describe your DR testing",
            "Whatever happens, are backups encrypted?",
            "SSO provider",
        ] {
            assert!(!asks_open(q), "{q}");
        }
    }

    #[test]
    fn numbers_that_state_a_measure() {
        let found = |terms: &[&str]| -> Vec<usize> {
            let terms: Vec<String> = terms.iter().map(|t| t.to_string()).collect();
            measures(&terms).collect()
        };
        assert_eq!(found(&["screen", "lock", "5", "minut"]), [2]);
        assert_eq!(found(&["csastar", "level", "2", "certifi"]), [2]);
        assert_eq!(found(&["notifi", "24", "hourly"]), [1]);
        assert!(found(&["respond", "24", "7", "365", "basi"]).is_empty());
        assert!(found(&["nist", "sp", "800", "88"]).is_empty());
        assert!(found(&["k", "12", "district"]).is_empty());
        // A standard's version year ("ISO/IEC 27001:2013").
        assert_eq!(found(&["certifi", "iso27001", "2013"]), [2]);
        assert!(
            found(&["sinc", "2013"]).is_empty(),
            "a year alone is no measure"
        );
        assert!(found(&["iso27001", "27001"]).is_empty());
        // A count after a floor: "at least two independent reviewers".
        assert_eq!(found(&["code", "least", "two", "independ", "review"]), [2]);
        assert_eq!(found(&["lock", "than", "5", "attempt"]), [2]);
        assert!(found(&["two", "factor"]).is_empty());
    }

    #[test]
    fn questions_that_join_what_they_ask() {
        assert!(conjoins("Do you encrypt data at rest and in transit?"));
        assert!(conjoins("Will you sign both a DPA and a HIPAA BAA?"));
        assert!(!conjoins(
            "Do you conform with a framework (e.g., NIST CSF, ISO 27001)?"
        ));
        assert!(!conjoins("Are you SOC 2 or ISO 27001 certified?"));
        assert!(!conjoins("Is data encrypted at rest?"));
        // Parts on lines of their own are joined too, unless offered as a
        // choice.
        for listed in [
            "Is customer data encrypted?\n- at rest (state the algorithm)\n- in transit",
            "Is customer data encrypted:\na) at rest\nb) in transit",
            "Do you have:\n(i) a DPA\n(ii) a BAA",
            "Is customer data encrypted?\n• at rest\n• in transit",
        ] {
            assert!(conjoins(listed), "{listed}");
            assert_eq!(focus(listed), listed, "the parts are kept");
        }
        assert!(!conjoins(
            "Which of the following do you support?\n- SAML\n- OIDC"
        ));
        assert!(!conjoins("Is MFA enforced?\n- for administrators"));
        assert_eq!(listed_items("Approved by the CISO.\nSee 2.1 above."), 0);
        assert_eq!(listed_items("Is data encrypted? - at rest - in transit"), 2);
        assert_eq!(listed_items("Is data encrypted - at rest?"), 0);
        assert_eq!(listed_items("Pen test - annual: - external firm"), 1);
        assert_eq!(listed_items(" - at rest - in transit"), 2);
    }

    #[test]
    fn guidance_after_the_question_is_not_matched() {
        assert_eq!(
            focus(
                "Is customer data encrypted at rest? Please include: the algorithm and key length"
            ),
            "Is customer data encrypted at rest?"
        );
        assert_eq!(
            focus(
                "Context: The Bank treats account data as Confidential, backups included.\n\nQuestion: Is customer data encrypted at rest?\n\nGuidance: Include replicas and snapshots."
            ),
            "Is customer data encrypted at rest?"
        );
        assert_eq!(
            focus("Requirement: The supplier shall encrypt data at rest. Evidence: a policy"),
            "The supplier shall encrypt data at rest."
        );
        for q in [
            "Is customer data encrypted at rest? (Yes/No)",
            "Frequently asked question: do you log access?",
            "Do you have an IR plan? Is it tested annually?",
            "Describe how backups are protected",
            "MFA? Please describe how it is enforced for admins",
        ] {
            assert_eq!(focus(q), q);
        }
    }

    #[test]
    fn questions_that_ask_for_a_date() {
        for q in [
            "When was your last disaster recovery test?",
            "When did you most recently complete a risk assessment?",
            "Date of the latest penetration test",
            "Is the plan tested? Provide the date.",
            "When will the next SOC 2 report be issued?",
            "When does your ISO certificate expire?",
            "DR test \u{2013} last date",
            "Penetration test: last performed",
        ] {
            assert!(asks_date(q), "{q}");
        }
        for q in [
            "When are patches applied?",
            "How often is the plan tested?",
            "Do you keep the last 30 days of logs?",
            "Is the data up to date?",
            "Provide the most recent pen test report, including the date of testing",
            "When our contract ends, do you delete our data?",
        ] {
            assert!(!asks_date(q), "{q}");
        }
        assert!(gives_date("Annually; most recently in March 2026"));
        assert_eq!(
            asks_special("Are there any exceptions to your workforce MFA requirement?"),
            Some(Special::Exceptions)
        );
        assert_eq!(
            asks_special("Have you ever had an incident where one tenant saw another's data?"),
            Some(Special::History)
        );
        assert_eq!(
            asks_special("Has your company ever been breached?"),
            Some(Special::History)
        );
        assert_eq!(
            asks_special("Did your most recent DR test meet the stated RTO and RPO?"),
            Some(Special::History)
        );
        for q in [
            "Has your organization had a data breach that required notification to individuals?",
            "Has the Applicant experienced a cyber incident that resulted in a claim?",
            "Any data breaches in the last 3 years?",
            "Have you suffered a ransomware attack?",
        ] {
            assert_eq!(asks_special(q), Some(Special::History), "{q}");
        }
        for q in [
            "Have you had a penetration test in the last 12 months?",
            "Do you notify customers of a data breach within 72 hours?",
            "How do you handle incidents that have experienced escalation?",
        ] {
            assert_ne!(asks_special(q), Some(Special::History), "{q}");
        }
        assert_eq!(asks_special("Do you enforce MFA for all staff?"), None);
        assert_eq!(asks_special("However, do you ever review logs?"), None);
        let asks = |s: Special, p: &str| Special::asked_by(p)[s as usize];
        assert!(asks(
            Special::History,
            "Have you had a breach in the past 3 years?"
        ));
        assert!(!asks(Special::History, "How is tenant data isolated?"));
        assert!(asks(
            Special::Exceptions,
            "Are exceptions to policy approved?"
        ));
        assert!(asks(
            Special::Sharing,
            "Can you send us a copy of your pen test report?"
        ));
        assert!(gives_date("Two months ago"));
        assert!(!gives_date("Annually and on significant change"));
        assert!(gives_date("Last tested in May 2026"));
        assert!(!gives_date("Yes; customers may request the report"));
    }

    #[test]
    fn questions_for_a_name_and_entries_that_ask_whether() {
        assert!(asks_name(
            "Which firm carried out your last penetration test?"
        ));
        assert!(asks_name("Who is your external auditor?"));
        assert!(asks_name("What is the name of your MDR provider?"));
        assert!(asks_name("In which region is our data stored?"));
        assert!(!asks_name("What is your RTO?"));
        assert!(!asks_name("Do you use a CREST-accredited firm?"));
        assert!(is_polar("Do you have independent penetration tests done?"));
        assert!(is_polar("1.2 Is data encrypted at rest?"));
        assert!(!is_polar("Which identity provider do you use?"));
        assert!(!is_polar("Pen test frequency"));
    }

    #[test]
    fn questions_about_a_relation() {
        assert!(relates("Are dev, test and prod segregated?"));
        assert!(relates("How is production separated from development?"));
        assert!(relates(
            "Access differences between employees and contractors"
        ));
        assert!(!relates("Do you encrypt data at rest and in transit?"));
        assert!(!relates("Are employees and contractors trained?"));
    }

    #[test]
    fn answers_that_give_a_number() {
        for a in [
            "About 120 employees",
            "Two engineers must approve",
            "None: access is just in time",
            "99.9% monthly",
            "Up to fifty participants",
        ] {
            assert!(gives_number(a), "{a}");
        }
        for a in [
            "Yes, through Teleport with a second approver",
            "Yes, a one-time code by SMS",
            "No",
            "Annually, by an independent firm",
        ] {
            assert!(!gives_number(a), "{a}");
        }
    }

    #[test]
    fn a_frequency_floor_is_read_only_before_a_cadence() {
        for q in [
            "Is the plan reviewed at least annually?",
            "Are scans performed at least once every three months?",
            "Are access rights reviewed no less than twice a year?",
            "Are backups tested at a minimum quarterly?",
            "Is the policy reviewed annually or more often?",
        ] {
            assert!(frequency_floor(q), "{q}");
        }
        for q in [
            "Are passwords at least 12 characters long?",
            "Do at least two people approve each quarterly review?",
            "Is the plan reviewed annually?",
            "Are logs kept for at least a year?",
        ] {
            assert!(!frequency_floor(q), "{q}");
        }
    }
}
