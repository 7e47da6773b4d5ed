//! Who a question is about: the prospect's own people or systems, the
//! vendor's suppliers, facilities or offices, another named party, or a
//! setting the customer may choose. An entry written about one party does
//! not answer a question about another, however many words they share (see
//! `score::Features::thin_evidence`).

use super::demand::tokens;

/// Whether a question asks about the prospect's own people or systems ("Can
/// our administrators configure…", "require us to open ports on our
/// network"), as a questionnaire writes from the prospect's side.
pub fn asks_about_ours(text: &str) -> bool {
    const ACTORS: &[&str] = &[
        "administrator",
        "administrators",
        "admins",
        "admin",
        "users",
        "user",
        "staff",
        "employees",
        "network",
        "networks",
        "systems",
        "firewall",
        "tenant",
        "environment",
        "identity",
        "idp",
        "team",
        "teams",
        "applications",
        "apps",
        "devices",
        "endpoints",
        "keys",
    ];
    // Questionnaires from universities and colleges call the prospect "the
    // institution": "the institution's users", "requirements provided by the
    // institution".
    let ours = |w: &String| matches!(w.as_str(), "our" | "institution" | "institutional");
    // "our own encryption keys" is "our encryption keys".
    let mut t = tokens(text, false);
    t.retain(|w| w != "own");
    t.windows(2)
        .any(|p| ours(&p[0]) && ACTORS.contains(&p[1].as_str()))
        || t.windows(3)
            .any(|p| ours(&p[0]) && ACTORS.contains(&p[2].as_str()))
        || t.windows(3)
            .any(|p| p[0] == "by" && p[1] == "the" && p[2] == "institution")
}

/// A question that names the respondent by its role ("The Supplier shall
/// notify the Customer…", "Does the vendor encrypt…", "The Contractor's
/// employees…"), as tenders and requirement matrices write, rewritten to
/// say "you" ("You shall notify the Customer…"): the supplier asked is the
/// vendor, not the vendor's own suppliers, and "its own suppliers" are
/// then "your own suppliers". Only a role in the subject at the start,
/// after at most an auxiliary ("Does the vendor…"), and followed by a verb
/// or a possessive, is read so: "Vendor name" and "Do you assess the
/// vendor…" are left as they are.
pub fn respondent_as_you(question: &str) -> std::borrow::Cow<'_, str> {
    const ROLES: &[&str] = &[
        "supplier",
        "vendor",
        "service provider",
        "provider",
        "contractor",
        "subcontractor",
        "bidder",
        "tenderer",
        "respondent",
        "offeror",
        "proposer",
        "processor",
        "data processor",
        "licensor",
        "seller",
    ];
    const AUXILIARIES: &[&str] = &[
        "does", "do", "is", "has", "will", "can", "shall", "must", "should", "did", "would",
    ];
    let borrowed = std::borrow::Cow::Borrowed(question);
    let lower = question.to_lowercase();
    if lower.len() != question.len() {
        return borrowed;
    }
    let mut at = lower.len() - lower.trim_start().len();
    let aux = lower[at..]
        .split_whitespace()
        .next()
        .filter(|w| AUXILIARIES.contains(w));
    if let Some(aux) = aux {
        at += aux.len()
            + (lower[at + aux.len()..].len() - lower[at + aux.len()..].trim_start().len());
    }
    let mut role_at = at;
    if lower[at..].starts_with("the ") {
        role_at += 4;
    }
    let Some(role) = ROLES
        .iter()
        .filter(|r| lower[role_at..].starts_with(*r))
        .max_by_key(|r| r.len())
    else {
        return borrowed;
    };
    let end = role_at + role.len();
    let rest = &question[end..];
    let (you, rest) = if let Some(after) = rest.strip_prefix("'s ").or(rest.strip_prefix("’s ")) {
        (if aux.is_some() { "your" } else { "Your" }, after)
    } else {
        let next = rest.split_whitespace().next().unwrap_or("").to_lowercase();
        let verb = AUXILIARIES.contains(&next.as_str())
            || matches!(
                next.as_str(),
                "are"
                    | "have"
                    | "may"
                    | "agrees"
                    | "maintains"
                    | "provides"
                    | "ensures"
                    | "uses"
                    | "performs"
                    | "employs"
                    | "warrants"
                    | "commits"
                    | "encrypts"
                    | "retains"
                    | "notifies"
                    | "operates"
                    | "undertakes"
                    | "confirms"
                    | "represents"
            );
        // After an auxiliary the role is the subject whatever follows
        // ("Does the vendor encrypt…").
        if !(verb || aux.is_some()) || !rest.starts_with(' ') {
            return borrowed;
        }
        (if aux.is_some() { "you" } else { "You" }, rest.trim_start())
    };
    let rewritten = format!("{}{you} {}", &question[..at], rest);
    std::borrow::Cow::Owned(
        rewritten
            .replace(" its ", " your ")
            .replace(" it ", " you "),
    )
}

