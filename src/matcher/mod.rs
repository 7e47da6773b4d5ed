//! The third stage: match each question against the answer bank.
//!
//! Retrieval is BM25 over an inverted index of the bank's phrasings (question
//! and alternates; answer, detail and tags weigh less), after the shared analysis in
//! `analyze` (normalisation, typo repair, thesaurus). The top candidates are
//! then re-scored with finer features (`score`): coverage of the question's
//! rare terms and of the entry's, phrase agreement, character similarity,
//! sentence-vector cosines, soft coverage of the question's words by kindred
//! words of the entry (`words`, for the most relevant few), and penalties for
//! contrasting concepts and one-sided negation; a learned ranking orders them,
//! and a calibration of the best candidate's features gives the score.
//! Every outcome carries the ranked candidates and an explanation.

mod analyze;
mod demand;
pub mod embed;
mod index;
pub mod normalize;
mod parties;
mod ranking_trees;
mod score;
pub mod thesaurus;
mod vectors;
mod words;

use crate::bank::AnswerBank;
use crate::error::Result;
use analyze::{Analysis, Vocabulary, analyse_bank, analyze};
pub use demand::{
    asks_for_account, asks_open, follow_up_condition, lacks_asked_number, refers_above,
};
use index::Index;
use normalize::Normalizer;
use score::{Contrast, Features, Prepared};
use std::sync::OnceLock;
use thesaurus::Thesaurus;
use vectors::Vectors;

/// How many entries BM25 hands to the fine scorer.
const SHORTLIST: usize = 24;
/// How many entries the sentence vectors add to the shortlist, for a question
/// whose words the BM25 shortlist covers poorly: a paraphrase ("could the thief
/// read what is on a stolen notebook?") may share no word with its entry. With
/// the forest ranking, this put the right entry first for about 24 more of the
/// 1,700 answerable questions of the five labelled sets (left-one-set-out,
/// measured before the rule that newcomers must come first).
const SEMANTIC_SHORTLIST: usize = 8;
/// The semantic entries are added when no BM25 candidate covers this share
/// of the question's weight. Every question would gain 5 more right of the
/// 1,650 at half again the matching time (a scan of every entry's centroid).
const SEMANTIC_GATE: f64 = 0.6;
/// Nor when the words alone already give a score this high: a near-certain
/// answer is not put in doubt by entries found by meaning alone.
const SEMANTIC_KEEP: f64 = 0.9;
/// And only entries at least this close in meaning: in the few examples
/// measured, a right paraphrase was 0.45–0.55 from its entry's centroid, an
/// unrelated question ("Favourite colour?") about 0.1.
const MIN_SEMANTIC_COSINE: f32 = 0.25;
/// How many of the shortlisted candidates get a soft coverage.
const SOFT_COVERED: usize = 5;

/// A bank entry and how well it matches.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Index into `AnswerBank::entries`.
    pub entry: usize,
    /// Calibrated score in [0, 1]: the estimated probability that this is the right entry.
    pub score: f64,
    /// The relevance the candidates are ranked by, in [0, 1].
    pub relevance: f64,
}

/// Why the best candidate scored as it did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Explanation {
    /// The entry phrasing that matched best.
    pub phrasing: String,
    /// Concepts and words the question shares with it.
    pub matched: Vec<String>,
    /// Question terms found in the entry's other text only (its answer,
    /// detail, tags or other phrasings).
    pub elsewhere: Vec<String>,
    /// Question terms the entry does not have.
    pub unmatched: Vec<String>,
    /// Thesaurus folds used in the question: (phrase, concept).
    pub synonyms: Vec<(String, String)>,
    /// Typos repaired in the question: (typo, correction).
    pub corrections: Vec<(String, String)>,
    /// Question words the entry echoes with a kindred word: (question
    /// word, entry word, cosine), closest first.
    pub kindred: Vec<(String, String, f64)>,
    /// A contrasting concept that lowered the score.
    pub conflict: Option<String>,
    pub negation_mismatch: bool,
    /// Why the entry's own text is too little evidence for a confident answer.
    pub thin_evidence: Option<String>,
    /// Best score minus the runner-up's.
    pub margin: f64,
    /// The calibration inputs of the best candidate (for fitting the calibration).
    pub calibration_inputs: Vec<f64>,
}

/// The ranked candidates for one question.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MatchOutcome {
    /// Best first; empty when nothing in the bank shares a term with the question.
    pub candidates: Vec<Candidate>,
    pub why: Explanation,
}

impl MatchOutcome {
    /// The best candidate.
    pub fn best(&self) -> Option<&Candidate> {
        self.candidates.first()
    }

    /// Best score minus the runner-up's (the best score when there is no runner-up).
    pub fn margin(&self) -> f64 {
        match self.candidates.as_slice() {
            [] => 0.0,
            [only] => only.score,
            [a, b, ..] => a.score - b.score,
        }
    }
}

/// An answer bank indexed for matching.
pub struct Matcher {
    normalizer: Normalizer,
    thesaurus: Thesaurus,
    vocab: Vocabulary,
    index: Index,
    contrast: Contrast,
    /// Per entry: its phrasings' text (for explanations).
    texts: Vec<Vec<String>>,
    /// Per entry: the contrast concepts over all its text.
    concepts: Vec<Vec<u32>>,
    /// Per entry: the contrast concepts of its phrasings alone, the
    /// questions its answer answers (a detail may name a concept to say the
    /// entry is not about it).
    phrasing_concepts: Vec<Vec<u32>>,
    /// Per entry: whether it answers for the customer's side (see `build`).
    customer_facing: Vec<bool>,
    /// Per entry: whether a phrasing asks about exceptions, and whether one
    /// asks whether something ever happened (see [`demand::Special`]).
    asks_exceptions: Vec<bool>,
    asks_history: Vec<bool>,
    asks_sharing: Vec<bool>,
    asks_hazard: Vec<bool>,
    /// Per entry: whether its question asks for a document to be handed
    /// over ("Can you share a copy of your SOC 2 report?"), which does not
    /// answer whether the document exists.
    hands_over: Vec<bool>,
    /// Per phrasing: whether it, or its entry's question, asks about another
    /// party ("your hosting provider").
    other_party: Vec<bool>,
    /// Per phrasing: its subject is the data centres ("Are the data centres
    /// staffed 24x7?"), so it answers only a question that names a facility.
    of_facilities: Vec<bool>,
    /// Per phrasing: its terms prepared for scoring.
    prepared: Vec<Prepared>,
    /// Per entry: the distinct term ids of its answer, detail and tags, sorted.
    detail_sets: Vec<Vec<u32>>,
    /// Per entry: the distinct term ids of all its text, sorted.
    entry_terms: Vec<Vec<u32>>,
    /// Per term id: how many entries use it anywhere.
    entry_count: Vec<u32>,
    embedder: &'static embed::Embedder,
    /// Per phrasing and per entry's detail: its sentence vector (unit length or zero).
    vectors: Vectors,
    /// Per entry: its content words, for soft coverage.
    entry_words: words::EntryWords,
    /// Per entry: the normalised mean of its phrasings' vectors (see `nearest`).
    centroids: OnceLock<Vec<i16>>,
    /// Per entry: whether its answer gives a number, and whether it gives a
    /// share ("98%", "100 percent").
    gives_number: Vec<bool>,
    gives_share: Vec<bool>,
    /// Per entry: whether its text says a setting is the customer's to
    /// choose (see [`parties::states_configurable`]).
    configurable: Vec<bool>,
    /// Per entry: whether its answer is a bare Yes, No or N/A.
    bare_verdict: Vec<bool>,
    /// Per entry: its short answer speaks of the offices ("our offices hold
    /// no patient data"), so it answers for them whatever its question says.
    answer_of_offices: Vec<bool>,
    /// The term ids of the facility, office and frequency words the
    /// bank uses (see [`FACILITIES`], [`OFFICES`], [`score::FREQUENCIES`]),
    /// looked up once.
    facility_ids: Vec<u32>,
    office_ids: Vec<u32>,
    frequency_ids: Vec<u32>,
    /// Per entry: whether its answer gives a date.
    gives_date: Vec<bool>,
    /// Per entry whose answer says yes: the sentences of its detail that
    /// deny something ("… is not certified to ISO/IEC 27701."), with their
    /// term ids, sorted.
    denials: Vec<Vec<Denial>>,
    /// Per entry: whether its question asks yes or no and no phrasing asks
    /// which, what or when.
    polar: Vec<bool>,
}

