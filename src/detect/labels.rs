//! What a header cell's label says about its column. Labels vary by
//! questionnaire family ("Answer", "Vendor Answer", "Provider Assessment Answer",
//! "Response", "Yes/No"), so each role is recognised by the words it contains,
//! and columns that belong to someone else (analyst notes, scoring, control
//! ownership, guidance, the reason a question is asked, follow-up inquiries)
//! are recognised so they never win the answer role. Only short cells are
//! labels: a cell of many words, or a sentence ending in `?`, is content
//! ("Compliant?" is still a label).

/// The role a header label gives its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Id,
    Question,
    Answer,
    Comment,
    /// One of several columns named for the answers themselves ("Yes",
    /// "No", "N/A"), where the vendor marks the one that applies.
    Mark,
    /// A column for someone other than the vendor, or metadata (never written).
    Other,
}

/// Whether a header label names one answer of a mark-a-column table.
pub(crate) fn is_mark_label(label: &str) -> bool {
    const MARKS: &[&str] = &[
        "yes",
        "no",
        "n/a",
        "na",
        "not applicable",
        "partial",
        "partially",
        "in progress",
        "planned",
    ];
    MARKS.contains(&norm(label).as_str()) || crate::decide::value_meaning(label).is_some()
}

/// Labels longer than this many words are content, not labels.
const MAX_LABEL_WORDS: usize = 8;

