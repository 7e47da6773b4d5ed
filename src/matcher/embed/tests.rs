use super::*;

/// The pieces the compiled-in vocabulary gives `text`, as strings.
fn pieces(text: &str) -> Vec<&'static str> {
    let lines: Vec<&'static str> = VOCAB.lines().collect();
    let embedder = Embedder::global().expect("the compiled-in table loads");
    embedder
        .pieces
        .encode(text)
        .into_iter()
        .map(|row| lines[row as usize])
        .collect()
}

#[test]
fn tokenizes_like_the_models_own_tokenizer() {
    // Expected pieces printed by the `tokenizers` library from the model's
    // tokenizer.json (encode without special tokens).
    let long = "x".repeat(101);
    let cases: &[(&str, &[&str])] = &[
        ("encryption", &["encryption"]),
        (
            "Do you encrypt data at-rest (AES-256)?",
            &[
                "do", "you", "en", "##cr", "##yp", "##t", "data", "at", "-", "rest", "(", "ae",
                "##s", "-", "256", ")", "?",
            ],
        ),
        ("Pentest", &["pen", "##test"]),
        ("deprovisioning", &["de", "##pro", "##vision", "##ing"]),
        ("SOC2 Type II", &["soc", "##2", "type", "ii"]),
        ("naïve café", &["naive", "cafe"]),
        ("MFA/2FA", &["mfa", "/", "2", "##fa"]),
        ("you're", &["you", "'", "re"]),
        (
            "ISO/IEC 27001:2022",
            &["iso", "/", "iec", "270", "##01", ":", "202", "##2"],
        ),
        ("e-mail", &["e", "-", "mail"]),
        (
            "Données chiffrées",
            &["don", "##nee", "##s", "chi", "##ff", "##ree", "##s"],
        ),
        (
            "SSO (SAML/OIDC)",
            &["ss", "##o", "(", "sam", "##l", "/", "o", "##id", "##c", ")"],
        ),
        ("sub-processors", &["sub", "-", "processors"]),
        (
            "GDPR's Art. 28",
            &["gdp", "##r", "'", "s", "art", ".", "28"],
        ),
        ("RTO≤4h", &["rt", "##o", "##≤", "##4", "##h"]),
        ("数据", &["[UNK]", "[UNK]"]),
        ("Ångström", &["ang", "##strom"]),
        (&long, &["[UNK]"]),
        ("pseudonymisation", &["pseudonym", "##isation"]),
        ("TLS1.2+", &["t", "##ls", "##1", ".", "2", "+"]),
    ];
    for (text, want) in cases {
        assert_eq!(pieces(text), *want, "{text:?}");
    }
}

#[test]
fn related_questions_are_closer_than_unrelated_ones() {
    let e = Embedder::global().expect("the compiled-in table loads");
    let rest = e.sentence("Is data encrypted at rest?");
    let stored = e.sentence("Do you encrypt stored data?");
    let screening = e.sentence("Do you perform background checks?");
    assert!(cosine(&rest, &stored) > cosine(&rest, &screening) + 0.1);
    let vetting = e.sentence("Are new hires screened before they start?");
    assert!(cosine(&screening, &vetting) > cosine(&screening, &stored));
}

#[test]
fn sentence_vectors_are_unit_or_zero() {
    let e = Embedder::global().expect("the compiled-in table loads");
    assert_eq!(e.dims(), 128);
    for text in ["", "   ", "数据", "\u{0}\u{fffd}", "???"] {
        let v = e.sentence(text);
        assert_eq!(v.len(), e.dims(), "{text:?}");
        let n = norm(&v);
        assert!(n == 0.0 || (n - 1.0).abs() < 1e-4, "{text:?}: norm {n}");
    }
    assert!(e.sentence("").iter().all(|&x| x == 0.0));
    assert!(e.sentence("数据").iter().all(|&x| x == 0.0));
    let v = e.sentence("Is MFA enforced?");
    assert!((norm(&v) - 1.0).abs() < 1e-4);
}

#[test]
fn odd_input_does_not_panic() {
    let e = Embedder::global().expect("the compiled-in table loads");
    let long = "ab".repeat(10_000);
    let inputs = [
        "\u{feff}\u{200d}#️⃣🔐",
        "e\u{301}\u{301}\u{301}",
        "##",
        "[UNK] [CLS] [SEP]",
        &long,
        "\t\r\n\u{85}\u{2028}",
    ];
    for text in inputs {
        assert_eq!(e.sentence(text).len(), e.dims(), "{text:?}");
    }
}