/// Thesaurus concepts that name a party other than the vendor and its
/// staff: a question about what the vendor's subprocessors, suppliers or
/// contractors do is not answered by an entry about what the vendor does
/// ("Do your subprocessors encrypt our data at rest?"). The board and the
/// security team are bodies of the vendor's own that a question may name as
/// who acts ("accepted by the board", "reviewed by the security team"): an
/// entry that never names them does not say they do.
const PARTIES: &[&str] = &["subprocessor", "contractor", "board", "secteam"];

/// Thesaurus concepts that name a party other than the vendor, or where its systems run.
const PARTY_CONCEPTS: &[&str] = &[
    "thirdparty",
    "subprocessor",
    "contractor",
    "tprm",
    "hosting",
    "datacenter",
];

/// Thesaurus concepts of which an entry must name one to answer a question
/// about the vendor's own suppliers ("Do you require your vendors to…").
const SUPPLIERS: &[&str] = &["thirdparty", "subprocessor", "contractor"];
/// The subject of a question about the vendor's own suppliers.
const SUPPLIERS_SUBJECT: &str = "the vendor's own suppliers";

/// Thesaurus concepts of which an entry must name one to answer a question
/// whose subject is the data centres ("Are the data centers staffed 24x7?").
const FACILITIES: &[&str] = &["datacenter", "hosting", "physicalaccess", "dcenv"];
/// Terms of which an entry's questions must name one to answer a question
/// about one of the vendor's sites ("at this site").
const SITES: &[&str] = &["site", "locat", "facil", "offic", "branch", "campus"];
/// The subject of a question about one of the vendor's sites.
const SITE_SUBJECT: &str = "one of the vendor's sites";
/// Stems that name the vendor's own offices.
const OFFICES: &[&str] = &["offic", "headquart", "hq", "premis"];

/// One shortlisted entry, scored by its best phrasing.
#[derive(Clone)]
struct Scored {
    candidate: Candidate,
    features: Features,
    /// The best phrasing's id.
    doc: u32,
    /// The entry's BM25 score from retrieval.
    bm25: f64,
    /// The inputs of the learned ranking.
    ranking: [f64; score::RANKING_INPUTS],
    /// Relevance minus the best other candidate's, as the score was computed with.
    margin: f64,
}

/// A question's terms, analysed and prepared once.
struct Query {
    ids: Vec<Option<u32>>,
    prepared: Prepared,
    concepts: Vec<u32>,
    /// The contrast groups of `concepts`, ascending.
    groups: Vec<usize>,
    /// The concepts an entry may name without contradicting the question:
    /// `concepts`, and more frequent ones when it gives a frequency as a
    /// floor ("at least quarterly").
    accepted: Vec<u32>,
    /// The question's sentence vector.
    vector: Vec<f32>,
    /// The question's content words and their vectors (for soft coverage).
    words: words::QuestionWords,
    /// Whether the question asks for a number ("How many…"), and whether
    /// for a share ("What percentage…", "% of staff…").
    asks_number: bool,
    asks_share: bool,
    /// Whether it asks when something last happened.
    asks_date: bool,
    /// Whether it asks about the prospect's own people or systems.
    asks_about_ours: bool,
    /// When it asks about the vendor's own people ("your employees'
    /// accounts"): the term id of "employee", if any bank text uses it.
    staff: Option<Option<u32>>,
    /// Whether the question names a party other than the vendor (see `parties::names_a_party`).
    names_a_party: bool,
    /// Whether it asks whether exceptions exist or something ever happened.
    special: Option<demand::Special>,
    /// Whether it asks for a name, time, place or frequency ("Which…", "When…").
    asks_open: bool,
    /// Whether it asks if the customer can set something themselves.
    asks_configurable: bool,
    /// It asks for a name ("Which firm…", "Who is…").
    asks_name: bool,
    /// Whether it joins two things it asks about ("at rest and in transit"),
    /// not as alternatives, examples or a relation ("segregated from").
    joins_two: bool,
    /// The other parties it asks about (see [`PARTIES`]) and their term ids.
    parties: Vec<(String, Option<u32>)>,
    /// When its subject is the vendor's own suppliers or its data centres:
    /// that subject, and the term ids of which an entry must name one (see
    /// [`SUPPLIERS`], [`FACILITIES`]).
    subject: Option<(&'static str, Vec<u32>)>,
    /// When its subject is one of the vendor's providers ("Does your
    /// payment processor…"): the provider as the question names it, and the
    /// term ids of which an entry's phrasing must name one (its words and
    /// the [`PARTY_CONCEPTS`]).
    provider: Option<(String, Vec<u32>)>,
    /// The term ids of its terms the bank knows, sorted and distinct.
    known: Vec<u32>,
    /// Whether a denial in an entry's detail can contradict it: it asks
    /// whether, without denying anything itself (see `demand::asks_whether`).
    asks_whether: bool,
    /// Whether it asks whether something exists ("Do you have a SOC 2
    /// report?", "Is there a current pen test report?").
    asks_existence: bool,
    /// Whether it asks about something the vendor owns itself ("your own
    /// HSMs", "servers that you own and operate").
    asks_own: bool,
    /// Whether it asks about the vendor's offices as a place: an entry
    /// about the data centres must then name them (see [`OFFICES`]).
    offices: bool,
    /// Whether it names a facility or the hosting (see [`FACILITIES`]).
    names_facility: bool,
    /// Whether it names how often ("reviewed monthly"): an entry must name
    /// some frequency to answer it with confidence.
    names_frequency: bool,
    /// The measures it names ("5 minutes", "Level 2"): the numbers and their term ids.
    numbers: Vec<(String, Option<u32>)>,
    /// The names it gives ("Microsoft", "Swiss") that stay terms of their
    /// own (no concept folded them), as written, and their term ids.
    names: Vec<(String, Option<u32>)>,
}

/// Parts of a product a question may ask about, and the word an entry
/// must use to speak of it.
const SURFACES: &[(&str, &str)] = &[
    ("mobile app", "mobile"),
    ("mobile application", "mobile"),
    ("mobile client", "mobile"),
    ("mobile sdk", "mobile"),
    ("ios app", "ios"),
    ("android", "android"),
    ("desktop app", "desktop"),
    ("desktop client", "desktop"),
    ("desktop application", "desktop"),
    ("browser extension", "extension"),
    ("chrome extension", "extension"),
    ("plugin", "plugin"),
    ("plug-in", "plugin"),
    ("add-in", "add-in"),
];

impl Matcher {
    /// Indexes `bank`, with the bank directory's `thesaurus.toml` when it has one.
    ///
    /// # Errors
    /// A malformed user thesaurus.
    pub fn new(bank: &AnswerBank) -> Result<Matcher> {
        Matcher::build(bank, true)
    }