/// Normalises a label: lowercase, accents dropped ("Observações" reads
/// as "observacoes"), punctuation to spaces, single spaces.
fn norm(label: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let lower = label.to_lowercase();
    let lower: String = if lower.is_ascii() {
        lower
    } else {
        // Recomposed, so Hangul syllables stay whole.
        lower
            .nfd()
            .filter(|c| !is_combining_mark(*c))
            .nfc()
            .collect()
    };
    let cleaned: String = lower
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '/' || c == '#' || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Columns for the party that sent the questionnaire: never the vendor's.
const PARTIES: &[&str] = &[
    "analyst",
    "reviewer",
    "institution",
    "assessor",
    "auditor",
    "evaluat",
    "internal",
    "for official",
    "controller",
    "customer",
    "client",
    "buyer",
    "purchaser",
    "auftraggeber",
    "kunde",
    "acheteur",
    "adjudicateur",
    "committente",
    "opdrachtgever",
    "contratante",
    "bank",
    "procurement",
    "risk team",
    "requester",
    "requestor",
    "underwriter",
    "insurer",
    "broker",
    "carrier",
];
/// Whether a section's title keeps it for the sender ("Section 2 – Bank
/// Use Only", "For official use", "To be completed by the assessor").
pub(crate) fn for_the_sender(title: &str) -> bool {
    let n = norm(title);
    let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
    has(&[
        "use only",
        "official use",
        "office use",
        "internal use",
        "for internal",
    ]) || has(&["completed by", "filled in by", "filled by"])
        && PARTIES.iter().any(|p| starts_a_word(&n, p))
}

/// How much a group label over repeated answer columns reads as the
/// respondent's: 2 when it says whose answer it is ("Your response",
/// "Supplier response"), -1 when it is one of several numbered ones
/// ("Bidder A", "Vendor 2"), -2 when it is the sender's ("Assessor"),
/// else 0.
pub(crate) fn group_rank(label: &str) -> i32 {
    let n = norm(label);
    let has = |words: &[&str]| words.iter().any(|w| starts_a_word(&n, w));
    let words: Vec<&str> = n.split_whitespace().collect();
    let numbered = words.len() >= 2
        && words.last().is_some_and(|w| {
            (w.len() == 1 && w.chars().all(|c| c.is_ascii_alphabetic()))
                || (w.len() <= 2 && w.chars().all(|c| c.is_ascii_digit()))
        });
    if has(PARTIES) {
        -2
    } else if numbered {
        -1
    } else if has(&[
        "your",
        "respondent",
        "vendor",
        "supplier",
        "provider",
        "bidder",
        "response",
    ]) {
        2
    } else {
        0
    }
}

/// Whole words that name the vendor's answer on their own ("Resp.",
/// "Met?", "Compliance"), which as prefixes would catch other words
/// ("respondent", "method").
const ANSWER_EXACT: &[&str] = &[
    "tick",
    "checkbox",
    "resp",
    "ans",
    "value",
    "met",
    "position",
    "antwoord",
    "回答",
    "回复",
    "答复",
    "답변",
    "응답",
    "תשובה",
    "اجابة",
    "الاجابة",
    "الرد",
    "ответ",
    "odpowiedz",
    "cevap",
    "yanıt",
    "odpoved",
    "απαντηση",
    "svar",
    "vastaus",
    "valasz",
    "jawaban",
];
/// The vendor named alone heads the vendor's column ("Supplier", "Service
/// Provider").
const VENDOR_ALONE: &[&str] = &[
    "vendor",
    "supplier",
    "provider",
    "service provider",
    "bidder",
    "contractor",
    "respondent",
];
/// Whole words that name a comment column on their own.
const COMMENT_EXACT: &[&str] = &[
    "cmt",
    "cmts",
    "nota",
    "notas",
    "備考",
    "备注",
    "コメント",
    "说明",
    "説明",
    "비고",
    "의견",
    "הערות",
    "הערה",
    "ملاحظات",
    "تعليقات",
    "комментарии",
    "примечание",
    "примечания",
    "uwagi",
    "komentarz",
    "acıklama",
    "yorum",
    "poznamka",
    "komentar",
    "σχολια",
    "kommentarer",
    "huomautukset",
    "megjegyzes",
    "catatan",
    "keterangan",
];
/// An explicit answer format: the column takes the vendor's answer.
const FORMATS: &[&str] = &[
    "yes/no",
    "y/n",
    "yes no",
    "yes / no",
    "y / n",
    "agree/disagree",
    "agree / disagree",
    "true/false",
];
/// What a sender flags about its own question beside an answer format.
const FLAGS: &[&str] = &[
    "in scope",
    "scope",
    "mandatory",
    "required",
    "priority",
    "critical",
    "applicable",
    "applies",
    "relevant",
];
/// Words that name the vendor's answer, beside a format (without "status"
/// or "implemented", which a flag may also carry).
const ANSWER_WORDS: &[&str] = &[
    "answer",
    "response",
    "reply",
    "implemented",
    "in place",
    "reponse",
    "antwort",
    "respuesta",
    "resposta",
    "risposta",
];
/// Words that name the vendor's answer itself, not its status: of two
/// answer columns, "Vendor Response" wins over "Status".
const RESPONSE_WORDS: &[&str] = &[
    "answer",
    "response",
    "reply",
    "reponse",
    "antwort",
    "respuesta",
    "resposta",
    "risposta",
];
/// Metadata about the question, not an answer to it.
const OTHER: &[&str] = &[
    // A portal's workflow state of each answer ("Answer Status: Not
    // Started"), not the answer.
    "answer status",
    "answer state",
    "response status",
    "response state",
    "question status",
    "completion status",
    "workflow status",
    // The sender's notes on its own questions ("Applicability note", "Scope
    // note", "Sender notes"), not the vendor's comments.
    "applicability",
    "scope note",
    "sender note",
    "senders note",
    "sender s note",
    "score",
    "scoring",
    "weight",
    "guidance",
    "rating",
    "ownership",
    "responsibilit",
    "lite",
    "compliant",
    "importance",
    "override",
    "mapping",
    "reference answer",
    "expected",
    "requested",
    "required evidence",
    "evidence required",
    "required documents",
    "documents required",
    "example",
    "sample",
    "follow-up",
    "follow up",
    "reason for",
    "rationale",
    "purpose of",
    "gap level",
    "filename",
    "file name",
    "date",
    "owner",
    "type",
    "previous",
    "prior",
    "last year",
    "last years",
    "earlier",
    "historic",
    "attachment",
    "upload",
    "url",
    "link",
    "hyperlink",
    "options",
    "choices",
    "allowed",
    "possible",
    "valid values",
    "valid answer",
    "valid response",
    "answer values",
    "response values",
    "permitted",
    "acceptable answer",
    "acceptable response",
    "answer list",
    "picklist",
    "pick list",
];
const ANSWER: &[&str] = &[
    "answer",
    "response",
    "reply",
    "yes/no",
    "y/n",
    "yes no",
    "input",
    "implementation status",
    "compliance status",
    "status",
    "implemented",
    "in place",
    "feedback",
    "selection",
    "selected option",
    "selected value",
    "option selected",
    "self-assessment",
    "self assessment",
    "reponse",
    "antwort",
    "respuesta",
    "resposta",
    "risposta",
    "conformite",
    "cumplimiento",
    "conformidade",
    "conformita",
    "erfullungsgrad",
    "umsetzungsgrad",
    "current state",
];
const COMMENT: &[&str] = &[
    "comment",
    "note",
    "additional information",
    "additional info",
    "explanation",
    "implementation description",
    "description of implementation",
    "implementation detail",
    "evidence",
    "remark",
    "justification",
    "detail",
    "clarification",
    "supporting",
    "elaborat",
    "describe",
    "explain",
    "if no",
    "if yes",
    "if not",
    "commentaire",
    "kommentar",
    "erlauterung",
    "begrundung",
    "nachweis",
    "bemerkung",
    "comentar",
    "commento",
    "observa",
    "osserva",
    "anmerkung",
    "narrative",
    "justifica",
    "giustifica",
    "evidencia",
    "toelichting",
    "opmerking",
];
const QUESTION: &[&str] = &[
    "question",
    "requirement",
    "query",
    "criteria",
    "criterion",
    "control statement",
    "control description",
    "control objective",
    "control text",
    "control name",
    "control title",
    "security control",
    "subcategory",
    "sub-category",
    "safeguard",
    "practice",
    "assessment objective",
    "document request",
    "data element",
    "inquiry",
    "frage",
    "anforderung",
    "exigence",
    "requisit",
    "pregunta",
    "pergunta",
    "domanda",
    "vraag",
    "質問",
    "问题",
    "問題",
    "질문",
    "שאלה",
    "سوال",
    "السوال",
    "вопрос",
    "pytanie",
    "soru",
    "otazka",
    "ερωτηση",
    "fraga",
    "kysymys",
    "kerdes",
    "pertanyaan",
];

/// The role of a header label, or `None` when it names no role qfill knows.
pub(crate) fn role(label: &str) -> Option<Role> {
    let role = label_role(label);
    // "Explanation (required for any 'No' answer)": the qualifier names the
    // answer, the head says what the column holds.
    if role == Some(Role::Answer)
        && let Some((head, _)) = label.split_once('(')
        && !head.trim().is_empty()
        && label_role(head) == Some(Role::Comment)
    {
        return Some(Role::Comment);
    }
    role
}

/// Whether a question column's label says its rows are items, not
/// sentences: what the sender requests ("Document Requested", "Information
/// requested"), or the measures, items, fields or data elements to account
/// for ("Measure", "Metric", "Data Element").
pub(crate) fn names_items(label: &str) -> bool {
    const ITEMS: &[&str] = &[
        "measure",
        "measures",
        "item",
        "items",
        "metric",
        "metrics",
        "field",
        "fields",
        "data element",
        "data elements",
    ];
    requested(label).is_some() || ITEMS.contains(&norm(label).as_str())
}

/// Whether a label names a document the sender asks for ("Document
/// Requested", "Evidence requested", "Required documents"): the sender's
/// column beside the questions, or the questions themselves when nothing
/// else asks.
pub(crate) fn names_request(label: &str) -> bool {
    requested(label).is_some_and(|what| what != "information")
}

/// What a label says the sender requests ("Evidence requested" →
/// evidence), if it says so in a few words.
fn requested(label: &str) -> Option<&'static str> {
    const WHAT: &[&str] = &[
        "evidence",
        "information",
        "document",
        "documents",
        "artifact",
        "artifacts",
        "item",
        "items",
    ];
    let n = norm(label);
    let words: Vec<&str> = n.split_whitespace().collect();
    let asks = words
        .iter()
        .any(|w| ["requested", "required", "request"].contains(w));
    if words.len() > 4 || !asks {
        return None;
    }
    WHAT.iter().copied().find(|w| words.contains(w))
}