/// Whether a question says it asks about the vendor itself ("Is your own
/// organisation certified to ISO/IEC 27017 for cloud service providers?"):
/// the provider it names is a qualifier, not the party asked about, so an
/// entry about the hosting provider does not answer it.
pub fn asks_of_itself(question: &str) -> bool {
    let t = tokens(question, false);
    const SELF: &[&str] = &[
        "organisation",
        "organization",
        "company",
        "firm",
        "business",
        "entity",
    ];
    t.windows(3)
        .any(|p| p[0] == "your" && p[1] == "own" && SELF.contains(&p[2].as_str()))
        || t.windows(3)
            .any(|p| p[0] == "your" && SELF.contains(&p[1].as_str()) && p[2] == "itself")
}

/// Whether a question asks about the vendor's own suppliers ("Do you require
/// your critical vendors to…", "Do your suppliers…"): "your" before the
/// supplier, at most one word between. A qualifier ("independent third
/// parties", "third-party libraries") is not a party asked about, and "your
/// cloud vendor" is the hosting provider, which entries name as such.
pub fn asks_of_suppliers(text: &str) -> bool {
    const SUPPLIERS: &[&str] = &[
        "vendor",
        "vendors",
        "supplier",
        "suppliers",
        "subcontractor",
        "subcontractors",
        "sub-contractors",
        "outsourcers",
    ];
    const HOSTING: &[&str] = &["cloud", "hosting", "infrastructure", "iaas", "paas"];
    let t = tokens(text, false);
    t.iter().enumerate().any(|(i, w)| {
        // "your own software suppliers": "own" stands for nothing.
        let skip = usize::from(t.get(i + 1).is_some_and(|n| n == "own"));
        let next = |k: usize| t.get(i + skip + k).map_or("", String::as_str);
        w == "your"
            && (SUPPLIERS.contains(&next(1))
                || SUPPLIERS.contains(&next(2)) && !HOSTING.contains(&next(1)))
    })
}

/// Whether a question's subject is the data centres or facilities the
/// service runs in ("Are the data centers staffed 24x7?", "Do your
/// facilities have…"): after an opening verb and a determiner, the first
/// words name them. An entry that names no facility or host does not answer
/// it, however many other words it shares ("24 hours a day" with the
/// incident response team's hours).
pub fn asks_of_facilities(text: &str) -> bool {
    const OPENINGS: &[&str] = &[
        "are", "is", "do", "does", "have", "has", "will", "can", "the", "your", "all", "any",
        "each", "every", "of", "which", "what", "where",
    ];
    let t = tokens(text, false);
    let start = t
        .iter()
        .take_while(|w| OPENINGS.contains(&w.as_str()))
        .count();
    let word = |k: usize| t.get(start + k).map_or("", String::as_str);
    matches!(
        word(0),
        "datacenter" | "datacenters" | "datacentre" | "datacentres" | "facility" | "facilities"
    ) || word(0) == "data" && matches!(word(1), "center" | "centers" | "centre" | "centres")
        || word(0) == "server" && matches!(word(1), "room" | "rooms")
}

/// Whether a question asks about one of the vendor's sites, as a
/// questionnaire repeated per site or location does ("Number of employees
/// working at this site", "Is CCTV installed at each location?"): a
/// company-wide answer is not that site's.
pub fn asks_of_one_site(text: &str) -> bool {
    const WHICH: &[&str] = &["this", "that", "each", "per", "every"];
    const SITES: &[&str] = &[
        "site",
        "sites",
        "location",
        "locations",
        "facility",
        "facilities",
        "branch",
        "campus",
    ];
    tokens(text, false)
        .windows(2)
        .any(|w| WHICH.contains(&w[0].as_str()) && SITES.contains(&w[1].as_str()))
}

