//! BERT's uncased tokenizer, so that text splits into the same word pieces the
//! static table was distilled from. Two stages, as in the `tokenizers` library
//! that all-MiniLM-L6-v2 ships with: the *basic* tokenizer (drop control
//! characters, space out CJK ideographs, strip accents, lowercase, split on
//! whitespace and punctuation) and *WordPiece* (greedy longest match first,
//! `##` marking a piece that continues a word, `[UNK]` for a word that cannot
//! be covered or is longer than 100 characters).

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// Words longer than this (in characters) become `[UNK]`, as in BERT.
const MAX_WORD_CHARS: usize = 100;

/// The prefix that marks a piece continuing a word.
const CONTINUATION: &str = "##";

/// The unknown-word token's spelling in the vocabulary.
pub(crate) const UNK: &str = "[UNK]";

/// A WordPiece vocabulary: piece spelling to row number.
#[derive(Debug)]
pub(crate) struct WordPiece {
    /// Pieces that can start a word.
    starts: FxHashMap<Box<str>, u32>,
    /// Pieces that continue a word, stored without their `##`.
    continuations: FxHashMap<Box<str>, u32>,
    /// The row of `[UNK]`, if the vocabulary has one.
    unk: Option<u32>,
    /// Lines in the vocabulary, which is the number of rows it names.
    rows: usize,
}

impl WordPiece {
    /// Builds the vocabulary from one piece per line; line `i` is row `i`.
    /// A hash with FxHash (not SipHash) and presized: this runs once per
    /// process over ~30,000 pieces and is most of the load time.
    pub(crate) fn from_lines(vocab: &str) -> Self {
        let capacity = vocab.len() / 8;
        let mut starts = FxHashMap::with_capacity_and_hasher(capacity, Default::default());
        let mut continuations =
            FxHashMap::with_capacity_and_hasher(capacity / 4, Default::default());
        let mut rows = 0;
        for (row, piece) in (0u32..).zip(vocab.lines()) {
            match piece
                .strip_prefix(CONTINUATION)
                .filter(|rest| !rest.is_empty())
            {
                Some(rest) => continuations.entry(rest.into()).or_insert(row),
                None => starts.entry(piece.into()).or_insert(row),
            };
            rows += 1;
        }
        let unk = starts.get(UNK).copied();
        Self {
            starts,
            continuations,
            unk,
            rows,
        }
    }

    /// How many rows the vocabulary names (its line count).
    /// Whether `word` (lowercase) is a whole piece of the vocabulary: a
    /// common word, not one split into pieces.
    pub(crate) fn is_whole_word(&self, word: &str) -> bool {
        self.starts.contains_key(word)
    }

    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    /// The row of `[UNK]`, if any.
    pub(crate) fn unk(&self) -> Option<u32> {
        self.unk
    }

    /// Rows of the word pieces of `text`, `[UNK]` included.
    pub(crate) fn encode(&self, text: &str) -> Vec<u32> {
        let mut rows = Vec::new();
        for word in basic_tokens(text) {
            self.push_pieces(&word, &mut rows);
        }
        rows
    }

    /// [`WordPiece::encode`], looking each distinct word up only once across
    /// the texts that share `cache`.
    pub(crate) fn encode_cached(
        &self,
        text: &str,
        cache: &mut FxHashMap<String, Vec<u32>>,
    ) -> Vec<u32> {
        let mut rows = Vec::new();
        for word in basic_tokens(text) {
            match cache.get(&word) {
                Some(pieces) => rows.extend_from_slice(pieces),
                None => {
                    let start = rows.len();
                    self.push_pieces(&word, &mut rows);
                    cache.insert(word, rows[start..].to_vec());
                }
            }
        }
        rows
    }

    /// Greedy longest-match-first pieces of one word, or `[UNK]` for the word.
    fn push_pieces(&self, word: &str, rows: &mut Vec<u32>) {
        let before = rows.len();
        let mut start = 0;
        let too_long = word.chars().nth(MAX_WORD_CHARS).is_some();
        while start < word.len() && !too_long {
            let Some((row, end)) = self.longest_piece(word, start) else {
                rows.truncate(before);
                break;
            };
            rows.push(row);
            start = end;
        }
        if rows.len() == before {
            rows.extend(self.unk);
        }
    }

    /// The longest vocabulary piece of `word` beginning at byte `start`.
    fn longest_piece(&self, word: &str, start: usize) -> Option<(u32, usize)> {
        let map = if start == 0 {
            &self.starts
        } else {
            &self.continuations
        };
        let rest = &word[start..];
        rest.char_indices()
            .rev()
            .map(|(i, c)| i + c.len_utf8())
            .find_map(|end| map.get(&rest[..end]).map(|&row| (row, start + end)))
    }
}