fn label_role(label: &str) -> Option<Role> {
    let trimmed = label.trim().trim_end_matches('*').trim_end();
    // "Compliant (tick)", "Compliant (✓)": how to mark the column says
    // nothing of what it holds.
    if let Some(head) = trimmed
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once('('))
        .and_then(|(head, how)| {
            let how = how.trim().to_lowercase();
            let tick = [
                "tick",
                "✓",
                "✔",
                "x",
                "check",
                "tick one",
                "tick if yes",
                "tick box",
            ];
            (tick.contains(&how.as_str()) && !head.trim().is_empty()).then_some(head)
        })
    {
        return label_role(head);
    }
    // A label that lists options for its cells ("Frequency (Daily / Weekly
    // / Monthly / Quarterly / Annually / Never)") asks the respondent to
    // pick one, unless its head names another role ("Comments (…)") or the
    // options are a rating the sender gives ("Risk (High / Medium / Low)").
    if trimmed.ends_with(')')
        && trimmed.contains(['/', '|'])
        && let Some(values) = spelled_values(trimmed).filter(|v| !is_rating(v))
        && let Some((head, _)) = trimmed.rsplit_once('(')
        && head.split_whitespace().count() <= 4
        && label_role(head).is_none_or(|r| r == Role::Answer)
        && values.len() >= 3
    {
        return Some(Role::Answer);
    }
    if trimmed.split_whitespace().count() > MAX_LABEL_WORDS {
        return None;
    }
    let n = norm(trimmed).replace(" - ", " ");
    if n.is_empty() || n.len() > 80 {
        return None;
    }
    // A bare year or date over a column ("2026", "31 Mar 2026" read as
    // 2026-03-31) heads the answers as at that date.
    if is_bare_date(trimmed) {
        return Some(Role::Answer);
    }
    if states_compliance(&n) {
        return Some(Role::Answer);
    }
    if let Some(role) = cjk_role(trimmed) {
        return Some(role);
    }
    let has = |words: &[&str]| words.iter().any(|w| starts_a_word(&n, w));
    if super::text::reads_as_question(trimmed) {
        // "Control in place?" heads an answer column; "Is MFA in place?" is
        // a question.
        if is_question_shaped_label(&n) && has(ANSWER) && !has(PARTIES) && !has(OTHER) {
            return Some(Role::Answer);
        }
        // "Tier 1 applicable?" is the sender's scope flag, not content;
        // "Is this control applicable?" asks.
        const OPENERS: &[&str] = &["is", "are", "do", "does", "has", "have", "can", "will"];
        let first = n.split_whitespace().next().unwrap_or_default();
        let flag = n.split_whitespace().count() <= 4
            && has(SCOPE)
            && !OPENERS.contains(&first)
            && first != "not";
        return flag.then_some(Role::Other);
    }
    if is_id_label(&n) {
        return Some(Role::Id);
    }
    let words: Vec<&str> = n.split_whitespace().collect();
    let first = words.first().copied().unwrap_or_default();
    let last = words.last().copied().unwrap_or_default();
    // "Question 3", "Question #12", "Item 4.1": one numbered question's
    // label, content rather than a column's.
    let numbered = |w: &str| {
        let w = w.trim_start_matches('#');
        !w.is_empty() && w.starts_with(|c: char| c.is_ascii_digit())
    };
    if words.len() == 2 && matches!(first, "question" | "item") && numbered(last) {
        return None;
    }
    let is_one = |word: &str, list: &[&str]| list.iter().any(|w| word.starts_with(w));
    // The label's head comes first when a qualifier follows it ("Question
    // (answer all)", "Questions requiring a response", "Question - Yes/No"),
    // unless the qualifier is the head ("Question Response"). A format after
    // another question word makes an answer column ("Requirement met (Y/N)").
    let formatted = has(FORMATS) && !first.starts_with("question");
    if is_one(first, QUESTION) && !formatted && !(words.len() == 2 && is_one(last, ANSWER_WORDS)) {
        return Some(Role::Question);
    }
    if has(PARTIES) {
        return Some(Role::Other);
    }
    // A Y/N flag the sender sets ("In Scope? (Y/N)", "Mandatory (Y/N)"),
    // not the vendor's answer, unless an answer word says otherwise.
    if has(FORMATS) && has(FLAGS) && !has(ANSWER_WORDS) {
        return Some(Role::Other);
    }
    if has(FORMATS) {
        return Some(Role::Answer);
    }

    // "Vendor Justification / Evidence Link", "Comments (include date of
    // last test)": a comment head before a separator names the column,
    // whatever else it may hold; a bare "Evidence Link" stays the sender's.
    // A file's name or upload is not prose ("Evidence Provided (filename)").
    let files = has(&["filename", "file name", "upload", "attachment"]);
    if let Some((head, _)) = trimmed.split_once(['/', '(', '&'])
        && !files
        && label_role(head) == Some(Role::Comment)
    {
        return Some(Role::Comment);
    }
    // "Score (1 = Yes / 0 = No)": the column takes the answer, coded.
    let compact = trimmed.to_lowercase().replace(' ', "");
    if (compact.contains("=yes") || compact.contains("yes="))
        && (compact.contains("=no") || compact.contains("no="))
    {
        return Some(Role::Answer);
    }
    // A maturity rating is the vendor's own ("Current Tier"); a target one
    // is the sender's.
    let self_rated = (words.iter().any(|w| w.starts_with("maturity"))
        || first == "current" && has(&["tier", "level", "rating", "score", "status"]))
        && !has(&["target", "expected", "required", "minimum"]);
    if has(OTHER) && !self_rated {
        return Some(Role::Other);
    }
    let exact = |list: &[&str]| words.iter().any(|w| list.contains(w));
    if has(ANSWER) || exact(ANSWER_EXACT) || self_rated || VENDOR_ALONE.contains(&n.as_str()) {
        // "Vendor Response Details", "Response Comments": the last word is
        // the head. "Status / Evidence" is one column for both.
        if is_one(last, COMMENT) && !has(FORMATS) && !n.contains('/') {
            return Some(Role::Comment);
        }
        return Some(Role::Answer);
    }
    // The vendor names the document it provides ("Document Name /
    // Reference", "Policy reference"); "Informative References" are the
    // sender's.
    let names_document = has(&["document", "policy", "policies"]) && has(&["reference"]);
    if has(COMMENT) || exact(COMMENT_EXACT) || names_document {
        return Some(Role::Comment);
    }
    if has(QUESTION)
        || [
            "item",
            "control",
            "description",
            "statement",
            "statements",
            "measure",
            "measures",
            "field",
            "metric",
            "assurance",
        ]
        .contains(&n.as_str())
    {
        return Some(Role::Question);
    }
    None
}