/// Whether a question asks about the vendor's offices as a place ("a
/// backup generator at your office", "guards at headquarters"), not about
/// an office network or the Office suite. An entry about the data centres
/// does not answer for the offices: the hosting provider's guards and
/// generators are not the vendor's.
pub fn speaks_of_offices(text: &str) -> bool {
    const NOT_A_PLACE: &[&str] = &[
        "365",
        "hours",
        "suite",
        "network",
        "networks",
        "ip",
        "ips",
        "wifi",
        "wi",
        "vpn",
        "of",
        "applications",
        "apps",
        "documents",
        "files",
    ];
    // Most questions name no office: skip splitting them into words.
    let mentions = |needle: &[u8]| {
        text.as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    if !(mentions(b"office") || mentions(b"headquarters") || mentions(b"hq")) {
        return false;
    }
    let t = tokens(text, false);
    t.iter().enumerate().any(|(i, w)| {
        let next = t.get(i + 1).map_or("", String::as_str);
        match w.as_str() {
            "office" | "offices" => !NOT_A_PLACE.contains(&next),
            "headquarters" | "hq" => true,
            _ => false,
        }
    })
}

/// The names a question gives (capitalised words inside a sentence:
/// "Does Microsoft have a SOC 2 report?", "Do you comply with Swiss data
/// protection law?"), each with whether it is the subject of an opening
/// "Does…", "Is…". Acronyms are not names, and a question in Title Case
/// names nothing this way.
pub fn proper_names(question: &str) -> Vec<(&str, bool)> {
    const OPENINGS: &[&str] = &[
        "does", "do", "is", "are", "has", "have", "can", "will", "did", "was", "were",
    ];
    let mut out = Vec::new();
    let mut starts_sentence = true;
    let (mut capitalised, mut lower) = (0, 0);
    let opens_polar = question
        .split_whitespace()
        .next()
        .is_some_and(|w| OPENINGS.contains(&w.to_lowercase().as_str()));
    for (i, raw) in question.split_whitespace().enumerate() {
        let subject = i == 1 && opens_polar;
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let word = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix("’s"))
            .unwrap_or(word);
        let first = word.chars().next();
        if first.is_some_and(char::is_uppercase) {
            capitalised += 1;
            // A name is written "Microsoft", not as an acronym ("SCIM",
            // "SoA"), which is the field's vocabulary.
            let name_case = word.chars().skip(1).all(char::is_lowercase);
            if !starts_sentence && name_case && word.chars().count() >= 3 && word != "Yes" {
                out.push((word, subject));
            }
        } else if first.is_some_and(char::is_lowercase) {
            lower += 1;
        }
        starts_sentence =
            raw.ends_with(['.', '?', '!', ':', ';']) || raw.starts_with(['(', '"', '“']);
    }
    if capitalised > lower {
        return Vec::new();
    }
    out
}

/// Party nouns: who, other than the vendor itself, a phrasing may ask about.
const PARTY_NOUNS: &[&str] = &[
    "provider",
    "providers",
    "vendor",
    "vendors",
    "supplier",
    "suppliers",
    "subprocessor",
    "subprocessors",
    "sub-processor",
    "sub-processors",
    "subcontractor",
    "subcontractors",
    "contractor",
    "contractors",
    "partner",
    "partners",
    "host",
    "hoster",
];

/// Whether a phrasing asks about another party than the vendor itself: its
/// subject is "your … provider" ("Is your data centre provider ISO 27001
/// certified?", "Does your hosting provider…"). Such a phrasing does not
/// answer "Is your organisation ISO 27001 certified?".
pub fn of_another_party(phrasing: &str) -> bool {
    // Run on every phrasing at start-up: most never say "your".
    let says_your = phrasing
        .as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"your"));
    if !says_your {
        return false;
    }
    let t = tokens(phrasing, true);
    t.iter().enumerate().any(|(i, w)| {
        w == "your"
            && t[i + 1..t.len().min(i + 4)]
                .iter()
                .any(|n| PARTY_NOUNS.contains(&n.as_str()))
    })
}

