//! Dropdowns of numeric bands ("< 4 hours | 4-24 hours | > 24 hours",
//! "1-50 | 51-200 | 201-500 | 501+"): an answer that states one number
//! ("8 hours", "About 320") takes the one band that holds it. Units must
//! agree (hours, days and minutes convert); anything ambiguous maps to
//! nothing, and the row goes to review as any misfit does.

/// The band of `choices` that holds the one number `answer` states.
pub(super) fn band_choice(answer: &str, choices: &[String]) -> Option<String> {
    let (value, unit) = one_quantity(answer)?;
    let bands: Vec<Option<Band>> = choices.iter().map(|c| Band::parse(c)).collect();
    let list_unit = bands.iter().flatten().find_map(|b| b.unit);
    let mut holding = choices.iter().zip(&bands).filter(|(_, band)| {
        band.as_ref().is_some_and(|b| {
            let unit_here = b.unit.or(list_unit);
            let Some(v) = convert(value, unit, unit_here) else {
                return false;
            };
            b.holds(v)
        })
    });
    let (choice, _) = holding.next()?;
    holding.next().is_none().then(|| choice.clone())
}

/// The number an answer gives for a cell that takes only numbers, in the
/// unit the question asks in: "8 hours" for "RTO in hours" is 8, "2 days"
/// for "Recovery time (hours)" is 48, "About 320" for "Number of
/// employees" is 320. `None` when the answer states no single number, when
/// it names a unit and the question none (or several), and for percentages
/// (whether the cell wants 0.999 or 99.9 depends on its format).
pub fn number_for(answer: &str, question: &str) -> Option<f64> {
    let (value, unit) = one_quantity(answer)?;
    let mut asked = question
        .split_whitespace()
        .filter_map(|w| Unit::parse(w.trim_start_matches(['(', '['])));
    let first = asked.next();
    if asked.any(|u| Some(u) != first) {
        return None;
    }
    match (unit, first) {
        (Some(Unit::Percent), _) | (_, Some(Unit::Percent)) => None,
        (None, _) => Some(value),
        (Some(_), None) => None,
        (from, to) => convert(value, from, to),
    }
}

/// A unit of time or a percentage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Minutes,
    Hours,
    Days,
    Percent,
}

impl Unit {
    fn parse(word: &str) -> Option<Unit> {
        let w = word
            .trim_end_matches(['.', ',', ')', ']', ';', ':', '?'])
            .to_lowercase();
        Some(match w.as_str() {
            "min" | "mins" | "minute" | "minutes" => Unit::Minutes,
            "h" | "hr" | "hrs" | "hour" | "hours" => Unit::Hours,
            "d" | "day" | "days" => Unit::Days,
            "%" | "percent" => Unit::Percent,
            _ => return None,
        })
    }

    fn minutes(self) -> Option<f64> {
        match self {
            Unit::Minutes => Some(1.0),
            Unit::Hours => Some(60.0),
            Unit::Days => Some(1440.0),
            Unit::Percent => None,
        }
    }
}

/// `value` in `from` expressed in `to`; `None` when they cannot agree.
fn convert(value: f64, from: Option<Unit>, to: Option<Unit>) -> Option<f64> {
    match (from, to) {
        (None, None) => Some(value),
        (Some(a), Some(b)) if a == b => Some(value),
        (Some(a), Some(b)) => Some(value * a.minutes()? / b.minutes()?),
        _ => None,
    }
}

/// A closed or open interval of a dropdown value.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Band {
    low: f64,
    low_inclusive: bool,
    high: f64,
    high_inclusive: bool,
    unit: Option<Unit>,
}

impl Band {
    fn holds(&self, v: f64) -> bool {
        let above = if self.low_inclusive {
            v >= self.low
        } else {
            v > self.low
        };
        let below = if self.high_inclusive {
            v <= self.high
        } else {
            v < self.high
        };
        above && below
    }