/// The basic tokenizer: normalised words and punctuation marks, in order.
pub(crate) fn basic_tokens(text: &str) -> Vec<String> {
    let normalised = normalise(text);
    let mut tokens = Vec::new();
    for chunk in normalised.split_whitespace() {
        let mut word = String::new();
        for c in chunk.chars() {
            if is_punctuation(c) {
                if !word.is_empty() {
                    tokens.push(std::mem::take(&mut word));
                }
                tokens.push(c.to_string());
            } else {
                word.push(c);
            }
        }
        if !word.is_empty() {
            tokens.push(word);
        }
    }
    tokens
}

/// BERT's normaliser: clean, space out CJK, strip accents, lowercase.
fn normalise(text: &str) -> String {
    let mut cleaned = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\0' || c == '\u{fffd}' || is_control(c) {
            continue;
        }
        if c.is_whitespace() {
            cleaned.push(' ');
        } else if is_cjk(c) {
            cleaned.extend([' ', c, ' ']);
        } else {
            cleaned.push(c);
        }
    }
    // NFD leaves ASCII as it is, and the filter keeps ASCII: skip the tables.
    if cleaned.is_ascii() {
        cleaned.make_ascii_lowercase();
        return cleaned;
    }
    cleaned
        .nfd()
        .filter(|&c| c.is_ascii() || c.general_category() != GeneralCategory::NonspacingMark)
        .flat_map(char::to_lowercase)
        .collect()
}

/// Control and other invisible characters that BERT drops (tab and line
/// breaks count as whitespace instead).
fn is_control(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r');
    }
    c.general_category_group() == GeneralCategoryGroup::Other
}

/// ASCII symbols count as punctuation for BERT, as does Unicode category P.
fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    c.general_category_group() == GeneralCategoryGroup::Punctuation
}

/// CJK Unified Ideographs and their extension and compatibility blocks.
fn is_cjk(c: char) -> bool {
    matches!(
        u32::from(c),
        0x4E00..=0x9FFF
            | 0x3400..=0x4DBF
            | 0x20000..=0x2A6DF
            | 0x2A700..=0x2B73F
            | 0x2B740..=0x2B81F
            | 0x2B820..=0x2CEAF
            | 0xF900..=0xFAFF
            | 0x2F800..=0x2FA1F
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_tokenizer_cases() {
        let cases: &[(&str, &[&str])] = &[
            ("Is data encrypted?", &["is", "data", "encrypted", "?"]),
            ("  naïve\tCAFÉ\n", &["naive", "cafe"]),
            ("MFA/2FA", &["mfa", "/", "2fa"]),
            ("vendor's policy", &["vendor", "'", "s", "policy"]),
            ("a\u{200b}b\u{0}c", &["abc"]),
            ("Straße", &["straße"]),
            ("数据加密", &["数", "据", "加", "密"]),
            ("", &[]),
            ("\u{fffd}", &[]),
            ("“quoted” — dash", &["“", "quoted", "”", "—", "dash"]),
            ("$100+", &["$", "100", "+"]),
        ];
        for (text, want) in cases {
            assert_eq!(basic_tokens(text), *want, "{text:?}");
        }
    }

    fn vocab() -> WordPiece {
        WordPiece::from_lines("[UNK]\nun\n##aff\n##able\naff\nable\n##a\n##b\na\n##\n")
    }

    #[test]
    fn wordpiece_greedy_longest_match() {
        let wp = vocab();
        assert_eq!(wp.encode("unaffable"), [1, 2, 3]);
        assert_eq!(wp.encode("affable able"), [4, 3, 5]);
        assert_eq!(wp.encode("aab"), [8, 6, 7]);
        // "x" matches nothing: the whole word is unknown, not just its tail.
        assert_eq!(wp.encode("unx able"), [0, 5]);
        // A bare "##" line is a start piece, never an empty continuation.
        assert_eq!(wp.encode("##"), [0, 0]);
        assert_eq!(wp.unk(), Some(0));
    }

    #[test]
    fn overlong_words_are_unknown() {
        let wp = vocab();
        // 100 characters is still a word: "a" then 99 "##a".
        let pieces = wp.encode(&"a".repeat(100));
        assert_eq!((pieces[0], pieces.len()), (8, 100));
        assert!(pieces[1..].iter().all(|&row| row == 6));
        assert_eq!(wp.encode(&"a".repeat(101)), [0]);
    }

    #[test]
    fn no_unk_in_vocab_drops_the_word() {
        let wp = WordPiece::from_lines("a\n");
        assert_eq!(wp.encode("a b a"), [0, 0]);
    }
}