    /// [`Matcher::new`] for looking up a few questions (`qfill match`): the
    /// bank's sentence vectors are computed when a question first shortlists
    /// their entry, not all of them up front. Results are the same.
    ///
    /// # Errors
    /// A malformed user thesaurus.
    pub fn for_lookups(bank: &AnswerBank) -> Result<Matcher> {
        Matcher::build(bank, false)
    }

    fn build(bank: &AnswerBank, eager: bool) -> Result<Matcher> {
        let normalizer = Normalizer::default();
        let user = (!bank.dir.as_os_str().is_empty()).then(|| bank.dir.join("thesaurus.toml"));
        let started = std::time::Instant::now();
        let thesaurus = Thesaurus::load(&normalizer, user.as_deref())?;
        tracing::debug!("thesaurus loaded in {:.1?}", started.elapsed());
        let mut vocab = Vocabulary::default();
        for w in thesaurus.phrase_words() {
            vocab.insert(w);
        }
        let embedder = embed::Embedder::global()?;
        vocab.keep_common_words(embedder);
        tracing::debug!("embedding table ready after {:.1?}", started.elapsed());
        let embed = eager.then_some(embedder);
        let analysed = analyse_bank(&bank.entries, &normalizer, &thesaurus, embed, &mut vocab);
        tracing::debug!("entries analysed after {:.1?}", started.elapsed());
        let (mut phrasing_vectors, mut detail_vectors) = (Vec::new(), Vec::new());
        let mut index = Index::default();
        let mut texts = Vec::with_capacity(bank.entries.len());
        let mut other_party = Vec::new();
        let mut of_facilities = Vec::new();
        for (e, a) in bank.entries.iter().zip(analysed) {
            index.add_entry(&a.phrasings, &a.detail);
            if let Some(detail) = a.detail_vector {
                phrasing_vectors.extend(a.vectors);
                detail_vectors.push(detail);
            }
            texts.push(e.phrasings().map(str::to_string).collect());
            // Alternates rephrase the entry's question: when it asks about
            // another party, so do they ("AWS compliance reports").
            // The question is the first phrasing: read once.
            of_facilities.extend(e.phrasings().map(parties::asks_of_facilities));
            let entry_of_other = parties::of_another_party(&e.question);
            other_party.extend(
                e.phrasings()
                    .enumerate()
                    .map(|(i, p)| entry_of_other || i > 0 && parties::of_another_party(p)),
            );
        }
        index.polar = thesaurus
            .polar()
            .into_iter()
            .filter_map(|t| index.term(t))
            .collect();
        index.polar.sort_unstable();
        index.finish();
        vocab.finish();
        tracing::debug!(
            "{} entries indexed in {:.1?}",
            bank.entries.len(),
            started.elapsed()
        );
        let contrast = Contrast::new(&index, &thesaurus.contrast_of);
        let prepared = index
            .phrasings
            .iter()
            .zip(&index.opposites)
            .map(|((_, ids), opposites)| {
                let terms: Vec<(&str, Option<u32>)> = ids
                    .iter()
                    .map(|&id| (index.names[id as usize].as_str(), Some(id)))
                    .collect();
                Prepared::new(&index, &terms, opposites.clone())
            })
            .collect();
        let detail_sets: Vec<Vec<u32>> = index
            .details
            .iter()
            .map(|d| {
                let mut ids = d.clone();
                ids.sort_unstable();
                ids.dedup();
                ids
            })
            .collect();
        let entry_terms: Vec<Vec<u32>> = index
            .entry_phrasings
            .iter()
            .zip(&detail_sets)
            .map(|(docs, detail)| {
                let mut ids: Vec<u32> = docs
                    .iter()
                    .flat_map(|&d| index.phrasings[d as usize].1.iter().copied())
                    .chain(detail.iter().copied())
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids
            })
            .collect();
        // An entry's contrast concepts come from all its text, so an answer
        // that speaks of log retention is not taken for plain retention.
        let concepts = entry_terms.iter().map(|t| contrast.concepts(t)).collect();
        let mut entry_count = vec![0u32; index.names.len()];
        for id in entry_terms.iter().flatten() {
            entry_count[*id as usize] += 1;
        }
        // An entry is customer-facing when a phrasing speaks from the
        // prospect's side or of customers, in words or through the thesaurus
        // ("users of the platform"), or a tag says so.
        let customer = index.term("customer");
        let customer_facing = bank
            .entries
            .iter()
            .zip(&index.entry_phrasings)
            .map(|(e, docs)| {
                std::iter::once(&e.question)
                    .chain(&e.alternates)
                    .any(|t| parties::speaks_of_customers(t))
                    || e.tags.iter().any(|t| t.to_lowercase().contains("customer"))
                    || docs.iter().any(|&d| {
                        customer.is_some_and(|c| index.phrasings[d as usize].1.contains(&c))
                    })
            })
            .collect();
        let phrasing_concepts = index
            .entry_phrasings
            .iter()
            .map(|docs| {
                let ids: Vec<u32> = docs
                    .iter()
                    .flat_map(|&d| index.phrasings[d as usize].1.iter().copied())
                    .collect();
                contrast.concepts(&ids)
            })
            .collect();
        let [asks_exceptions, asks_history, asks_sharing, asks_hazard] = special_entries(bank);
        let hands_over = bank
            .entries
            .iter()
            .map(|e| demand::asks_special(&e.question) == Some(demand::Special::Sharing))
            .collect();
        tracing::debug!("prepared for scoring after {:.1?}", started.elapsed());
        let ids =
            |words: &[&str]| -> Vec<u32> { words.iter().filter_map(|t| index.term(t)).collect() };
        let (facility_ids, office_ids, frequency_ids) =
            (ids(FACILITIES), ids(OFFICES), ids(score::FREQUENCIES));
        let denials = bank
            .entries
            .iter()
            .map(|e| denials(e, &normalizer, &thesaurus, &index))
            .collect();
        Ok(Matcher {
            facility_ids,
            office_ids,
            frequency_ids,
            normalizer,
            thesaurus,
            vocab,
            index,
            contrast,
            texts,
            concepts,
            phrasing_concepts,
            customer_facing,
            asks_exceptions,
            asks_history,
            asks_sharing,
            asks_hazard,
            hands_over,
            other_party,
            of_facilities,
            prepared,
            detail_sets,
            entry_count,
            entry_terms,
            embedder,
            entry_words: words::EntryWords::new(embedder, &bank.entries),
            centroids: OnceLock::new(),
            gives_number: bank
                .entries
                .iter()
                .map(|e| demand::gives_number(&e.answer))
                .collect(),
            gives_share: bank
                .entries
                .iter()
                .map(|e| demand::gives_share(&e.answer))
                .collect(),
            configurable: bank
                .entries
                .iter()
                .map(|e| {
                    e.phrasings().any(parties::states_configurable)
                        || parties::states_configurable(&e.answer)
                        || e.detail
                            .as_deref()
                            .is_some_and(parties::states_configurable)
                })
                .collect(),
            denials,
            gives_date: bank
                .entries
                .iter()
                .map(|e| demand::gives_date(&e.answer))
                .collect(),
            answer_of_offices: bank
                .entries
                .iter()
                .map(|e| parties::speaks_of_offices(&e.answer))
                .collect(),
            bare_verdict: bank
                .entries
                .iter()
                .map(|e| crate::decide::is_bare_verdict(&e.answer))
                .collect(),
            polar: bank
                .entries
                .iter()
                .map(|e| {
                    demand::is_polar(&e.question)
                        && !std::iter::once(&e.question)
                            .chain(&e.alternates)
                            .any(|p| demand::asks_open(p))
                })
                .collect(),
            vectors: if eager {
                Vectors::eager(embedder, phrasing_vectors, detail_vectors)
            } else {
                let texts = bank
                    .entries
                    .iter()
                    .flat_map(|e| e.phrasings().map(Box::from));
                let details = bank
                    .entries
                    .iter()
                    .map(|e| e.detail.as_deref().unwrap_or("").into());
                Vectors::lazy(embedder, texts.collect(), details.collect())
            },
        })
    }