    /// "< 4 hours", "less than 4", "up to 4 hours", "4-24 hours", "4 to 24",
    /// "> 24 hours", "more than 24", "501+", "24 hours or more".
    fn parse(value: &str) -> Option<Band> {
        let t = value
            .trim()
            .to_lowercase()
            .replace(['\u{2013}', '\u{2014}'], "-");
        let numbers = numbers(&t);
        let unit = numbers
            .last()
            .and_then(|&(_, end)| t[end..].split_whitespace().next())
            .and_then(Unit::parse)
            .or_else(|| t.ends_with('%').then_some(Unit::Percent));
        let open = |low: f64, low_inc: bool, high: f64, high_inc: bool| Band {
            low,
            low_inclusive: low_inc,
            high,
            high_inclusive: high_inc,
            unit,
        };
        let starts = |w: &[&str]| w.iter().any(|p| t.starts_with(p));
        match numbers.as_slice() {
            [(n, _)] if starts(&["<=", "≤", "up to", "at most", "no more than"]) => {
                Some(open(f64::NEG_INFINITY, false, *n, true))
            }
            [(n, _)] if starts(&["<", "less than", "under", "below", "fewer than"]) => {
                Some(open(f64::NEG_INFINITY, false, *n, false))
            }
            [(n, _)]
                if starts(&[">=", "≥", "at least"])
                    || t.contains(" or more")
                    || t.contains('+') =>
            {
                Some(open(*n, true, f64::INFINITY, false))
            }
            [(n, _)] if starts(&[">", "more than", "over", "above", "greater than"]) => {
                Some(open(*n, false, f64::INFINITY, false))
            }
            [(a, end), (b, _)] => {
                let between = t[*end..].trim_start();
                (between.starts_with('-') || between.starts_with("to "))
                    .then(|| open(a.min(*b), true, a.max(*b), true))
            }
            _ => None,
        }
    }
}

/// The numbers of a text with the byte offset each ends at ("1,000" is one).
fn numbers(text: &str) -> Vec<(f64, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len()
            && (bytes[i].is_ascii_digit()
                || (matches!(bytes[i], b',' | b'.')
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
        {
            i += 1;
        }
        if let Ok(n) = text[start..i].replace(',', "").parse::<f64>() {
            out.push((n, i));
        }
    }
    out
}

/// The one number an answer states, with its unit ("8 hours", "About 320",
/// "99.9%"); `None` with none or several ("4 to 8 hours", "RTO 4h, RPO 1h").
fn one_quantity(answer: &str) -> Option<(f64, Option<Unit>)> {
    let t = answer.trim().to_lowercase();
    let found = numbers(&t);
    let [(value, end)] = found.as_slice() else {
        return None;
    };
    let rest = &t[*end..];
    let unit = if rest.starts_with('%') {
        Some(Unit::Percent)
    } else {
        rest.split_whitespace().next().and_then(Unit::parse)
    };
    Some((*value, unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_number_in_the_unit_asked() {
        let cases = [
            ("8 hours", "RTO in hours", Some(8.0)),
            ("8 hours", "What is your RTO in hours?", Some(8.0)),
            ("2 days", "Maximum tolerable downtime [hours]:", Some(48.0)),
            ("2 days", "Recovery time objective (hours)", Some(48.0)),
            ("35 days", "Backup retention in days", Some(35.0)),
            ("About 320", "Number of employees", Some(320.0)),
            ("1,200 employees", "Headcount", Some(1200.0)),
            ("8 hours", "RTO", None),
            ("4 to 8 hours", "RTO in hours", None),
            ("99.9% monthly uptime", "Committed availability", None),
            ("Yes", "Number of employees", None),
            ("8 hours", "RTO in hours or days", None),
        ];
        for (answer, question, want) in cases {
            assert_eq!(
                number_for(answer, question),
                want,
                "{answer} for {question}"
            );
        }
    }

    #[test]
    fn a_stated_number_takes_its_band() {
        let hours = list(&["< 4 hours", "4-24 hours", "> 24 hours", "N/A"]);
        let staff = list(&["1-50", "51-200", "201-500", "501+"]);
        let cases = [
            ("8 hours", &hours, Some("4-24 hours")),
            ("Within 72 hours", &hours, Some("> 24 hours")),
            ("2 days", &hours, Some("> 24 hours")),
            ("30 minutes", &hours, Some("< 4 hours")),
            ("24 hours", &hours, Some("4-24 hours")),
            ("About 320", &staff, Some("201-500")),
            ("1,200 employees", &staff, Some("501+")),
            ("4 to 8 hours", &hours, None),
            ("Annually", &hours, None),
            ("8", &hours, None),
            ("8 hours", &staff, None),
        ];
        for (answer, choices, want) in cases {
            assert_eq!(
                band_choice(answer, choices).as_deref(),
                want,
                "{answer} onto {choices:?}"
            );
        }
    }

    #[test]
    fn bands_parse_their_bounds() {
        let b = Band::parse("Less than 4 hours").unwrap();
        assert!(b.holds(3.0) && !b.holds(4.0));
        let b = Band::parse("4 – 24 hours").unwrap();
        assert!(b.holds(4.0) && b.holds(24.0) && !b.holds(25.0));
        assert_eq!(b.unit, Some(Unit::Hours));
        assert!(Band::parse("Tier III").is_none());
        assert!(Band::parse("Yes").is_none());
    }
}