/// The role of a Chinese, Japanese or Korean label, whose words run
/// together ("回答欄" is an answer field, "補足説明" a supplementary note,
/// "確認項目" an item to check): the known word that ends last is its head,
/// as the head comes last in these languages ("回答に対する補足", a note on
/// the answer). A label for the person or the date ("回答者", "回答日") has none.
fn cjk_role(label: &str) -> Option<Role> {
    const WORDS: &[(&str, Role)] = &[
        ("回答", Role::Answer),
        ("回复", Role::Answer),
        ("答复", Role::Answer),
        ("답변", Role::Answer),
        ("응답", Role::Answer),
        ("備考", Role::Comment),
        ("备注", Role::Comment),
        ("コメント", Role::Comment),
        ("説明", Role::Comment),
        ("说明", Role::Comment),
        ("補足", Role::Comment),
        ("补充", Role::Comment),
        ("비고", Role::Comment),
        ("의견", Role::Comment),
        ("質問", Role::Question),
        ("问题", Role::Question),
        ("問題", Role::Question),
        ("設問", Role::Question),
        ("確認項目", Role::Question),
        ("確認内容", Role::Question),
        ("チェック項目", Role::Question),
        ("질문", Role::Question),
    ];
    let t: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    if !t.chars().any(super::text::is_cjk) || t.chars().count() > 12 {
        return None;
    }
    if t.ends_with(['者', '日']) || t.ends_with("日付") {
        return None;
    }
    WORDS
        .iter()
        .filter_map(|(w, role)| t.rfind(w).map(|at| (at + w.len(), *role)))
        .max_by_key(|(end, _)| *end)
        .map(|(_, role)| role)
}

/// Words of a column that says whether a question applies.
const SCOPE: &[&str] = &["in scope", "scope", "applies", "applicable", "relevant"];

/// Whether a label heads the sender's column saying whether a question
/// applies ("In Scope? (Y/N)", "Applies?", "Applicable (Y/N)"), not the
/// vendor's answer ("Applicable / Implemented") or a reason ("Not
/// applicable reason").
pub(crate) fn is_scope_flag(label: &str) -> bool {
    let n = norm(label);
    let words = n.split_whitespace().count();
    let first = n.split_whitespace().next().unwrap_or_default();
    words <= 4
        && SCOPE.iter().any(|w| starts_a_word(&n, w))
        && first != "not"
        && !matches!(
            role(label),
            Some(Role::Answer | Role::Comment | Role::Question)
        )
}

/// Whether a label heads the sender's list of the values each row's answer
/// may take ("Allowed Values", "Response Options", "Valid answers").
pub(crate) fn lists_allowed_values(label: &str) -> bool {
    const LISTS: &[&str] = &[
        "options",
        "allowed values",
        "allowed answers",
        "allowed responses",
        "valid values",
        "valid answers",
        "valid responses",
        "possible answers",
        "possible values",
        "possible responses",
        "permitted values",
        "answer values",
        "response values",
        "acceptable answers",
        "acceptable responses",
        "answer list",
        "picklist",
        "pick list",
        "choices",
    ];
    let n = norm(label);
    n.split_whitespace().count() <= 4 && LISTS.iter().any(|w| starts_a_word(&n, w))
}

/// The values a row's own list spells out ("AWS;Azure;GCP", "1-50 / 51-250
/// / 251+", "Yes | No | N/A"), split at the first separator it uses of
/// ";", "|", "/" and ",": two to twelve short values.
pub(crate) fn listed_values(cell: &str) -> Option<Vec<String>> {
    let guarded = cell.replace("N/A", "N\u{1}A").replace("n/a", "n\u{1}a");
    let sep = [';', '|', '/', ',', '\n']
        .into_iter()
        .find(|c| guarded.contains(*c))?;
    let values: Vec<String> = guarded
        .split(sep)
        .map(|v| v.trim().replace('\u{1}', "/"))
        .filter(|v| !v.is_empty())
        .collect();
    let fits = (2..=12).contains(&values.len()) && values.iter().all(|v| v.chars().count() <= 40);
    fits.then_some(values)
}

/// The answers an answer label spells out ("Response (Y / N / NA)",
/// "Yes/No/N/A", "Y/N/Partial"): two or more values, each a verdict or a
/// partial one, yes and no among them. `None` when the label names no such format.
pub(crate) fn format_values(label: &str) -> Option<Vec<String>> {
    // "Response (Y/N) and details" asks for more than the values.
    let inner = match (label.rfind('('), label.rfind(')')) {
        (Some(open), Some(close)) if open < close => {
            if !label[close + 1..].trim().trim_matches('*').is_empty() {
                return None;
            }
            &label[open + 1..close]
        }
        _ => label,
    };
    let guarded = inner.replace("N/A", "N\u{1}A").replace("n/a", "n\u{1}a");
    let values: Vec<String> = guarded
        .split(['/', '|', ','])
        .map(|v| v.trim().replace('\u{1}', "/"))
        .filter(|v| !v.is_empty())
        .collect();
    let meanings: Option<Vec<&str>> = values
        .iter()
        .map(|v| {
            crate::decide::value_meaning(v)
                .or_else(|| crate::decide::is_partial(v).then_some("partial"))
        })
        .collect();
    let meanings = meanings?;
    (values.len() >= 2 && meanings.contains(&"yes") && meanings.contains(&"no")).then_some(values)
}