#[test]
fn cosine_cases() {
    assert!((cosine(&[1.0, 0.0], &[2.0, 0.0]) - 1.0).abs() < 1e-6);
    assert!(cosine(&[1.0, 0.0], &[0.0, 3.0]).abs() < 1e-6);
    assert!((cosine(&[1.0, 1.0], &[-1.0, -1.0]) + 1.0).abs() < 1e-6);
    assert_eq!(cosine(&[0.0, 0.0], &[1.0, 0.0]), 0.0);
    assert_eq!(cosine(&[1.0], &[1.0, 0.0]), 0.0);
    assert_eq!(cosine(&[], &[]), 0.0);
}

/// A well-formed table of `rows` x `dims` for `vocab`, with every value 1.
fn table(rows: u32, dims: u32, vocab: &str) -> Vec<u8> {
    let mut bytes = MAGIC.to_vec();
    for v in [VERSION, rows, dims] {
        bytes.extend(v.to_le_bytes());
    }
    bytes.extend(0.5f32.to_le_bytes());
    bytes.extend(fnv1a64(vocab.as_bytes()).to_le_bytes());
    bytes.extend(std::iter::repeat_n(1u8, (rows * dims) as usize));
    bytes
}

#[test]
fn small_table_round_trip() {
    let vocab = "[UNK]\ncat\n##s\n";
    let e = Embedder::from_parts(&table(3, 2, vocab), vocab).expect("valid table");
    let v = e.sentence("Cats");
    let half = std::f32::consts::FRAC_1_SQRT_2;
    assert!((v[0] - half).abs() < 1e-6 && (v[1] - half).abs() < 1e-6);
    assert_eq!(e.sentence("dog"), [0.0, 0.0]);
}

#[test]
fn corrupt_tables_are_errors_not_panics() {
    let vocab = "[UNK]\ncat\n";
    let good = table(2, 4, vocab);
    let mut bad_magic = good.clone();
    bad_magic[0] = b'X';
    let mut bad_version = good.clone();
    bad_version[8] = 9;
    let mut zero_dims = good.clone();
    zero_dims[16..20].copy_from_slice(&0u32.to_le_bytes());
    let mut nan_scale = good.clone();
    nan_scale[20..24].copy_from_slice(&f32::NAN.to_le_bytes());
    let mut huge_rows = good.clone();
    huge_rows[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
    let cases: Vec<(Vec<u8>, &str, &str)> = vec![
        (
            good[..10].to_vec(),
            vocab,
            "10 bytes is too short for the header",
        ),
        (bad_magic, vocab, "does not start with QFSTEMB"),
        (bad_version, vocab, "version 9, expected 1"),
        (zero_dims, vocab, "bad dims 0"),
        (nan_scale, vocab, "scale NaN"),
        (
            good[..good.len() - 1].to_vec(),
            vocab,
            "need 8 bytes after the header, found 7",
        ),
        (huge_rows, vocab, "4294967295 rows of 4 dims"),
        (
            good.clone(),
            "[UNK]\ncat\ndog\n",
            "2 rows but the vocabulary has 3 lines",
        ),
        (good, "[UNK]\ndog\n", "not the one the table was made with"),
    ];
    for (bytes, vocab, want) in cases {
        let err = Embedder::from_parts(&bytes, vocab).expect_err(want);
        let message = err.to_string();
        assert!(
            message.starts_with("internal error: embedding table: "),
            "{message}"
        );
        assert!(message.contains(want), "{message} lacks {want:?}");
        assert!(!err.is_user_error());
    }
}

#[test]
fn fnv1a64_known_values() {
    assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
}

/// Load time of the compiled-in table: the first load (with the page faults
/// a process pays once) and the best of five. Run with
/// `cargo test --release --lib -- --ignored embed_load_time --nocapture`.
#[test]
#[ignore = "timing, for release builds"]
fn embed_load_time() {
    let mut times = Vec::new();
    for _ in 0..5 {
        let started = std::time::Instant::now();
        let e = Embedder::build(Cow::Borrowed(TABLE), VOCAB).expect("the compiled-in table loads");
        times.push(started.elapsed());
        assert_eq!(e.dims(), 128);
    }
    let best = times.iter().min().copied().unwrap_or_default();
    eprintln!("load: first {:?}, best of 5 {best:?}", times[0]);
    assert!(best < std::time::Duration::from_millis(20));
}