/// The party a question is asked of, when its subject is one of the
/// vendor's own providers: an auxiliary, then "your", at most two words and
/// a party noun ("Does your payment processor provide…", "What RTO has your
/// SMS provider committed to?"). Returns the words after "your" ("payment
/// processor"). The vendor's own answer does not speak for that party; a
/// provider named in a clause ("If your identity provider went down, how
/// would…") is not the subject.
pub fn party_subject(question: &str) -> Option<String> {
    use super::demand::AUXILIARIES;
    const HEADS: &[&str] = &[
        "processor",
        "processors",
        "provider",
        "providers",
        "partner",
        "partners",
        "host",
        "hoster",
        "reseller",
        "resellers",
        "integrator",
        "integrators",
        "outsourcer",
        "outsourcers",
    ];
    let t = tokens(question, false);
    t.windows(2)
        .enumerate()
        .filter(|(_, p)| AUXILIARIES.contains(&p[0].as_str()) && p[1] == "your")
        .find_map(|(i, _)| {
            let after = &t[i + 2..t.len().min(i + 5)];
            let head = after.iter().position(|w| HEADS.contains(&w.as_str()))?;
            Some(after[..=head].join(" "))
        })
}

/// Whether a question names a party other than the vendor, or where its
/// systems run: a party noun, or a word of hosting and third parties (the
/// matcher adds the thesaurus concepts of parties, such as "TPRM").
pub fn names_a_party(question: &str) -> bool {
    const PLACES: &[&str] = &[
        "third",
        "3rd",
        "hosting",
        "hosted",
        "cloud",
        "aws",
        "azure",
        "gcp",
        "google",
        "amazon",
        "microsoft",
        "datacenter",
        "datacentre",
        "colocation",
        "facility",
        "facilities",
        "outsourced",
        "outsourcing",
        "external",
        "processor",
        "processors",
        "supply",
        "csp",
        "csps",
        "procurement",
    ];
    let t = tokens(question, false);
    t.iter().enumerate().any(|(i, w)| {
        PARTY_NOUNS.contains(&w.as_str())
            || PLACES.contains(&w.as_str())
            || w == "data"
                && t.get(i + 1)
                    .is_some_and(|n| n.starts_with("cent") || n.starts_with("hall"))
    })
}

/// Whether a phrasing speaks from the prospect's side or of customers: "our
/// data", "we", "us", "customer", "tenant", "your users".
pub fn speaks_of_customers(text: &str) -> bool {
    let t = tokens(text, false);
    t.iter().any(|w| {
        matches!(
            w.as_str(),
            "our"
                | "we"
                | "us"
                | "customer"
                | "customers"
                | "tenant"
                | "tenants"
                | "client"
                | "clients"
                | "institution"
                | "institutions"
        )
    }) || t
        .windows(2)
        .any(|p| p[0] == "your" && matches!(p[1].as_str(), "users" | "customers"))
}

/// Whether a text gives a number: a digit or a number word ("one-time" is not one).
/// Whether a question asks if the customer can set something themselves
/// ("Can customer administrators configure the session timeout?", "Can we
/// change the password length?", "Is the retention period configurable?"):
/// an entry that only states the setting ("sessions expire after 30
/// minutes") does not answer it.
pub fn asks_configurable(question: &str) -> bool {
    const WHO: &[&str] = &[
        "we",
        "customer",
        "customers",
        "client",
        "clients",
        "tenant",
        "tenants",
        "our",
        "admin",
        "admins",
        "administrator",
        "administrators",
        "user",
        "users",
        "organization",
        "organisation",
        "organizations",
        "organisations",
    ];
    const SET: &[&str] = &[
        "configure",
        "customize",
        "customise",
        "adjust",
        "change",
        "modify",
        "tailor",
        "set",
        "define",
        "override",
        "choose",
        "select",
        "specify",
        "require",
        "hold",
        "bring",
        "restrict",
        "opt",
    ];
    const ABLE: &[&str] = &[
        "configurable",
        "customizable",
        "customisable",
        "adjustable",
        "modifiable",
        "settable",
    ];
    let t = tokens(question, false);
    if t.iter().any(|w| ABLE.contains(&w.as_str())) {
        return true;
    }
    t.iter().enumerate().any(|(i, w)| {
        matches!(w.as_str(), "can" | "could" | "may")
            && t[i + 1..].iter().take(4).any(|w| WHO.contains(&w.as_str()))
            && t[i + 1..].iter().take(6).any(|w| SET.contains(&w.as_str()))
    })
}

