//! Coverage as text for a person, Markdown for a pull-request comment and JUnit
//! XML for CI systems (each control a test case, so gaps show as failures).
//! JSON is the serde form of [`Coverage`]. These return strings; the binary
//! prints them.

use super::coverage::{ControlCoverage, Coverage, Evidence, FrameworkCoverage};
use super::questionnaire::QuestionnaireCoverage;
use std::fmt::Write;

/// How many gaps the text and Markdown forms list per framework.
const LIST_LIMIT: usize = 60;

/// The scope line of a framework (`SOC 2 (security, availability)`).
fn heading(cov: &Coverage, f: &FrameworkCoverage) -> String {
    match f.framework {
        super::Framework::Soc2 => format!(
            "{} ({})",
            f.framework.title(),
            cov.soc2_categories.join(", ")
        ),
        super::Framework::Iso27001 => f.framework.title().to_string(),
    }
}

fn gap_line(c: &ControlCoverage) -> String {
    let mut line = format!("{} {} — {}", c.id, c.title, c.evidence.as_str());
    match c.evidence {
        Evidence::ViaCrosswalk => {
            let via: Vec<String> = c
                .via
                .iter()
                .map(|v| format!("{} ({})", v.control, v.entries.join(", ")))
                .collect();
            let _ = write!(line, " through {}", via.join("; "));
        }
        Evidence::Stale => {
            let _ = write!(line, ": only {}", c.stale_entries.join(", "));
        }
        _ => {}
    }
    line
}

/// The report for a terminal.
pub fn text(cov: &Coverage) -> String {
    let mut out = String::new();
    for f in &cov.frameworks {
        let t = &f.totals;
        let _ = writeln!(
            out,
            "{}: {}/{} in-scope controls evidenced directly ({:.1}%), {} via crosswalk only, {} stale, {} missing{}",
            heading(cov, f),
            t.direct,
            t.in_scope,
            f.percent_direct,
            t.via_crosswalk,
            t.stale,
            t.missing,
            if t.excluded > 0 {
                format!(", {} excluded by the SoA", t.excluded)
            } else {
                String::new()
            }
        );
        let _ = writeln!(
            out,
            "  {:<6} {:<46} {:>5} {:>6} {:>5} {:>5} {:>7}",
            "group", "title", "scope", "direct", "via", "stale", "missing"
        );
        for g in &f.groups {
            let t = &g.totals;
            let _ = writeln!(
                out,
                "  {:<6} {:<46} {:>5} {:>6} {:>5} {:>5} {:>7}",
                g.group,
                truncate(&g.title, 46),
                t.in_scope,
                t.direct,
                t.via_crosswalk,
                t.stale,
                t.missing
            );
        }
        let gaps: Vec<&ControlCoverage> = f
            .controls
            .iter()
            .filter(|c| !matches!(c.evidence, Evidence::Direct | Evidence::Excluded))
            .collect();
        for c in gaps.iter().take(LIST_LIMIT) {
            let _ = writeln!(out, "  not evidenced directly: {}", gap_line(c));
        }
        if gaps.len() > LIST_LIMIT {
            let _ = writeln!(
                out,
                "  … and {} more (use --format json for all)",
                gaps.len() - LIST_LIMIT
            );
        }
    }
    stale_and_unknown(cov, &mut out);
    let _ = writeln!(out, "{}", verdict(cov));
    out
}

fn stale_and_unknown(cov: &Coverage, out: &mut String) {
    if !cov.stale_entries.is_empty() {
        let _ = writeln!(
            out,
            "stale entries (never reviewed, or reviewed more than {} days before {}): {}",
            cov.max_age_days,
            cov.as_of,
            cov.stale_entries.len()
        );
        for s in cov.stale_entries.iter().take(LIST_LIMIT) {
            let _ = writeln!(
                out,
                "  {}:{} {} (reviewed {})",
                s.file,
                s.line,
                s.id,
                s.reviewed.as_deref().unwrap_or("never")
            );
        }
    }
    for u in &cov.unknown_controls {
        let _ = writeln!(
            out,
            "warning: entry `{}`: {} (not counted; run `qfill bank lint`)",
            u.entry, u.message
        );
    }
}

/// The gate's one-line verdict.
pub fn verdict(cov: &Coverage) -> String {
    if cov.passed {
        return format!(
            "coverage gate passed: every framework at or above {}% direct, no stale evidence",
            cov.min_percent
        );
    }
    let mut reasons = Vec::new();
    for f in cov
        .frameworks
        .iter()
        .filter(|f| f.percent_direct + 1e-9 < cov.min_percent)
    {
        reasons.push(format!(
            "{} at {:.1}% direct (minimum {}%)",
            f.framework.title(),
            f.percent_direct,
            cov.min_percent
        ));
    }
    if !cov.stale_entries.is_empty() {
        reasons.push(format!(
            "{} stale entries evidence in-scope controls",
            cov.stale_entries.len()
        ));
    }
    let missing: Vec<String> = cov.gaps().map(|c| c.id.to_string()).collect();
    let mut line = format!("coverage gate FAILED: {}", reasons.join("; "));
    if !missing.is_empty() {
        let shown: Vec<&str> = missing
            .iter()
            .take(LIST_LIMIT)
            .map(String::as_str)
            .collect();
        let _ = write!(line, "\n  not evidenced directly: {}", shown.join(", "));
        if missing.len() > LIST_LIMIT {
            let _ = write!(
                line,
                " … and {} more (--format json lists them all)",
                missing.len() - LIST_LIMIT
            );
        }
    }
    line
}