    /// Matches one question; candidates come most probable first (ties by
    /// relevance, then in bank order).
    pub fn match_question(&self, question: &str) -> MatchOutcome {
        let (mut outcome, whys) = self.explained(question, 1);
        if let Some(why) = whys.into_iter().next() {
            outcome.why = why;
        }
        outcome
    }

    /// [`Matcher::match_question`], with the reasons for each of the first
    /// `top` candidates, not only the best (for `qfill match`, where a close
    /// runner-up is worth understanding). A runner-up's margin is its score
    /// over the next one's.
    pub fn match_explained(&self, question: &str, top: usize) -> (MatchOutcome, Vec<Explanation>) {
        let (mut outcome, whys) = self.explained(question, top.max(1));
        if let Some(why) = whys.first() {
            outcome.why = why.clone();
        }
        (outcome, whys)
    }

    /// The ranked candidates (their `why` left empty) and the reasons for
    /// the first `top`.
    fn explained(&self, question: &str, top: usize) -> (MatchOutcome, Vec<Explanation>) {
        let (analysis, query, scored) = self.rank(question);
        let outcome = MatchOutcome {
            candidates: scored.iter().map(|s| s.candidate.clone()).collect(),
            why: Explanation::default(),
        };
        let whys = scored
            .iter()
            .take(top)
            .enumerate()
            .map(|(i, s)| {
                let margin = if i == 0 {
                    outcome.margin()
                } else {
                    let next = scored.get(i + 1).map_or(0.0, |n| n.candidate.score);
                    s.candidate.score - next
                };
                self.explain_scored(&analysis, &query, s, margin)
            })
            .collect();
        (outcome, whys)
    }

    fn explain_scored(
        &self,
        analysis: &Analysis,
        query: &Query,
        s: &Scored,
        margin: f64,
    ) -> Explanation {
        let mut why = self.explain(analysis, query, &s.candidate, &s.features, s.doc, margin);
        why.kindred = self.entry_words.kindred(&query.words, s.candidate.entry);
        why.calibration_inputs = s
            .features
            .calibration_inputs(s.candidate.relevance, s.margin)
            .to_vec();
        why
    }

    /// Every shortlisted entry with the ranking's fixed offset (its penalties)
    /// and learned inputs, best first (for fitting the ranking with `cargo
    /// xtask eval --candidates`).
    pub fn candidate_inputs(&self, question: &str) -> Vec<(usize, Vec<f64>)> {
        let (_, _, scored) = self.rank(question);
        scored
            .iter()
            .map(|s| {
                let offset = score::ranking_score(0.0, &s.features);
                let mut inputs = vec![offset];
                inputs.extend(s.ranking);
                (s.candidate.entry, inputs)
            })
            .collect()
    }

    /// The subject an entry must name to answer `question`, when it is the
    /// vendor's suppliers or its data centres, with the concepts that name it.
    fn subject(&self, question: &str) -> Option<(&'static str, Vec<u32>)> {
        let (name, concepts) = if parties::asks_of_suppliers(question) {
            (SUPPLIERS_SUBJECT, SUPPLIERS)
        } else if parties::asks_of_facilities(question) {
            ("the data centres", FACILITIES)
        } else if parties::asks_of_one_site(question) {
            (SITE_SUBJECT, SITES)
        } else {
            return None;
        };
        let ids = concepts.iter().filter_map(|t| self.index.term(t)).collect();
        Some((name, ids))
    }

    /// A sentence of the entry's detail that denies what the question asks
    /// beyond phrasing `doc`: it shares two of the question's terms, and one
    /// of them, missing from the phrasing, stands within a few words of the
    /// denial. "Are you certified to ISO 27701?" is
    /// not answered by a privacy programme's "Yes" whose detail says "… is
    /// not certified to ISO/IEC 27701".
    fn denied(&self, query: &Query, entry: u32, doc: u32) -> Option<String> {
        let denials = &self.denials[entry as usize];
        if denials.is_empty() || !query.asks_whether {
            return None;
        }
        let phrasing = &self.index.phrasings[doc as usize].1;
        denials.iter().find_map(|d| {
            let shared = query
                .known
                .iter()
                .filter(|t| d.terms.binary_search(t).is_ok());
            let denied = shared
                .clone()
                .any(|t| d.near.binary_search(t).is_ok() && !phrasing.contains(t));
            // "HSMs that you own and operate" against "does not run its own
            // HSMs": owning is the second thing they share.
            let owned = d.own && query.asks_own;
            (shared.count() + usize::from(owned) >= 2 && (denied || owned))
                .then(|| format!("!the entry's detail says \"{}\"", d.sentence))
        })
    }