/// Whether an entry's text says a setting is the customer's to choose
/// ("configurable", "administrators can set", "per tenant", "optional").
pub fn states_configurable(text: &str) -> bool {
    const SAYS: &[&str] = &[
        "configur",
        "customis",
        "customiz",
        "adjust",
        "can set",
        "can be set",
        "can choose",
        "can change",
        "can be changed",
        "can define",
        "can be defined",
        "can require",
        "can enforce",
        "can restrict",
        "can select",
        "can specify",
        "can hold",
        "can bring",
        "can be chosen",
        "customer-managed",
        "customer managed",
        "byok",
        "can turn",
        "can enable",
        "can disable",
        "can be disabled",
        "can be enabled",
        "can be turned",
        "can opt",
        "opt out",
        "opt-out",
        "opt in",
        "opt-in",
        "chosen by",
        "set by",
        "defined by",
        "per tenant",
        "per-tenant",
        "per workspace",
        "setting",
        "option",
        "their own",
    ];
    let t = text.to_lowercase();
    SAYS.iter().any(|s| t.contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_about_the_vendor_itself() {
        assert!(asks_of_itself(
            "Is your own organisation certified to ISO/IEC 27017 for cloud service providers?"
        ));
        assert!(asks_of_itself("Is your company itself PCI certified?"));
        assert!(!asks_of_itself(
            "Is your data centre provider ISO 27001 certified?"
        ));
    }

    #[test]
    fn the_respondent_named_by_its_role_is_you() {
        for (q, want) in [
            (
                "The Supplier shall notify the Customer of breaches within 72 hours.",
                "You shall notify the Customer of breaches within 72 hours.",
            ),
            (
                "Does the vendor assess the security of its own suppliers?",
                "Does you assess the security of your own suppliers?",
            ),
            (
                "The Service Provider's employees are screened.",
                "Your employees are screened.",
            ),
            (
                "Vendor maintains an incident response plan.",
                "You maintains an incident response plan.",
            ),
        ] {
            assert_eq!(respondent_as_you(q), want, "{q}");
        }
        for q in [
            "Vendor name",
            "Do you assess the vendor's security?",
            "Supplier risk assessments are performed annually.",
            "Provider of the identity service",
        ] {
            assert_eq!(respondent_as_you(q), q);
        }
    }

    #[test]
    fn questions_that_ask_whether_the_customer_can_set_it() {
        for q in [
            "Can customer administrators configure the idle session timeout?",
            "Can we change the minimum password length for our users?",
            "Is the data retention period configurable?",
            "Can customers define their own rules in your web application firewall?",
            "Can we choose our own backup retention period?",
            "Can we hold a copy of the encryption key used for our backups?",
            "Can customers opt out of the AI features in the product?",
        ] {
            assert!(asks_configurable(q), "{q}");
        }
        for q in [
            "Do sessions time out after inactivity?",
            "Can you change your encryption keys on request?",
            "How do you manage configuration changes?",
            "Can customers enable MFA?",
        ] {
            assert!(!asks_configurable(q), "{q}");
        }
        assert!(states_configurable(
            "Administrators can set the timeout per workspace."
        ));
        assert!(!states_configurable(
            "Sessions expire after 30 minutes of inactivity."
        ));
    }

    #[test]
    fn phrasings_about_another_party() {
        for p in [
            "Is your data centre provider ISO 27001 certified?",
            "Does your hosting provider hold independent certifications?",
            "Do your sub-processors sign DPAs?",
        ] {
            assert!(of_another_party(p), "{p}");
        }
        for p in [
            "Are you certified to ISO/IEC 27001?",
            "AWS compliance reports",
            "Do you assess third parties before onboarding?",
        ] {
            assert!(!of_another_party(p), "{p}");
        }
        for q in [
            "Is your data center ISO 27001 certified?",
            "Is AWS SOC 2 audited?",
            "Is an inventory of all supply chain relationships maintained?",
            "Do third-party vendors get access?",
        ] {
            assert!(names_a_party(q), "{q}");
        }
        for q in [
            "Is your organisation ISO 27001 certified?",
            "Is customer data encrypted at rest?",
        ] {
            assert!(!names_a_party(q), "{q}");
        }
    }

    #[test]
    fn questions_whose_subject_is_a_provider() {
        for (q, party) in [
            (
                "Does your payment processor provide you with a PCI DSS AoC?",
                "payment processor",
            ),
            (
                "What RTO has your SMS provider committed to?",
                "sms provider",
            ),
            (
                "How many incidents did your MDR provider escalate last year?",
                "mdr provider",
            ),
            (
                "Is your hosting provider ISO 27001 certified?",
                "hosting provider",
            ),
        ] {
            assert_eq!(party_subject(q).as_deref(), Some(party), "{q}");
        }
        for q in [
            "If your identity provider went down, how would administrators get in?",
            "Do you use a payment processor?",
            "Is your organisation ISO 27001 certified?",
            "Do you provide your customers with a SOC 2 report?",
            "Does your service encrypt data for each provider of data?",
        ] {
            assert_eq!(party_subject(q), None, "{q}");
        }
    }

    #[test]
    fn questions_about_the_vendors_own_suppliers() {
        for q in [
            "Do you require your vendors to carry cyber insurance?",
            "Do you require your critical suppliers to test their own BCPs?",
            "Do your subcontractors sign NDAs?",
            "Do you require your own software suppliers to follow a secure SDLC?",
        ] {
            assert!(asks_of_suppliers(q), "{q}");
        }
        for q in [
            "Do you carry cyber insurance?",
            "Are penetration tests done by independent third parties?",
            "Do you scan third-party libraries?",
            "Does your cloud vendor have access to your encryption keys?",
            "Do you assess vendors before onboarding?",
        ] {
            assert!(!asks_of_suppliers(q), "{q}");
        }
    }

    #[test]
    fn names_a_question_gives() {
        assert_eq!(
            proper_names("Does Stripe have a SOC 2 report?"),
            [("Stripe", true)]
        );
        assert_eq!(
            proper_names("Do you comply with Swiss data protection law?"),
            [("Swiss", false)]
        );
        // Acronyms, sentence openings and Title Case name nothing.
        assert!(proper_names("Is SCIM provisioning supported? Please describe.").is_empty());
        assert!(proper_names("Do You Have A Documented Incident Response Plan?").is_empty());
    }

    #[test]
    fn questions_about_one_site() {
        assert!(asks_of_one_site("Number of employees working at this site"));
        assert!(asks_of_one_site("Is CCTV installed at each location?"));
        assert!(!asks_of_one_site(
            "How many employees does your company have?"
        ));
        assert!(!asks_of_one_site("Do you have a disaster recovery site?"));
    }

    #[test]
    fn questions_about_the_data_centres() {
        assert!(asks_of_facilities("Are the data centers staffed 24x7?"));
        assert!(asks_of_facilities(
            "Do your data centres have fire suppression?"
        ));
        assert!(asks_of_facilities("Are all facilities monitored by CCTV?"));
        assert!(!asks_of_facilities(
            "Is data encrypted in your data centres?"
        ));
        assert!(!asks_of_facilities("Do you respond to incidents 24x7?"));
    }

    #[test]
    fn questions_about_the_customers_side() {
        assert!(asks_about_ours(
            "Can our administrators configure the session timeout?"
        ));
        assert!(asks_about_ours(
            "Does it require us to open ports on our corporate network?"
        ));
        assert!(!asks_about_ours("Is our data encrypted at rest?"));
        assert!(asks_about_ours(
            "Will you threat-model our own applications that integrate with your service?"
        ));
        assert!(asks_about_ours("can we use our own encryption keys"));
        assert!(!asks_about_ours("Do your administrators use MFA?"));
        assert!(asks_about_ours(
            "Can you enforce password requirements provided by the institution?"
        ));
        assert!(asks_about_ours(
            "Can the institution's users sign in with SSO?"
        ));
        assert!(!asks_about_ours("Do you sign SCCs with the institution?"));
        assert!(speaks_of_customers("Can we export our data?"));
        assert!(speaks_of_customers("Is MFA available to your users?"));
        assert!(!speaks_of_customers("Do employees use MFA?"));
    }
}