/// The report as a Markdown pull-request comment.
pub fn markdown(cov: &Coverage) -> String {
    let mut out = String::from("## qfill coverage\n\n");
    let mark = if cov.passed {
        "✅ passed"
    } else {
        "❌ failed"
    };
    let _ = writeln!(
        out,
        "**Gate {mark}** (minimum {}% direct, entries reviewed within {} days as of {})\n",
        cov.min_percent, cov.max_age_days, cov.as_of
    );
    out.push_str("| framework | in scope | direct | via crosswalk | stale | missing | excluded | direct % |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for f in &cov.frameworks {
        let t = &f.totals;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {:.1} |",
            heading(cov, f),
            t.in_scope,
            t.direct,
            t.via_crosswalk,
            t.stale,
            t.missing,
            t.excluded,
            f.percent_direct
        );
    }
    for f in &cov.frameworks {
        let gaps: Vec<&ControlCoverage> = f
            .controls
            .iter()
            .filter(|c| !matches!(c.evidence, Evidence::Direct | Evidence::Excluded))
            .collect();
        if gaps.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n<details><summary>{}: {} controls not evidenced directly</summary>\n",
            f.framework.title(),
            gaps.len()
        );
        for c in gaps.iter().take(LIST_LIMIT) {
            let _ = writeln!(
                out,
                "- `{}` {}",
                c.id,
                gap_line(c).split_once(" — ").map_or("", |(_, rest)| rest)
            );
        }
        out.push_str("\n</details>\n");
    }
    if !cov.stale_entries.is_empty() {
        let _ = writeln!(
            out,
            "\n<details><summary>{} stale entries</summary>\n",
            cov.stale_entries.len()
        );
        for s in &cov.stale_entries {
            let _ = writeln!(
                out,
                "- `{}` ({}:{}), reviewed {}",
                s.id,
                s.file,
                s.line,
                s.reviewed.as_deref().unwrap_or("never")
            );
        }
        out.push_str("\n</details>\n");
    }
    out
}

/// The report as JUnit XML: a suite per framework, a test case per control.
pub fn junit(cov: &Coverage) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"qfill coverage\">\n",
    );
    for f in &cov.frameworks {
        // A gap fails the gate only when the framework is under the minimum;
        // stale evidence always does. The report must agree with the exit code.
        let below_min = f.percent_direct + 1e-9 < cov.min_percent;
        let fails = |e: Evidence| e == Evidence::Stale || below_min;
        let gaps = f
            .controls
            .iter()
            .filter(|c| !matches!(c.evidence, Evidence::Direct | Evidence::Excluded));
        let failures = gaps.clone().filter(|c| fails(c.evidence)).count();
        let skipped = f.totals.excluded + gaps.count() - failures;
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" skipped=\"{skipped}\">",
            xml(f.framework.title()),
            f.controls.len(),
        );
        for c in &f.controls {
            let _ = write!(
                out,
                "    <testcase classname=\"{}.{}\" name=\"{}\"",
                f.framework.prefix(),
                xml(&c.group),
                xml(&format!("{} {}", c.id, c.title))
            );
            match c.evidence {
                Evidence::Direct => out.push_str("/>\n"),
                Evidence::Excluded => {
                    let _ = writeln!(
                        out,
                        "><skipped message=\"{}\"/></testcase>",
                        xml(&format!(
                            "excluded by the SoA: {}",
                            c.justification.as_deref().unwrap_or("")
                        ))
                    );
                }
                e if fails(e) => {
                    let _ = writeln!(
                        out,
                        "><failure message=\"{}\"/></testcase>",
                        xml(&gap_line(c))
                    );
                }
                _ => {
                    let _ = writeln!(
                        out,
                        "><skipped message=\"{}\"/></testcase>",
                        xml(&format!(
                            "{} (a gap, not a failure: {:.1}% is evidenced directly, the minimum is {}%)",
                            gap_line(c),
                            f.percent_direct,
                            cov.min_percent
                        ))
                    );
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    format!("{}…", text.chars().take(max - 1).collect::<String>())
}

/// The questionnaire-level view for a terminal (Markdown-friendly too).
pub fn questionnaire_text(q: &QuestionnaireCoverage) -> String {
    let mut out = format!(
        "{}: {} questions, {} answered, {} to review, {} unanswered\n",
        q.input, q.questions, q.answered, q.review, q.unanswered
    );
    let _ = writeln!(
        out,
        "controls touched by answered or review questions: {}",
        q.touched.len()
    );
    for t in &q.touched {
        let _ = writeln!(
            out,
            "  {} {} ({} questions)",
            t.control, t.title, t.questions
        );
    }
    out.push_str("questions by control family (most unanswered first):\n");
    for f in &q.families {
        let _ = writeln!(
            out,
            "  {} {} {}: {} questions, {} answered, {} review, {} unanswered",
            f.framework.prefix(),
            f.family,
            f.title,
            f.questions,
            f.answered,
            f.review,
            f.unanswered
        );
        for u in f.unanswered_questions.iter().take(5) {
            let _ = writeln!(out, "      unanswered: {}", truncate(u, 100));
        }
    }
    if !q.unclassified.is_empty() {
        let _ = writeln!(
            out,
            "unanswered questions with no control family: {}",
            q.unclassified.len()
        );
        for u in q.unclassified.iter().take(10) {
            let _ = writeln!(out, "  {}", truncate(u, 100));
        }
    }
    out
}