    /// The provider `question` is asked of (see `parties::party_subject`),
    /// with the term ids that name it: its own words, folded as the
    /// thesaurus folds them, and the concepts of parties.
    fn provider(&self, question: &str) -> Option<(String, Vec<u32>)> {
        let party = parties::party_subject(question)?;
        let words = analyze(&party, &self.normalizer, &self.thesaurus, None);
        let ids = words
            .terms
            .iter()
            .map(String::as_str)
            .chain(PARTY_CONCEPTS.iter().copied())
            .filter_map(|t| self.index.term(t))
            .collect();
        Some((format!("your {party}"), ids))
    }

    /// The names `question` gives that stay terms of their own in its
    /// analysis, with their term ids: an entry that never says one does not
    /// answer for it with confidence.
    fn names(&self, question: &str, analysis: &Analysis) -> Vec<(String, Option<u32>)> {
        let mut out: Vec<(String, Option<u32>)> = Vec::new();
        let mut stems: Vec<String> = Vec::new();
        for (name, subject) in parties::proper_names(question) {
            for w in self.normalizer.content_words(&name.to_lowercase()) {
                let id = self.index.term(&w.stem);
                // A name many entries use is the vendor's own (its company
                // or product), which entries need not repeat, unless the
                // question asks about it ("Does Stripe have a SOC 2 report?").
                let house = !subject && id.is_some_and(|id| self.entry_count[id as usize] >= 2);
                if analysis.terms.contains(&w.stem) && !house && !stems.contains(&w.stem) {
                    // Explanations show the name as the question writes it.
                    out.push((name.to_string(), id));
                    stems.push(w.stem);
                }
            }
        }
        // The part of the product asked about ("in the mobile app", "the
        // browser extension"): an entry that never names it speaks of the
        // product as a whole, and may not know it has one.
        let lower = question.to_lowercase();
        for (phrase, word) in SURFACES {
            if !lower.contains(phrase) {
                continue;
            }
            for w in self.normalizer.content_words(word) {
                if analysis.terms.contains(&w.stem) && !stems.contains(&w.stem) {
                    out.push(((*phrase).to_string(), self.index.term(&w.stem)));
                    stems.push(w.stem);
                }
            }
        }
        out
    }

    /// Analyses the question, shortlists entries and scores them, best first.
    fn rank(&self, question: &str) -> (Analysis, Query, Vec<Scored>) {
        // A question runs to a few hundred characters; past the limit it is
        // not a question, and matching all of it would only take time.
        let question = match question
            .char_indices()
            .nth(crate::limits::MAX_QUESTION_CHARS)
        {
            Some((end, _)) => &question[..end],
            None => question,
        };
        // A question pasted with its number ("3.1.1 Do you…", "SIG Q123.
        // Which…") is matched without it, as `fill` reads it from a cell.
        let question = crate::detect::text::split_leading_id(question).map_or(question, |(_, q)| q);
        let question = demand::without_references(question);
        let question = parties::respondent_as_you(&question);
        let question = demand::focus(&question);
        let analysis = analyze(
            question,
            &self.normalizer,
            &self.thesaurus,
            Some(&self.vocab),
        );
        let ids: Vec<Option<u32>> = analysis.terms.iter().map(|t| self.index.term(t)).collect();
        let known: Vec<u32> = ids.iter().flatten().copied().collect();
        let pairs: Vec<(&str, Option<u32>)> = analysis
            .terms
            .iter()
            .map(String::as_str)
            .zip(ids.iter().copied())
            .collect();
        let concepts = self.contrast.query_concepts(&analysis.terms, &ids);
        let spelt = analyze::respelt(question, &analysis.corrections);
        let special = demand::asks_special(question);
        let asks_about_ours = parties::asks_about_ours(question);
        let query = Query {
            prepared: Prepared::new(&self.index, &pairs, {
                let mut ids: Vec<u32> = analysis
                    .opposites
                    .iter()
                    .filter_map(|t| self.index.term(t))
                    .collect();
                ids.sort_unstable();
                ids
            }),
            groups: self.contrast.query_groups(&concepts),
            accepted: if demand::frequency_floor(question) {
                self.contrast.at_least(&concepts)
            } else {
                concepts.clone()
            },
            concepts,
            vector: self.embedder.sentence(&spelt),
            words: self.entry_words.question(&spelt),
            asks_number: demand::asks_number(question),
            asks_share: demand::asks_share(question),
            asks_date: demand::asks_date(question),
            asks_about_ours,
            staff: (analysis.terms.iter().any(|t| t == "employee") && !asks_about_ours)
                .then(|| self.index.term("employee")),
            names_a_party: !parties::asks_of_itself(question)
                && (parties::names_a_party(question)
                    || analysis
                        .terms
                        .iter()
                        .any(|t| PARTY_CONCEPTS.contains(&t.as_str()))),
            special,
            asks_open: demand::asks_open(question),
            asks_configurable: parties::asks_configurable(question),
            asks_name: demand::asks_name(question),
            joins_two: demand::conjoins(question) && !demand::relates(question),
            parties: analysis
                .terms
                .iter()
                .zip(&ids)
                .filter(|(t, _)| PARTIES.contains(&t.as_str()))
                .map(|(t, &id)| (t.clone(), id))
                .collect(),
            subject: self.subject(question),
            provider: self.provider(question),
            asks_whether: demand::asks_whether(question),
            asks_existence: special.is_none() && demand::asks_existence(question),
            asks_own: demand::tokens(question, false)
                .iter()
                .any(|w| demand::OWNING.contains(&w.as_str())),
            known: {
                let mut ids = known.clone();
                ids.sort_unstable();
                ids.dedup();
                ids
            },
            offices: parties::speaks_of_offices(question),
            names_frequency: analysis
                .terms
                .iter()
                .any(|t| score::FREQUENCIES.contains(&t.as_str())),
            names_facility: analysis
                .terms
                .iter()
                .any(|t| FACILITIES.contains(&t.as_str())),
            names: self.names(question, &analysis),
            numbers: demand::measures(&analysis.terms)
                .map(|i| (analysis.terms[i].clone(), ids[i]))
                .collect(),
            ids,
        };
        let shortlist: Vec<(u32, f64)> = self.index.retrieve(&known, SHORTLIST);
        let mut scored: Vec<Scored> = shortlist
            .iter()
            .filter_map(|&(entry, bm25)| self.score_entry(&query, entry, bm25))
            .collect();
        let best_cover = scored
            .iter()
            .map(|s| s.features.cover_question)
            .fold(0.0, f64::max);
        let lexical = (best_cover < SEMANTIC_GATE).then(|| scored.clone());
        self.finish(&analysis, &query, &mut scored);
        let confident = scored
            .first()
            .is_some_and(|s| s.candidate.score >= SEMANTIC_KEEP);
        if let Some(mut wider) = lexical.filter(|_| !confident) {
            let before = wider.len();
            for e in self.nearest(&query.vector, SEMANTIC_SHORTLIST) {
                if !shortlist.iter().any(|s| s.0 == e) {
                    wider.extend(self.score_entry(&query, e, 0.0));
                }
            }
            if wider.len() > before {
                self.finish(&analysis, &query, &mut wider);
                // Entries found by meaning may only bring a new first
                // choice; when one of the words' own candidates stays first,
                // the words' scores stand, undiluted by the newcomers.
                let newcomer = wider
                    .first()
                    .is_some_and(|w| !shortlist.iter().any(|s| s.0 as usize == w.candidate.entry));
                if newcomer {
                    scored = wider;
                }
            }
        }
        (analysis, query, scored)
    }