/// The values a header spells out for its cells: a Yes/No list as
/// [`format_values`] reads it, or options listed in brackets after the
/// label ("Frequency (Daily / Weekly / Monthly / Annually / Never)"), three
/// or more, each a few words.
pub(crate) fn spelled_values(label: &str) -> Option<Vec<String>> {
    if let Some(values) = format_values(label) {
        return Some(values);
    }
    let open = label.rfind('(')?;
    let close = label.rfind(')').filter(|&c| c > open)?;
    if !label[close + 1..].trim().is_empty() || label[..open].trim().is_empty() {
        return None;
    }
    let values: Vec<String> = label[open + 1..close]
        .split(['/', '|'])
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect();
    let short = values
        .iter()
        .all(|v| v.split_whitespace().count() <= 4 && v.chars().any(char::is_alphanumeric));
    (values.len() >= 3 && short).then_some(values)
}

/// Whether a list is a rating the sender gives ("High | Medium | Low").
pub(crate) fn is_rating(values: &[String]) -> bool {
    const RATINGS: &[&str] = &[
        "critical",
        "very high",
        "high",
        "medium",
        "moderate",
        "low",
        "very low",
        "informational",
        "info",
        "none",
    ];
    values
        .iter()
        .all(|v| RATINGS.contains(&v.trim().to_lowercase().as_str()))
}

/// Whether a label that ends in `?` is still a label: a few words that do
/// not open the way a question does ("Control in place?", "Implemented?").
fn is_question_shaped_label(n: &str) -> bool {
    const OPENINGS: &[&str] = &[
        "is", "are", "do", "does", "did", "has", "have", "can", "will", "would", "should", "was",
        "were", "how", "what", "which", "who", "when", "where", "why", "please",
    ];
    let first = n.split_whitespace().next().unwrap_or_default();
    n.split_whitespace().count() <= 4 && !OPENINGS.contains(&first)
}

/// How strongly a label names its role, to choose between two columns of
/// one header row with the same role: a later year beats an earlier one
/// ("Response (2025)" over "Response (2024)"), and a comment column for prose
/// beats one for evidence references ("Comments" over "Supporting
/// evidence"). Higher is stronger.
pub(crate) fn preference(label: &str, role: Role) -> u32 {
    // A bare date names no role strongly: any worded label beats it.
    if is_bare_date(label.trim()) || states_compliance(&norm(label)) {
        return 0;
    }
    const PROSE: &[&str] = &[
        "comment",
        "remark",
        "explanation",
        "explain",
        "note",
        "additional information",
        "additional info",
        "justification",
        "clarification",
        "description",
        "describe",
        "commentaire",
        "kommentar",
        "comentario",
    ];
    let n = norm(label);
    let year = n
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|d| d.parse::<u32>().ok())
        .filter(|y| (1990..=2100).contains(y))
        .max()
        .unwrap_or(0);
    // A column for some answers only ("If yes, describe") is for prose too.
    let prose = role == Role::Comment
        && (PROSE.iter().any(|w| starts_a_word(&n, w))
            || super::CommentWhen::of_label(label) != super::CommentWhen::Always);
    // "Vendor Response" over a bare "In Scope (Y/N)"-like format column.
    let named = role == Role::Answer
        && ANSWER
            .iter()
            .filter(|w| !FORMATS.contains(w))
            .any(|w| starts_a_word(&n, w));
    let response = role == Role::Answer && RESPONSE_WORDS.iter().any(|w| starts_a_word(&n, w));
    10 * year + 2 * u32::from(named) + 2 * u32::from(response) + u32::from(prose)
}

/// Whether a label is only a year ("2026") or an ISO date ("2026-03-31").
fn is_bare_date(label: &str) -> bool {
    let year = |y: &str| y.len() == 4 && y.parse::<u32>().is_ok_and(|y| (1990..=2100).contains(&y));
    match label.split('-').collect::<Vec<_>>()[..] {
        [y] => year(y),
        [y, m, d] => {
            year(y)
                && m.len() == 2
                && d.len() == 2
                && m.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
                && d.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
        }
        _ => false,
    }
}

/// Whether `word` occurs in `n` at the start of a word ("notes" has "note",
/// "denotes" does not).
fn starts_a_word(n: &str, word: &str) -> bool {
    // Word starts follow an ASCII separator, so byte positions are char
    // boundaries; no substring searcher is built for each of the many
    // label words tried on each cell.
    let b = n.as_bytes();
    (0..b.len())
        .filter(|&i| i == 0 || matches!(b[i - 1], b' ' | b'/' | b'-'))
        .any(|i| b[i..].starts_with(word.as_bytes()))
}

/// Whether a short label heads the vendor's own statement of compliance:
/// "Compliant?", "Is Compliant", "Vendor Compliant?", "Supplier Statement",
/// "Statement of Compliance". The sender's "Compliant Response" or
/// "Compliant Override" (its scoring) and a "Control Statement" (the
/// question) are not.
fn states_compliance(n: &str) -> bool {
    const SPEAKERS: &[&str] = &[
        "vendor",
        "supplier",
        "provider",
        "bidder",
        "contractor",
        "respondent",
        "your",
        "company",
        "is",
        "are",
    ];
    let words: Vec<&str> = n.split_whitespace().collect();
    let spoken = |w: &str| SPEAKERS.contains(&w);
    match words.as_slice() {
        ["compliant"] => true,
        [who, "compliant" | "statement"] => spoken(who),
        ["statement", "of", "compliance"] => true,
        [who, "compliance", "statement"] | [who, "statement", "of", "compliance"] => spoken(who),
        _ => false,
    }
}