    /// Gives the candidates most relevant so far their soft coverage, orders
    /// them by the learned ranking and scores them.
    fn finish(&self, analysis: &Analysis, query: &Query, scored: &mut [Scored]) {
        let question_words = &query.words;
        let word_terms = self.word_terms(analysis, &question_words.words);
        // Soft coverage costs a cosine per pair of words, so only the
        // candidates most relevant so far get one; the others are given the
        // lowest of theirs (a right entry is almost always among them).
        let mut order: Vec<usize> = (0..scored.len()).collect();
        order.sort_by(|&a, &b| {
            let key = |i: usize| scored[i].candidate.relevance;
            key(b).total_cmp(&key(a)).then(a.cmp(&b))
        });
        order.truncate(SOFT_COVERED);
        let entries: Vec<usize> = order.iter().map(|&i| scored[i].candidate.entry).collect();
        let known = |entry: usize, word: usize| {
            let (terms, concepts) = (&self.entry_terms[entry], &self.concepts[entry]);
            let ids = &word_terms[word];
            if ids.iter().any(|&t| self.contrast.contradicts(t, concepts)) {
                Some(0.0)
            } else if ids.iter().any(|t| terms.binary_search(t).is_ok()) {
                Some(1.0)
            } else {
                None
            }
        };
        let covers = self
            .entry_words
            .soft_covers(question_words, &entries, known);
        let lowest = |f: fn(&(f64, f64)) -> f64| covers.iter().map(f).fold(1.0, f64::min);
        let floor = (lowest(|c| c.0), lowest(|c| c.1));
        for s in scored.iter_mut() {
            (s.features.soft_cover, s.features.soft_cover_terms) = floor;
        }
        for (&i, &(plain, with_terms)) in order.iter().zip(&covers) {
            scored[i].features.soft_cover = plain;
            scored[i].features.soft_cover_terms = with_terms;
        }
        rerank(scored);
        let relevances: Vec<f64> = scored.iter().map(|s| s.candidate.relevance).collect();
        for (i, s) in scored.iter_mut().enumerate() {
            s.margin = margin_at(&relevances, i);
            s.candidate.score = s.features.confidence(s.candidate.relevance, s.margin);
        }
        // Candidates come most probable first. The forest's order and the
        // calibration mostly agree; where they do not, the entry the
        // calibration finds more likely right leads, so a weak first choice
        // does not hide a better-supported suggestion behind it.
        scored.sort_by(|a, b| {
            b.candidate
                .score
                .total_cmp(&a.candidate.score)
                .then(b.candidate.relevance.total_cmp(&a.candidate.relevance))
                .then(a.candidate.entry.cmp(&b.candidate.entry))
        });
    }

    /// Per question word: the ids of its own term and of the thesaurus
    /// concepts of the phrases it is part of.
    fn word_terms(&self, analysis: &Analysis, words: &[String]) -> Vec<Vec<u32>> {
        words
            .iter()
            .map(|w| {
                let stem = self.normalizer.stem_cached(w);
                let concepts = analysis
                    .synonyms
                    .iter()
                    .filter(|(phrase, _)| phrase.split(' ').any(|s| s == stem))
                    .flat_map(|(_, concept)| concept.split(' '));
                std::iter::once(stem.as_str())
                    .chain(concepts)
                    .filter_map(|t| self.index.term(t))
                    .collect()
            })
            .collect()
    }

    /// The `k` entries whose centroid (the mean of their phrasings' vectors)
    /// is nearest to `vector` (by cosine); ties in bank order.
    fn nearest(&self, vector: &[f32], k: usize) -> Vec<u32> {
        if k == 0 || vector.iter().all(|v| *v == 0.0) {
            return Vec::new();
        }
        let centroids = self.centroids.get_or_init(|| self.centroids());
        let q = vectors::quantise(vector);
        let mut scored: Vec<(i32, u32)> = centroids
            .chunks_exact(q.len())
            .enumerate()
            .map(|(e, c)| (vectors::dot_i16(&q, c), e as u32))
            .collect();
        let order = |a: &(i32, u32), b: &(i32, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if scored.len() > k {
            scored.select_nth_unstable_by(k, order);
            scored.truncate(k);
        }
        scored.sort_by(order);
        let floor = vectors::quantised_cosine(MIN_SEMANTIC_COSINE);
        scored
            .into_iter()
            .take_while(|&(c, _)| c >= floor)
            .map(|(_, e)| e)
            .collect()
    }

    /// Per entry, the normalised mean of its phrasings' vectors, flattened.
    fn centroids(&self) -> Vec<i16> {
        let dims = self.embedder.dims();
        let mut out = vec![0.0f32; dims * self.index.entry_phrasings.len()];
        for (docs, c) in self
            .index
            .entry_phrasings
            .iter()
            .zip(out.chunks_exact_mut(dims))
        {
            for &d in docs {
                for (x, v) in c.iter_mut().zip(self.vectors.phrasing(d)) {
                    *x += v;
                }
            }
            let norm = c.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                c.iter_mut().for_each(|x| *x /= norm);
            }
        }
        vectors::quantise(&out)
    }

    /// The best cosine of `vector` with the entry's phrasings `docs`, and its
    /// cosine with the entry's detail.
    /// An entry without a detail (or one with no known word) takes its best
    /// phrasing's cosine for both: the ranking was fitted on banks whose
    /// entries all have one, and a missing detail must not read as an
    /// unrelated one.
    fn semantic(&self, vector: &[f32], entry: u32, docs: &[u32]) -> (f64, f64) {
        let detail = self.vectors.detail(entry);
        let best = docs
            .iter()
            .map(|&d| f64::from(vectors::dot(vector, self.vectors.phrasing(d))))
            .fold(0.0, f64::max);
        if detail.iter().all(|x| *x == 0.0) {
            (best, best)
        } else {
            (best, f64::from(vectors::dot(vector, detail)))
        }
    }

    /// The entry's best phrasing: its candidate, features and phrasing id.
    fn score_entry(&self, query: &Query, entry: u32, bm25: f64) -> Option<Scored> {
        let concepts = &self.concepts[entry as usize];
        let docs = &self.index.entry_phrasings[entry as usize];
        let (semantic, semantic_detail) = self.semantic(&query.vector, entry, docs);
        let number_missing = query.asks_number && !self.gives_number[entry as usize]
            || query.asks_share && !self.gives_share[entry as usize];
        let date_missing = query.asks_date && !self.gives_date[entry as usize];
        let verdict_only = query.asks_open && self.bare_verdict[entry as usize];
        let name_missing = query.asks_name && self.polar[entry as usize];
        let ours = query.asks_about_ours && !self.customer_facing[entry as usize];
        let staff = query.staff.is_some_and(|id| {
            self.customer_facing[entry as usize]
                && id.is_none_or(|id| self.entry_terms[entry as usize].binary_search(&id).is_err())
        });
        let half_answered = query
            .joins_two
            .then(|| {
                let asked = &self.phrasing_concepts[entry as usize];
                self.contrast.half_answered(&query.concepts, asked)
            })
            .flatten();
        let terms = &self.entry_terms[entry as usize];
        let missing = |list: &[(String, Option<u32>)]| {
            list.iter()
                .find(|(_, id)| id.is_none_or(|id| terms.binary_search(&id).is_err()))
                .map(|(n, _)| n.clone())
        };
        let special = query.special.filter(|s| {
            let asked = match s {
                demand::Special::Exceptions => &self.asks_exceptions,
                demand::Special::History => &self.asks_history,
                demand::Special::Sharing => &self.asks_sharing,
                demand::Special::Hazard => &self.asks_hazard,
            };
            !asked[entry as usize]
        });
        let asked = |id: &u32| {
            docs.iter()
                .any(|&d| self.index.phrasings[d as usize].1.contains(id))
        };
        // The vendor's suppliers must be named where the entry asks: a
        // detail's "third-party liability" does not make the vendor's own
        // insurance the answer to what it requires of its vendors.
        let unnamed_subject = query.subject.as_ref().filter(|(name, ids)| {
            if *name == SUPPLIERS_SUBJECT || *name == SITE_SUBJECT {
                !ids.iter().any(asked)
            } else {
                !ids.iter().any(|id| terms.binary_search(id).is_ok())
            }
        });
        // The entry's questions must name the offices: a detail saying "our
        // offices have none" does not make "Yes, provided by AWS" their answer.
        let names_any = |ids: &[u32]| ids.iter().any(|id| terms.binary_search(id).is_ok());
        let office_unnamed = query.offices
            && names_any(&self.facility_ids)
            && !self.office_ids.iter().any(asked)
            && !self.answer_of_offices[entry as usize];
        let unstated = missing(&query.numbers)
            .or_else(|| missing(&query.names))
            .or_else(|| missing(&query.parties))
            .or_else(|| unnamed_subject.map(|(name, _)| (*name).to_string()))
            .or_else(|| {
                let (party, ids) = query.provider.as_ref()?;
                (!ids.iter().any(asked)).then(|| {
                    format!("!the question asks about {party}, and the entry's questions speak only of the vendor")
                })
            })
            .or_else(|| office_unnamed.then(|| "the offices, not the data centres".to_string()))
            .or_else(|| {
                (query.names_frequency && !names_any(&self.frequency_ids))
                    .then(|| "a frequency".to_string())
            })
            .or_else(|| special.map(|s| s.name().to_string()))

            .or_else(|| {
                (query.asks_configurable && !self.configurable[entry as usize]).then(|| {
                    "!the question asks whether the customer can set it, and the entry never says it can be configured".to_string()
                })
            });
        let conflict =
            self.contrast
                .conflict(&query.concepts, &query.accepted, &query.groups, concepts);
        // The best phrasing by relevance (ties to the first); only its
        // features go on, so the others are never copied into a `Scored`.
        let mut best: Option<(f64, u32, Features)> = None;
        for &doc in docs {
            // A phrasing about another party ("Is your hosting provider
            // certified?") contrasts with a question about the vendor.
            let conflict = conflict.clone().or_else(|| {
                (self.other_party[doc as usize] && !query.names_a_party)
                    .then(|| "the vendor vs another party".to_string())
            });
            // "Do you have a SOC 2 report?" is not "Can you share it?".
            let conflict = conflict.or_else(|| {
                (query.asks_existence && self.hands_over[entry as usize])
                    .then(|| "whether it exists vs handing it over".to_string())
            });
            let mut f = score::features(
                &self.index,
                &query.prepared,
                &self.prepared[doc as usize],
                &self.detail_sets[entry as usize],
                conflict,
            );
            f.semantic = semantic;
            f.semantic_detail = semantic_detail;
            f.number_missing = number_missing;
            f.verdict_only = verdict_only;
            f.name_missing = name_missing;
            f.date_missing = date_missing;
            f.about_ours = ours;
            f.about_staff = staff;
            f.unstated.clone_from(&unstated);
            // A phrasing about the data centres ("Are the data centres
            // staffed 24x7?") does not answer a question that never names
            // one ("a staffed 24x7 security operations centre").
            if f.unstated.is_none() && self.of_facilities[doc as usize] && !query.names_facility {
                f.unstated = Some(
                    "!the entry's phrasing is about the data centres, which the question never names"
                        .into(),
                );
            }
            if f.unstated.is_none() {
                f.unstated = self.denied(query, entry, doc);
            }
            f.half_answered.clone_from(&half_answered);
            let relevance = f.relevance();
            if best.as_ref().is_none_or(|(r, _, _)| relevance > *r) {
                best = Some((relevance, doc, f));
            }
        }
        let (relevance, doc, features) = best?;
        Some(Scored {
            candidate: Candidate {
                entry: entry as usize,
                score: relevance,
                relevance,
            },
            features,
            doc,
            bm25,
            ranking: [0.0; score::RANKING_INPUTS],
            margin: 0.0,
        })
    }