fn is_id_label(n: &str) -> bool {
    const EXACT: &[&str] = &[
        "id",
        "#",
        "no",
        "nr",
        "num",
        "number",
        "ref",
        "ref #",
        "ref no",
        "reference",
        "item #",
        "s/n",
        "sn",
        "q#",
        "qno",
        "番号",
        "编号",
        "序号",
        "번호",
    ];
    const ENDINGS: &[&str] = &[" id", " #", " no", " nr", " num", " number", " ref"];
    // "Comments (mandatory if No)" ends in a verdict, not in an id label.
    // "Response (Yes / No)" ends in a value it lists.
    let conditional =
        n.ends_with(" if no") || n.ends_with(" any no") || n.split_whitespace().any(|w| w == "yes");
    EXACT.contains(&n)
        || ENDINGS.iter().any(|e| n.ends_with(e)) && !conditional
        || n.starts_with("id ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_kept_for_the_sender() {
        for t in [
            "Section 2 – Bank Use Only",
            "For official use",
            "To be completed by the assessor",
            "FOR INTERNAL USE",
        ] {
            assert!(for_the_sender(t), "{t}");
        }
        for t in [
            "2. Security Contact",
            "Customer references",
            "3. Hosting",
            "4. Support for customers",
        ] {
            assert!(!for_the_sender(t), "{t}");
        }
    }

    #[test]
    fn labels_that_name_what_the_sender_requests() {
        for label in [
            "Document Requested",
            "Evidence requested",
            "Required documents",
        ] {
            assert!(names_request(label) && names_items(label), "{label}");
        }
        // Information is asked for, but no document to attach.
        assert!(!names_request("Information Requested") && names_items("Information Requested"));
        for label in ["Metric", "Data Element", "Field"] {
            assert!(!names_request(label) && names_items(label), "{label}");
        }
        for label in ["Requested by", "Response", "Information"] {
            assert!(!names_request(label) && !names_items(label), "{label}");
        }
    }

    #[test]
    fn word_lists_are_spelled_as_labels_are_normalised() {
        // A label loses its accents before it is compared ("Odpowiedź"
        // reads "odpowiedz"), so a list word with accents never matches.
        for list in [
            PARTIES,
            ANSWER_EXACT,
            VENDOR_ALONE,
            COMMENT_EXACT,
            FORMATS,
            FLAGS,
            ANSWER_WORDS,
            RESPONSE_WORDS,
            OTHER,
            ANSWER,
            COMMENT,
            QUESTION,
            SCOPE,
        ] {
            for word in list {
                assert_eq!(norm(word), *word);
            }
        }
    }

    #[test]
    fn accented_labels_in_other_languages() {
        for (label, want) in [
            ("Odpowiedź (Tak/Nie/Nie dotyczy)", Role::Answer),
            ("Odpověď", Role::Answer),
            ("Válasz", Role::Answer),
            ("Απάντηση", Role::Answer),
            ("الإجابة", Role::Answer),
            ("Pytanie", Role::Question),
            ("Otázka", Role::Question),
            ("Kérdés", Role::Question),
            ("Ερώτηση", Role::Question),
            ("Fråga", Role::Question),
            ("Komentář", Role::Comment),
            ("Megjegyzés", Role::Comment),
            ("Açıklama", Role::Comment),
            ("Erläuterung / Nachweis", Role::Comment),
            ("Begründung", Role::Comment),
            ("Kommentar Auftraggeber", Role::Other),
            ("Commentaire de l'acheteur", Role::Other),
            ("Exigence", Role::Question),
            ("Anforderung / Frage", Role::Question),
            ("Requisito", Role::Question),
            ("Conformité", Role::Answer),
            ("Statut de conformité", Role::Answer),
            ("Cumplimiento", Role::Answer),
            ("Erfüllungsgrad", Role::Answer),
            ("답변", Role::Answer),
        ] {
            assert_eq!(role(label), Some(want), "{label}");
        }
    }

    #[test]
    fn scope_flags() {
        for l in [
            "Applies? (Y/N)",
            "In Scope?",
            "Applicable (Y/N)",
            "In scope for review",
        ] {
            assert!(is_scope_flag(l), "{l}");
        }
        for l in [
            "Applicable / Implemented",
            "Not applicable reason",
            "Response",
            "Scope of the control objective and its boundaries",
        ] {
            assert!(!is_scope_flag(l), "{l}");
        }
    }

    #[test]
    fn formats_a_label_spells_out() {
        let spelled = |l: &str| spelled_values(l).map(|v| v.join("|"));
        assert_eq!(
            spelled("Frequency (Daily / Weekly / Monthly / Annually / Never)").as_deref(),
            Some("Daily|Weekly|Monthly|Annually|Never")
        );
        assert_eq!(spelled("Comments (optional)"), None);
        assert_eq!(spelled("Notes (max 200 characters / 2 lines)"), None);
        let v = |l: &str| format_values(l).map(|v| v.join("|"));
        assert_eq!(v("Response (Y / N / NA)").as_deref(), Some("Y|N|NA"));
        assert_eq!(v("Yes/No/N/A").as_deref(), Some("Yes|No|N/A"));
        assert_eq!(v("Answer (Yes / No)").as_deref(), Some("Yes|No"));
        assert_eq!(v("Response"), None);
        assert_eq!(v("Response (2025)"), None);
        assert_eq!(v("Status / Evidence"), None);
        assert_eq!(v("Yes/Partial/No").as_deref(), Some("Yes|Partial|No"));
        assert_eq!(
            v("Implemented (Y/N/Partial)").as_deref(),
            Some("Y|N|Partial")
        );
        assert_eq!(v("Partial/Full"), None);
        assert_eq!(v("Response (Y/N) and details"), None);
    }

    #[test]
    fn groups_over_repeated_answer_columns() {
        assert_eq!(group_rank("Your response"), 2);
        assert_eq!(group_rank("Supplier Response"), 2);
        assert_eq!(group_rank("Bidder A"), -1);
        assert_eq!(group_rank("Vendor 2"), -1);
        assert_eq!(group_rank("Assessor (internal use)"), -2);
        assert_eq!(group_rank("2026"), 0);
    }

    #[test]
    fn preferences_between_columns_of_one_role() {
        let p = |l: &str, r: Role| preference(l, r);
        assert!(p("Response (2025)", Role::Answer) > p("Response (2024)", Role::Answer));
        assert!(p("Comments", Role::Comment) > p("Supporting Evidence", Role::Comment));
        assert!(p("Evidence/Document reference", Role::Comment) < p("Comments", Role::Comment));
        assert_eq!(p("Answer", Role::Answer), p("Vendor Answer", Role::Answer));
        assert!(p("Vendor Response", Role::Answer) > p("Yes/No", Role::Answer));
        assert!(p("Response (2024)", Role::Answer) > p("Yes/No (2023)", Role::Answer));
        assert!(p("Vendor Response", Role::Answer) > p("Status", Role::Answer));
        assert!(p("Status", Role::Answer) > p("2026", Role::Answer));
        assert!(p("Vendor Response", Role::Answer) > p("ACME Status", Role::Answer));
        assert!(p("Response", Role::Answer) > p("Implementation Status", Role::Answer));
    }

    #[test]
    fn labels_to_roles() {
        let cases = [
            ("Question ID", Some(Role::Id)),
            ("#", Some(Role::Id)),
            ("Question", Some(Role::Question)),
            ("Shared Assessment Question", Some(Role::Question)),
            ("Provider Assessment Answer", Some(Role::Answer)),
            ("Vendor Answer", Some(Role::Answer)),
            ("Response", Some(Role::Answer)),
            ("Yes/No", Some(Role::Answer)),
            ("Additional Information", Some(Role::Comment)),
            (
                "Provider Implementation Description (Optional)",
                Some(Role::Comment),
            ),
            ("Comments", Some(Role::Comment)),
            ("Shared Control Ownership", Some(Role::Other)),
            ("Customer Responsibilities  (Optional)", Some(Role::Other)),
            ("Analyst Comments", Some(Role::Other)),
            ("Answer Status", Some(Role::Other)),
            ("Response Status", Some(Role::Other)),
            ("Selected Option", Some(Role::Answer)),
            (
                "Frequency (Daily / Weekly / Monthly / Never)",
                Some(Role::Answer),
            ),
            ("Risk (High / Medium / Low)", None),
            (
                "Frequency (Daily / Weekly / Monthly / Quarterly / Annually / Never)",
                Some(Role::Answer),
            ),
            (
                "Comments (plain text / no links / English)",
                Some(Role::Comment),
            ),
            ("Selected Option(s)", Some(Role::Answer)),
            ("Implementation Status", Some(Role::Answer)),
            ("Field", Some(Role::Question)),
            ("Metric", Some(Role::Question)),
            ("Data Element", Some(Role::Question)),
            ("Underwriter Comments", Some(Role::Other)),
            ("Insurer Comments", Some(Role::Other)),
            ("Broker Notes", Some(Role::Other)),
            ("Lite Edition", Some(Role::Other)),
            ("Guidance", Some(Role::Other)),
            ("Compliant Response", Some(Role::Other)),
            ("Follow-up questions / responses", Some(Role::Other)),
            ("Reason for asking", Some(Role::Other)),
            ("Discussion Notes", Some(Role::Comment)),
            (
                "Explanation (required for any 'No' answer)",
                Some(Role::Comment),
            ),
            ("Response (explain any No)", Some(Role::Answer)),
            ("Do you have a response plan?", None),
            ("Control in place?", Some(Role::Answer)),
            ("In Scope? (Yes/No)", Some(Role::Other)),
            ("Mandatory (Y/N)", Some(Role::Other)),
            ("Applicable (Y/N)", Some(Role::Other)),
            ("Applicable / Implemented", Some(Role::Answer)),
            ("Response required (Y/N)", Some(Role::Answer)),
            ("Question (answer all)", Some(Role::Question)),
            ("Questions requiring a response", Some(Role::Question)),
            ("Question - Yes/No", Some(Role::Question)),
            ("Requirement (response mandatory)", Some(Role::Question)),
            ("Question Response", Some(Role::Answer)),
            ("Requirement met (Y/N)", Some(Role::Answer)),
            ("Statement", Some(Role::Question)),
            ("Agree/Disagree", Some(Role::Answer)),
            ("Vendor Response Details", Some(Role::Comment)),
            ("Response Comments", Some(Role::Comment)),
            ("Status / Evidence", Some(Role::Answer)),
            // What the sender asks for is not what the vendor provides.
            ("Compliant (tick)", Some(Role::Answer)),
            ("Score (1 = Yes / 0 = No)", Some(Role::Answer)),
            ("Score", Some(Role::Other)),
            ("Tick", Some(Role::Answer)),
            ("Evidence requested", Some(Role::Other)),
            ("Requested evidence", Some(Role::Other)),
            ("Documents requested", Some(Role::Other)),
            ("Required evidence", Some(Role::Other)),
            ("Evidence required", Some(Role::Other)),
            ("Evidence provided", Some(Role::Comment)),
            ("Applicability note", Some(Role::Other)),
            ("Scope notes", Some(Role::Other)),
            ("Sender notes", Some(Role::Other)),
            ("Sender's note", Some(Role::Other)),
            ("Notes to sender", Some(Role::Comment)),
            ("Notes", Some(Role::Comment)),
            ("Document Request", Some(Role::Question)),
            ("Response/Comments", Some(Role::Answer)),
            ("Response (Y/N) and details", Some(Role::Answer)),
            ("Safeguard implemented?", Some(Role::Answer)),
            ("Is MFA in place?", None),
            ("Is a response plan documented?", None),
            ("Response time under 4 hours?", None),
            ("Compliant?", Some(Role::Answer)),
            ("Is Compliant", Some(Role::Answer)),
            ("Vendor Compliant?", Some(Role::Answer)),
            ("Supplier Statement", Some(Role::Answer)),
            ("Vendor Statement", Some(Role::Answer)),
            ("Statement of Compliance", Some(Role::Answer)),
            ("Control Statement", Some(Role::Question)),
            ("Compliant Override", Some(Role::Other)),
            ("Response (Yes / No)", Some(Role::Answer)),
            ("Response (1 = Yes, 0 = No)", Some(Role::Answer)),
            ("Item No", Some(Role::Id)),
            ("Compliant (Y/N)", Some(Role::Answer)),
            ("Assessor comments (Y/N)", Some(Role::Other)),
            ("Ques Num", Some(Role::Id)),
            ("Control Ref", Some(Role::Id)),
            ("Question/Request", Some(Role::Question)),
            ("Supplier Response (Yes/No/Partial)", Some(Role::Answer)),
            ("Supporting Evidence", Some(Role::Comment)),
            ("Implementation Status", Some(Role::Answer)),
            ("Vendor answer?", Some(Role::Answer)),
            (
                "Describe the response process you follow for every incident reported to you",
                None,
            ),
            ("Completion date", Some(Role::Other)),
            ("If no, please explain", Some(Role::Comment)),
            ("Response Date", Some(Role::Other)),
            ("Response Owner", Some(Role::Other)),
            ("Answer type", Some(Role::Other)),
            ("הערות", Some(Role::Comment)),
            ("Ответ", Some(Role::Answer)),
            ("Вопрос", Some(Role::Question)),
            ("Uwagi", Some(Role::Comment)),
            ("Previous Response", Some(Role::Other)),
            ("Last year's answer", Some(Role::Other)),
            ("Last Year Response", Some(Role::Other)),
            ("Example Response", Some(Role::Other)),
            ("Sample answer", Some(Role::Other)),
            ("Current Response", Some(Role::Answer)),
            ("Status", Some(Role::Answer)),
            ("Yes / No / N/A", Some(Role::Answer)),
            ("Réponse", Some(Role::Answer)),
            ("Frage", Some(Role::Question)),
            ("Kommentar", Some(Role::Comment)),
            ("If yes, describe", Some(Role::Comment)),
            ("Evidence Provided (filename)", Some(Role::Other)),
            ("Attachment", Some(Role::Other)),
            ("Evidence", Some(Role::Comment)),
            ("* Denotes critical questions", Some(Role::Question)),
            // The requester's own columns, by whoever the requester is.
            ("Controller Comments", Some(Role::Other)),
            ("Customer Comments", Some(Role::Other)),
            ("Client Notes", Some(Role::Other)),
            ("Buyer Comments", Some(Role::Other)),
            ("Bank Use Only", Some(Role::Other)),
            ("Procurement Comments", Some(Role::Other)),
            ("Internal Comments", Some(Role::Other)),
            ("Risk Team Notes", Some(Role::Other)),
            ("Controller Assessment", Some(Role::Other)),
            // Short and other-language answer labels.
            ("Resp.", Some(Role::Answer)),
            ("Ans.", Some(Role::Answer)),
            ("Respondent name", None),
            ("Value", Some(Role::Answer)),
            ("Met?", Some(Role::Answer)),
            ("Met / Not Met", Some(Role::Answer)),
            ("Method", None),
            ("Maturity Rating", Some(Role::Answer)),
            ("Current State", Some(Role::Answer)),
            // A bare year or date heads the answers as at that date.
            ("2026", Some(Role::Answer)),
            ("2026-03-31", Some(Role::Answer)),
            ("1066", None),
            ("2026-13-01", None),
            // Accents and other scripts.
            ("Observações", Some(Role::Comment)),
            ("Comentários", Some(Role::Comment)),
            ("Osservazioni", Some(Role::Comment)),
            ("Justificativa", Some(Role::Comment)),
            ("Notas", Some(Role::Comment)),
            ("Réponse", Some(Role::Answer)),
            ("回答", Some(Role::Answer)),
            ("備考", Some(Role::Comment)),
            ("質問", Some(Role::Question)),
            // Words run together: the known word that ends last is the head.
            ("回答欄", Some(Role::Answer)),
            ("ご回答", Some(Role::Answer)),
            ("補足説明", Some(Role::Comment)),
            ("回答に対する補足", Some(Role::Comment)),
            ("確認項目", Some(Role::Question)),
            ("チェック項目", Some(Role::Question)),
            ("回答者", None),
            ("回答日", None),
            ("番号", Some(Role::Id)),
            // Control matrices state controls rather than ask.
            ("Control Description", Some(Role::Question)),
            ("Control Objective", Some(Role::Question)),
            ("Security Control", Some(Role::Question)),
            // Framework self-assessments name their rows by the framework's
            // own unit.
            ("Control Name", Some(Role::Question)),
            ("Subcategory", Some(Role::Question)),
            ("Safeguard", Some(Role::Question)),
            ("Practice / Assessment Objective", Some(Role::Question)),
            ("Document Request", Some(Role::Question)),
            ("Document Name / Reference", Some(Role::Comment)),
            ("Policy reference", Some(Role::Comment)),
            ("Document Name", None),
            ("Vendor Justification / Evidence Link", Some(Role::Comment)),
            ("Vendor Comments / Evidence Link", Some(Role::Comment)),
            ("Comments / URL", Some(Role::Comment)),
            ("Comments (include date of last test)", Some(Role::Comment)),
            (
                "Supporting Evidence (attachment or link)",
                Some(Role::Other),
            ),
            ("Justification & Evidence Link", Some(Role::Comment)),
            ("Evidence Link", Some(Role::Other)),
            ("Informative References", None),
            ("Current Tier", Some(Role::Answer)),
            ("Current Level", Some(Role::Answer)),
            ("Target Tier", None),
            ("Target Level", None),
            ("Control Owner", Some(Role::Other)),
            ("Supplier Position", Some(Role::Answer)),
            ("Antwoord", Some(Role::Answer)),
            ("回答", Some(Role::Answer)),
            ("Cmt", Some(Role::Comment)),
            ("Cmts", Some(Role::Comment)),
            ("Narrative", Some(Role::Comment)),
            ("Vendor Evidence Link", Some(Role::Other)),
            ("Response Options", Some(Role::Other)),
            ("Answer choices", Some(Role::Other)),
            ("Answer Values", Some(Role::Other)),
            ("Tier 2 applicable?", Some(Role::Other)),
            ("Is this control applicable?", None),
            ("Valid Answers", Some(Role::Other)),
            ("Permitted responses", Some(Role::Other)),
            ("Answer value", Some(Role::Answer)),
            ("Service Provider", Some(Role::Answer)),
            ("Supplier", Some(Role::Answer)),
            ("Supplier Notes", Some(Role::Comment)),
            ("Supplier Comments (mandatory if No)", Some(Role::Comment)),
            ("Satellite offices", None),
            ("", None),
        ];
        for (label, want) in cases {
            assert_eq!(role(label), want, "{label:?}");
        }
    }
}