    fn explain(
        &self,
        analysis: &Analysis,
        query: &Query,
        best: &Candidate,
        f: &Features,
        doc: u32,
        margin: f64,
    ) -> Explanation {
        let phrasing_ids = &self.index.phrasings[doc as usize].1;
        let position = self.index.entry_phrasings[best.entry]
            .iter()
            .position(|&d| d == doc)
            .unwrap_or(0);
        let entry_terms = &self.entry_terms[best.entry];
        let (mut matched, mut elsewhere, mut unmatched) = (Vec::new(), Vec::new(), Vec::new());
        for (term, id) in analysis.terms.iter().zip(&query.ids) {
            let list = if id.is_some_and(|i| phrasing_ids.contains(&i)) {
                &mut matched
            } else if id.is_some_and(|i| entry_terms.binary_search(&i).is_ok()) {
                &mut elsewhere
            } else {
                &mut unmatched
            };
            if !list.contains(term) {
                list.push(term.clone());
            }
        }
        Explanation {
            phrasing: self.texts[best.entry]
                .get(position)
                .cloned()
                .unwrap_or_default(),
            matched,
            elsewhere,
            unmatched,
            synonyms: analysis.synonyms.clone(),
            corrections: analysis.corrections.clone(),
            kindred: Vec::new(),
            conflict: f.conflict.clone(),
            negation_mismatch: f.negation_mismatch,
            thin_evidence: f.thin_evidence(),
            margin,
            calibration_inputs: Vec::new(),
        }
    }
}

/// Orders the shortlist by the learned ranking (ties in bank order).
fn rerank(scored: &mut [Scored]) {
    let place = |key: fn(&Scored) -> f64| -> Vec<usize> {
        let mut order: Vec<usize> = (0..scored.len()).collect();
        order.sort_by(|&a, &b| {
            key(&scored[b])
                .total_cmp(&key(&scored[a]))
                .then(scored[a].candidate.entry.cmp(&scored[b].candidate.entry))
        });
        let mut place = vec![0; scored.len()];
        for (p, &i) in order.iter().enumerate() {
            place[i] = p;
        }
        place
    };
    let relevance_rank = place(|s| s.candidate.relevance);
    let bm25_rank = place(|s| s.bm25);
    let semantic_rank = place(|s| s.features.semantic);
    let best = |key: fn(&Scored) -> f64| scored.iter().map(key).fold(f64::MIN, f64::max);
    let best_bm25 = best(|s| s.bm25).max(f64::MIN_POSITIVE);
    let best_semantic = best(|s| s.features.semantic);
    let best_detail = best(|s| s.features.semantic_detail);
    let best_cover = best(|s| s.features.cover_question);
    let best_cover_detail = best(|s| s.features.cover_with_detail);
    let best_soft_cover = best(|s| s.features.soft_cover_terms);
    for (i, s) in scored.iter_mut().enumerate() {
        let standing = score::Standing {
            bm25_share: s.bm25 / best_bm25,
            semantic_gap: s.features.semantic - best_semantic,
            detail_gap: s.features.semantic_detail - best_detail,
            cover_gap: s.features.cover_question - best_cover,
            cover_detail_gap: s.features.cover_with_detail - best_cover_detail,
            soft_cover_gap: s.features.soft_cover_terms - best_soft_cover,
            relevance_rank: relevance_rank[i],
            bm25_rank: bm25_rank[i],
            semantic_rank: semantic_rank[i],
        };
        s.ranking = score::ranking_inputs(&s.features, &standing);
    }
    // Relevance becomes each candidate's share of the ranking's belief (a
    // softmax over the shortlist), so the best's lead over the runner-up is
    // on the same scale for every question.
    let inputs: Vec<[f64; score::RANKING_INPUTS]> = scored.iter().map(|s| s.ranking).collect();
    let logits: Vec<f64> = score::forest(&inputs)
        .into_iter()
        .zip(scored.iter())
        .map(|(z, s)| score::ranking_score(z, &s.features))
        .collect();
    let top = logits.iter().copied().fold(f64::MIN, f64::max);
    let total: f64 = logits.iter().map(|z| (z - top).exp()).sum();
    for (s, z) in scored.iter_mut().zip(&logits) {
        s.candidate.relevance = (z - top).exp() / total;
        s.features.ranking_logit = *z;
    }
    scored.sort_by(|a, b| {
        b.candidate
            .relevance
            .total_cmp(&a.candidate.relevance)
            .then(a.candidate.entry.cmp(&b.candidate.entry))
    });
}

/// A candidate's relevance minus the best other candidate's (`relevances` is sorted, best first).
fn margin_at(relevances: &[f64], i: usize) -> f64 {
    let best_other = if i == 0 {
        relevances.get(1)
    } else {
        relevances.first()
    };
    relevances[i] - best_other.copied().unwrap_or(0.0)
}

/// A sentence of an entry's detail that denies something.
struct Denial {
    sentence: String,
    /// Its term ids, sorted.
    terms: Vec<u32>,
    /// The term ids within [`DENIAL_REACH`] words of a denying word, sorted.
    near: Vec<u32>,
    /// Whether it denies owning something ("does not run its own HSMs"):
    /// "own" is a stop word, so no term carries it.
    own: bool,
}

/// How many words either side of "not" a denial reaches: "OIDC login is not
/// offered", "is not certified to ISO/IEC 27701".
const DENIAL_REACH: usize = 4;

/// The sentences of `e`'s detail that deny something, when its answer says
/// yes (see [`Matcher::denied`]).
fn denials(
    e: &crate::bank::BankEntry,
    normalizer: &Normalizer,
    thesaurus: &Thesaurus,
    index: &Index,
) -> Vec<Denial> {
    let says_yes = crate::decide::verdict(&e.answer) == Some("yes")
        || e.choice
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case("yes"));
    let Some(detail) = e.detail.as_deref().filter(|_| says_yes) else {
        return Vec::new();
    };
    let ids = |text: &str| {
        let a = analyze(text, normalizer, thesaurus, None);
        let mut ids: Vec<u32> = a.terms.iter().filter_map(|t| index.term(t)).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    demand::sentences(detail)
        .filter_map(|s| {
            let near = demand::around_denials(s, DENIAL_REACH);
            (!near.is_empty()).then(|| Denial {
                sentence: s.to_string(),
                terms: ids(s),
                near: ids(&near.join(" ")),
                own: near.iter().any(|w| demand::OWNING.contains(&w.as_str())),
            })
        })
        .collect()
}

/// Per special (exceptions, history, sharing, hazard), per entry: whether
/// one of its phrasings asks it, or for handing documents over, whether its
/// answer or detail offers them.
fn special_entries(bank: &AnswerBank) -> [Vec<bool>; 4] {
    let mut out: [Vec<bool>; 4] = Default::default();
    for e in &bank.entries {
        let mut asked = [false; 4];
        for p in e.phrasings() {
            for (a, b) in asked.iter_mut().zip(demand::Special::asked_by(p)) {
                *a |= b;
            }
        }
        asked[2] = asked[2]
            || std::iter::once(&e.answer)
                .chain(&e.detail)
                .any(|t| demand::offers_documents(t));
        for (list, a) in out.iter_mut().zip(asked) {
            list.push(a);
        }
    }
    out
}

#[cfg(test)]
mod tests;
