//! The reading rules, one small inline file each.
#![allow(clippy::unwrap_used)]

use std::io::BufReader;
use std::ops::ControlFlow;

use chrono::NaiveDate;
use jointcal_iati::{
    read_activities, read_all, Activity, ActivityError, AdminCode, DateKind, DateSource, FileSummary, Narrative,
    Notice, Org, OrgRole, OtherIdentifier, ReadError, RelatedActivity, TransactionKind,
};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn narrative(lang: &str, text: &str) -> Narrative {
    Narrative { lang: Some(lang.into()), text: text.into() }
}

/// Reads a file that must be well-formed.
fn read(xml: &str) -> (Vec<Activity>, Vec<ActivityError>, FileSummary) {
    read_all(xml.as_bytes()).unwrap()
}

/// Reads a file with one usable activity.
fn one(xml: &str) -> Activity {
    let (mut activities, errors, _) = read(xml);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(activities.len(), 1);
    activities.remove(0)
}

/// A 2.03 file around `body` (the inside of one activity).
fn v2(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="2024-01-01T00:00:00Z">
 <iati-activity xml:lang="en" default-currency="USD">
  <iati-identifier>XM-TEST-1</iati-identifier>
  {body}
 </iati-activity>
</iati-activities>
"#
    )
}

/// A 1.05 file around `body`.
fn v1(body: &str) -> String {
    format!(
        r#"<iati-activities version="1.05">
 <iati-activity xml:lang="en" default-currency="USD">
  <iati-identifier>XM-TEST-1</iati-identifier>
  {body}
 </iati-activity>
</iati-activities>"#
    )
}

const FULL_203: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" xmlns:dstore="http://d-portal.org/xmlns/dstore">
 <iati-activity dstore:dataset="x" dstore:index="1" xml:lang="EN" default-currency="eur" hierarchy="1" humanitarian="0">
  <iati-identifier> XM-DAC-41122-ABC-1 </iati-identifier>
  <reporting-org ref="XM-DAC-41122" type="40">
   <narrative>UNICEF</narrative>
  </reporting-org>
  <title>
   <narrative xml:lang="EN">Water for schools</narrative>
   <narrative xml:lang="fr">De l'eau pour les écoles</narrative>
  </title>
  <description type="1"><narrative>  Wells and latrines.  </narrative></description>
  <description type="2"><narrative></narrative></description>
  <participating-org ref="GB-GOV-1" role="1" type="10" activity-id="GB-GOV-1-300001">
   <narrative>FCDO</narrative>
  </participating-org>
  <participating-org ref="41122" role="2" type="40"><narrative>UNICEF</narrative></participating-org>
  <participating-org role="3"/>
  <participating-org ref="XM-NGO-9" role="4"><narrative>An NGO</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2021-01-01"/>
  <activity-date type="2" iso-date="2021-02-15T08:00:00Z"/>
  <activity-date type="3" iso-date="2023-12-31"/>
  <recipient-country code="ke" percentage="60"/>
  <recipient-country code="UG" percentage="40"/>
  <recipient-region code="289" vocabulary="1" percentage="100"/>
  <location ref="L1">
   <name><narrative>Kisumu</narrative></name>
   <administrative vocabulary="G1" level="2" code="200067"/>
   <point srsName="http://www.opengis.net/def/crs/EPSG/0/4326"><pos>-0.1 34.75</pos></point>
  </location>
  <sector code="14030" percentage="70"/>
  <sector vocabulary="2" code="140" percentage="30"/>
  <budget type="1" status="2">
   <period-start iso-date="2021-01-01"/>
   <period-end iso-date="2021-12-31"/>
   <value currency="USD" value-date="2021-01-01">1 000 000</value>
  </budget>
  <transaction ref="T1">
   <transaction-type code="3"/>
   <transaction-date iso-date="2021-03-01"/>
   <value value-date="2021-03-01">250,000.50</value>
   <description><narrative>First tranche</narrative></description>
   <provider-org ref="XM-DAC-41122" provider-activity-id="XM-DAC-41122-ABC"><narrative>UNICEF HQ</narrative></provider-org>
   <receiver-org ref="XM-NGO-9" receiver-activity-id="XM-NGO-9-P7" type="22"><narrative>An NGO</narrative></receiver-org>
   <sector code="99999"/>
   <recipient-country code="TZ"/>
  </transaction>
  <related-activity type="1" ref="XM-DAC-41122-ABC"/>
  <other-identifier type="A1" ref="ABC-1-internal"><owner-org ref="X"><narrative>Owner</narrative></owner-org></other-identifier>
  <document-link url="http://example.org/a.pdf" format="application/pdf">
   <title><narrative>Not a title of the activity</narrative></title>
  </document-link>
  <result type="1"><title><narrative>Not a title either</narrative></title>
   <description><narrative>Not a description</narrative></description></result>
  <dstore:extra>ignored</dstore:extra>
 </iati-activity>
</iati-activities>
"#;

#[test]
fn a_full_203_activity() {
    let a = one(FULL_203);
    assert_eq!(a.identifier, "XM-DAC-41122-ABC-1");
    assert_eq!(a.default_lang.as_deref(), Some("en"));
    assert_eq!(a.default_currency.as_deref(), Some("EUR"));
    assert_eq!((a.hierarchy, a.humanitarian), (Some(1), Some(false)));
    assert_eq!(
        a.reporting_org,
        Some(Org {
            reference: Some("XM-DAC-41122".into()),
            org_type: Some("40".into()),
            names: vec![narrative("en", "UNICEF")]
        })
    );
    assert_eq!(a.titles, [narrative("en", "Water for schools"), narrative("fr", "De l'eau pour les écoles")]);
    assert_eq!(a.title("fr"), Some("De l'eau pour les écoles"));
    assert_eq!(a.title("de"), Some("Water for schools"));
    // Empty narratives (and so the second description) are skipped; text is trimmed.
    assert_eq!(a.descriptions.len(), 1);
    assert_eq!(a.descriptions[0].kind.as_deref(), Some("1"));
    assert_eq!(a.descriptions[0].narratives, [narrative("en", "Wells and latrines.")]);

    let roles: Vec<&OrgRole> = a.participating_orgs.iter().map(|p| &p.role).collect();
    assert_eq!(roles, [&OrgRole::Funding, &OrgRole::Accountable, &OrgRole::Extending, &OrgRole::Implementing]);
    assert_eq!(a.participating_orgs[2].org, Org::default());
    assert_eq!(a.status.as_deref(), Some("2"));
    let dates: Vec<(DateKind, NaiveDate)> = a.dates.iter().map(|d| (d.kind, d.date)).collect();
    assert_eq!(
        dates,
        [
            (DateKind::PlannedStart, date("2021-01-01")),
            (DateKind::ActualStart, date("2021-02-15")),
            (DateKind::PlannedEnd, date("2023-12-31"))
        ]
    );
    let countries: Vec<(&str, Option<f64>)> =
        a.recipient_countries.iter().map(|c| (c.code.as_str(), c.percentage)).collect();
    assert_eq!(countries, [("KE", Some(60.0)), ("UG", Some(40.0))]);
    assert_eq!(a.recipient_regions.len(), 1);
    assert_eq!(a.recipient_regions[0].code, "289");

    assert_eq!(a.locations.len(), 1);
    assert_eq!(a.locations[0].name, [narrative("en", "Kisumu")]);
    assert_eq!(
        a.locations[0].admin,
        [AdminCode { vocabulary: Some("G1".into()), level: Some(2), code: "200067".into() }]
    );
    assert_eq!(a.locations[0].point, Some((-0.1, 34.75)));

    // Activity sectors only; a missing vocabulary is "1".
    let sectors: Vec<(&str, &str, Option<f64>)> =
        a.sectors.iter().map(|s| (s.vocabulary.as_str(), s.code.as_str(), s.percentage)).collect();
    assert_eq!(sectors, [("1", "14030", Some(70.0)), ("2", "140", Some(30.0))]);

    assert_eq!(a.budgets.len(), 1);
    let b = &a.budgets[0];
    assert_eq!((b.kind.as_deref(), b.status.as_deref()), (Some("1"), Some("2")));
    assert_eq!((b.start, b.end), (Some(date("2021-01-01")), Some(date("2021-12-31"))));
    assert_eq!((b.value, b.currency.as_deref(), b.value_date), (1_000_000.0, Some("USD"), Some(date("2021-01-01"))));

    assert_eq!(a.transactions.len(), 1);
    let t = &a.transactions[0];
    assert_eq!(t.kind, TransactionKind::Disbursement);
    assert_eq!(t.date, Some(date("2021-03-01")));
    assert_eq!(t.value, Some(250_000.5));
    // No currency on the value: the activity's default.
    assert_eq!(t.currency.as_deref(), Some("EUR"));
    assert_eq!(
        t.provider,
        Some(Org { reference: Some("XM-DAC-41122".into()), org_type: None, names: vec![narrative("en", "UNICEF HQ")] })
    );
    assert_eq!(t.receiver.as_ref().unwrap().org_type.as_deref(), Some("22"));

    assert_eq!(a.links.provider_activity_ids, ["XM-DAC-41122-ABC"]);
    assert_eq!(a.links.receiver_activity_ids, ["XM-NGO-9-P7"]);
    assert_eq!(a.links.participating_activity_ids, ["GB-GOV-1-300001"]);
    assert_eq!(
        a.links.related_activities,
        [RelatedActivity { kind: "1".into(), reference: "XM-DAC-41122-ABC".into() }]
    );
    assert_eq!(
        a.links.other_identifiers,
        [OtherIdentifier { kind: Some("A1".into()), reference: "ABC-1-internal".into() }]
    );

    assert_eq!(
        a.notices,
        [
            Notice::LanguageLowerCased { code: "EN".into() },
            Notice::CodeUpperCased { field: "iati-activity/@default-currency", code: "eur".into() },
            Notice::DateTimeTruncated { field: "activity-date/@iso-date", value: "2021-02-15T08:00:00Z".into() },
            Notice::CodeUpperCased { field: "recipient-country/@code", code: "ke".into() },
            Notice::NumberCleaned { field: "budget/value", value: "1 000 000".into(), read_as: 1_000_000.0 },
            Notice::NumberCleaned { field: "transaction/value", value: "250,000.50".into(), read_as: 250_000.5 },
        ]
    );
}

const OLD_105: &str = r#"<iati-activities version="1.05" generated-datetime="2014-01-01T00:00:00">
 <iati-activity xml:lang="EN" default-currency="GBP" last-updated-datetime="2013-12-01T00:00:00">
  <iati-identifier>GB-1-112345</iati-identifier>
  <reporting-org ref="GB-1" type="10">Department for International Development</reporting-org>
  <title>Rural roads</title>
  <title xml:lang="FR">Routes rurales</title>
  <description type="1">Build roads.</description>
  <participating-org ref="GB-1" role="Funding" type="10">DFID</participating-org>
  <participating-org role="IMPLEMENTING">Roads Agency</participating-org>
  <participating-org role="extending">Ministry</participating-org>
  <participating-org role="Accountable">Ministry of Finance</participating-org>
  <activity-status code="2">Implementation</activity-status>
  <activity-date type="start-planned" iso-date="2010-01-01">1 Jan 2010</activity-date>
  <activity-date type="start-actual" iso-date="2010-03-01"/>
  <activity-date type="end-planned" iso-date="2012-12-31"/>
  <activity-date type="end-actual">2013-06-30</activity-date>
  <recipient-country code="NP" percentage="100">Nepal</recipient-country>
  <location percentage="100">
   <name>Kathmandu</name>
   <administrative country="NP" adm1="Bagmati" adm2="Kathmandu">Kathmandu</administrative>
   <coordinates latitude="27.7" longitude="85.3" precision="3"/>
  </location>
  <sector vocabulary="DAC" code="21020" percentage="80">Road transport</sector>
  <sector vocabulary="RO" code="R1" percentage="20"/>
  <budget type="1">
   <period-start iso-date="2010-01-01"/>
   <period-end iso-date="2010-12-31"/>
   <value currency="GBP" value-date="2010-01-01">500000</value>
  </budget>
  <transaction>
   <transaction-type code="C">Commitment</transaction-type>
   <value currency="GBP" value-date="2010-01-15">1000000</value>
   <transaction-date iso-date="2010-01-15"/>
   <provider-org ref="GB-1" provider-activity-id="GB-1-112345">DFID</provider-org>
   <receiver-org ref="NP-GOV" receiver-activity-id="NP-GOV-77">Government of Nepal</receiver-org>
  </transaction>
  <transaction>
   <transaction-type code="D"/>
   <value value-date="2010-06-30">250000</value>
  </transaction>
  <transaction><transaction-type code="IF"/><value>1</value></transaction>
  <transaction><transaction-type code="e"/><value>1</value></transaction>
  <transaction><transaction-type code="IR"/><value>1</value></transaction>
  <transaction><transaction-type code="LR"/><value>1</value></transaction>
  <transaction><transaction-type code="R"/><value>1</value></transaction>
  <transaction><transaction-type code="QP"/><value>1</value></transaction>
  <transaction><transaction-type code="QS"/><value>1</value></transaction>
  <transaction><transaction-type code="CG"/><value>1</value></transaction>
  <related-activity type="1" ref="GB-1-112000">Parent programme</related-activity>
  <other-identifier owner-ref="NP-GOV" owner-name="Government of Nepal">NP-ROADS-7</other-identifier>
 </iati-activity>
</iati-activities>"#;

#[test]
fn a_1x_activity() {
    let (activities, errors, summary) = read(OLD_105);
    assert!(errors.is_empty());
    assert_eq!(summary.version.as_deref(), Some("1.05"));
    let a = &activities[0];
    assert_eq!(a.default_lang.as_deref(), Some("en"));
    // Text directly in the element is its narrative, in the inherited language.
    assert_eq!(a.reporting_org.as_ref().unwrap().names, [narrative("en", "Department for International Development")]);
    assert_eq!(a.titles, [narrative("en", "Rural roads"), narrative("fr", "Routes rurales")]);
    assert_eq!(a.descriptions[0].narratives, [narrative("en", "Build roads.")]);
    let roles: Vec<(&OrgRole, &str)> =
        a.participating_orgs.iter().map(|p| (&p.role, p.org.names[0].text.as_str())).collect();
    assert_eq!(
        roles,
        [
            (&OrgRole::Funding, "DFID"),
            (&OrgRole::Implementing, "Roads Agency"),
            (&OrgRole::Extending, "Ministry"),
            (&OrgRole::Accountable, "Ministry of Finance")
        ]
    );
    assert_eq!(a.status.as_deref(), Some("2"));
    let dates: Vec<(DateKind, NaiveDate)> = a.dates.iter().map(|d| (d.kind, d.date)).collect();
    assert_eq!(
        dates,
        [
            (DateKind::PlannedStart, date("2010-01-01")),
            (DateKind::ActualStart, date("2010-03-01")),
            (DateKind::PlannedEnd, date("2012-12-31")),
            (DateKind::ActualEnd, date("2013-06-30")),
        ]
    );
    assert_eq!(a.start(), Some((date("2010-03-01"), DateSource::Actual)));
    assert_eq!(a.end(), Some((date("2013-06-30"), DateSource::Actual)));
    assert_eq!(a.recipient_countries[0].code, "NP");
    let loc = &a.locations[0];
    assert_eq!(loc.name, [narrative("en", "Kathmandu")]);
    assert_eq!(
        loc.admin,
        [
            AdminCode { vocabulary: None, level: Some(1), code: "Bagmati".into() },
            AdminCode { vocabulary: None, level: Some(2), code: "Kathmandu".into() }
        ]
    );
    assert_eq!(loc.point, Some((27.7, 85.3)));
    let sectors: Vec<(&str, &str)> = a.sectors.iter().map(|s| (s.vocabulary.as_str(), s.code.as_str())).collect();
    assert_eq!(sectors, [("1", "21020"), ("99", "R1")]);
    assert_eq!(a.budgets[0].value, 500000.0);
    let kinds: Vec<TransactionKind> = a.transactions.iter().map(|t| t.kind.clone()).collect();
    use TransactionKind as K;
    assert_eq!(
        kinds,
        [
            K::OutgoingCommitment,
            K::Disbursement,
            K::IncomingFunds,
            K::Expenditure,
            K::InterestPayment,
            K::LoanRepayment,
            K::Reimbursement,
            K::PurchaseOfEquity,
            K::SaleOfEquity,
            K::CreditGuarantee
        ]
    );
    assert_eq!(a.transactions[0].provider.as_ref().unwrap().names, [narrative("en", "DFID")]);
    assert_eq!(a.transactions[0].currency.as_deref(), Some("GBP"));
    // No transaction-date: the value date, with a notice.
    assert_eq!(a.transactions[1].date, Some(date("2010-06-30")));
    assert!(a.notices.contains(&Notice::DateFromValueDate));
    assert_eq!(a.transactions[2].date, None);
    assert_eq!(a.links.provider_activity_ids, ["GB-1-112345"]);
    assert_eq!(a.links.receiver_activity_ids, ["NP-GOV-77"]);
    assert_eq!(a.links.related_activities, [RelatedActivity { kind: "1".into(), reference: "GB-1-112000".into() }]);
    assert_eq!(a.links.other_identifiers, [OtherIdentifier { kind: None, reference: "NP-ROADS-7".into() }]);
    // In a 1.x file, 1.x codes and forms are not noticed; what is odd still is.
    assert!(
        !a.notices.iter().any(|n| matches!(n, Notice::CodeOfOtherVersion { .. } | Notice::OldForm { .. })),
        "{:?}",
        a.notices
    );
    assert!(a.notices.contains(&Notice::LanguageLowerCased { code: "FR".into() }));
    assert!(a.notices.contains(&Notice::DateFromText {
        field: "activity-date/@iso-date",
        iso_date: String::new(),
        text: "2013-06-30".into()
    }));
}

#[test]
fn codes_of_the_other_version_are_read_and_noted() {
    let a = one(&v2(r#"<title>Text without narrative</title>
        <participating-org role="Funding"><narrative>Donor</narrative></participating-org>
        <activity-date type="end-planned" iso-date="2020-12-31"/>
        <sector vocabulary="DAC" code="11110"/>
        <transaction><transaction-type code="D"/><value>5</value></transaction>"#));
    assert_eq!(a.titles, [narrative("en", "Text without narrative")]);
    assert_eq!(a.participating_orgs[0].role, OrgRole::Funding);
    assert_eq!(a.end(), Some((date("2020-12-31"), DateSource::Planned)));
    assert_eq!(a.sectors[0].vocabulary, "1");
    assert_eq!(a.transactions[0].kind, TransactionKind::Disbursement);
    let other = |field: &'static str, code: &str, read_as: &str| Notice::CodeOfOtherVersion {
        field,
        code: code.into(),
        code_version: "1.x",
        read_as: read_as.into(),
    };
    assert_eq!(
        a.notices,
        [
            Notice::OldForm { element: "title" },
            other("participating-org/@role", "Funding", "1"),
            other("activity-date/@type", "end-planned", "3"),
            other("sector/@vocabulary", "DAC", "1"),
            other("transaction-type/@code", "D", "3"),
        ]
    );

    // And 2.x codes in a 1.x file.
    let a = one(&v1(r#"<participating-org role="4">NGO</participating-org>
        <activity-date type="2" iso-date="2011-01-01"/>"#));
    assert_eq!(a.participating_orgs[0].role, OrgRole::Implementing);
    assert_eq!(a.start(), Some((date("2011-01-01"), DateSource::Actual)));
    let noted: Vec<String> = a.notices.iter().map(ToString::to_string).collect();
    assert_eq!(
        noted,
        [
            "participating-org/@role '4' is an IATI 2.x code; read as '4'",
            "activity-date/@type '2' is an IATI 2.x code; read as '2'"
        ]
    );
}

#[test]
fn unknown_and_missing_codes() {
    let a = one(&v2(r#"<participating-org role="9"><narrative>X</narrative></participating-org>
        <participating-org><narrative>Y</narrative></participating-org>
        <activity-date type="7" iso-date="2020-01-01"/>
        <activity-date iso-date="2020-01-01"/>
        <recipient-country percentage="100"/>
        <recipient-region vocabulary="1"/>
        <sector vocabulary="XYZ" code="A"/>
        <sector vocabulary="1"/>
        <related-activity type="1"/>
        <transaction><value>1</value></transaction>
        <transaction><transaction-type code="99"/><value>1</value></transaction>"#));
    assert_eq!(a.participating_orgs[0].role, OrgRole::Other("9".into()));
    assert_eq!(a.participating_orgs[1].role, OrgRole::Other(String::new()));
    assert!(a.dates.is_empty());
    assert!(a.recipient_countries.is_empty() && a.recipient_regions.is_empty());
    assert_eq!(a.sectors.len(), 1);
    assert_eq!(a.sectors[0].vocabulary, "XYZ");
    assert!(a.links.related_activities.is_empty());
    assert_eq!(a.transactions[0].kind, TransactionKind::Other(String::new()));
    assert_eq!(a.transactions[1].kind, TransactionKind::Other("99".into()));
    let noted: Vec<String> = a.notices.iter().map(ToString::to_string).collect();
    assert_eq!(
        noted,
        [
            "participating-org/@role '9' is unknown; kept as written",
            "participating-org/@role is missing",
            "activity-date/@type '7' is unknown; skipped",
            "activity-date/@type is missing",
            "recipient-country/@code is missing",
            "recipient-region/@code is missing",
            "sector/@vocabulary 'XYZ' is unknown; kept as written",
            "sector/@code is missing",
            "related-activity/@ref is missing",
            "transaction-type/@code is missing",
            "transaction-type/@code '99' is unknown; kept as written",
        ]
    );
}

#[test]
fn languages_are_lower_cased_and_inherited() {
    // Narrative without xml:lang: the activity's language. Noted once per code.
    let a = one(&v2(r#"<title><narrative>One</narrative><narrative xml:lang="FR">Un</narrative>
        <narrative xml:lang="FR">Deux</narrative><narrative xml:lang="pt-BR">Um</narrative></title>"#));
    assert_eq!(
        a.titles,
        [narrative("en", "One"), narrative("fr", "Un"), narrative("fr", "Deux"), narrative("pt-br", "Um")]
    );
    assert_eq!(
        a.notices,
        [Notice::LanguageLowerCased { code: "FR".into() }, Notice::LanguageLowerCased { code: "pt-BR".into() }]
    );

    // No language anywhere: None. A language on <iati-activities> is inherited.
    let none = one(r#"<iati-activities version="2.03"><iati-activity><iati-identifier>A</iati-identifier>
        <title><narrative>T</narrative></title></iati-activity></iati-activities>"#);
    assert_eq!(none.default_lang, None);
    assert_eq!(none.titles, [Narrative { lang: None, text: "T".into() }]);
    let root =
        one(r#"<iati-activities version="2.03" xml:lang="NL"><iati-activity><iati-identifier>A</iati-identifier>
        <title><narrative>T</narrative></title></iati-activity></iati-activities>"#);
    assert_eq!(root.default_lang.as_deref(), Some("nl"));
    assert_eq!(root.titles, [narrative("nl", "T")]);
}

#[test]
fn start_and_end_rules() {
    let dates = |body: &str| {
        let a = one(&v2(body));
        (a.start(), a.end())
    };
    // Actual before planned, whatever the order in the file.
    assert_eq!(
        dates(
            r#"<activity-date type="1" iso-date="2020-01-01"/><activity-date type="2" iso-date="2020-02-01"/>
                 <activity-date type="4" iso-date="2020-11-30"/><activity-date type="3" iso-date="2020-12-31"/>"#
        ),
        (Some((date("2020-02-01"), DateSource::Actual)), Some((date("2020-11-30"), DateSource::Actual)))
    );
    // No actual: planned.
    assert_eq!(
        dates(r#"<activity-date type="1" iso-date="2020-01-01"/><activity-date type="3" iso-date="2020-12-31"/>"#),
        (Some((date("2020-01-01"), DateSource::Planned)), Some((date("2020-12-31"), DateSource::Planned)))
    );
    // An end date is never a start.
    assert_eq!(
        dates(r#"<activity-date type="4" iso-date="2020-12-31"/>"#),
        (None, Some((date("2020-12-31"), DateSource::Actual)))
    );
    assert_eq!(dates(""), (None, None));
    // Of two dates of one kind, the first.
    assert_eq!(
        dates(r#"<activity-date type="2" iso-date="2020-05-01"/><activity-date type="2" iso-date="2020-04-01"/>"#).0,
        Some((date("2020-05-01"), DateSource::Actual))
    );
}

#[test]
fn numbers_and_dates_that_cannot_be_read() {
    let a = one(&v2(r#"<recipient-country code="KE" percentage="about half"/>
        <activity-date type="1" iso-date="01/02/2020"/>
        <activity-date type="3" iso-date="2020-13-01"/>
        <budget><period-start iso-date="2020-01-01"/><value currency="usd">lots</value></budget>
        <budget><period-start iso-date="2020-01-01+01:00"/><value>1.234.567,89</value></budget>
        <transaction><transaction-type code="4"/><transaction-date iso-date="2021-01-01"/>
         <value currency="USD" value-date="soon">12abc</value></transaction>
        <location><point><pos>95.0 10.0</pos></point></location>
        <location><point><pos>1,5 2,5</pos></point></location>"#));
    assert_eq!(a.recipient_countries[0].percentage, None);
    assert!(a.dates.is_empty());
    // The budget without a value is skipped; the other one is read.
    assert_eq!(a.budgets.len(), 1);
    assert_eq!(a.budgets[0].value, 1_234_567.89);
    assert_eq!(a.budgets[0].start, Some(date("2020-01-01")));
    assert_eq!(a.budgets[0].currency.as_deref(), Some("USD"));
    let t = &a.transactions[0];
    assert_eq!((t.value, t.date), (None, Some(date("2021-01-01"))));
    assert_eq!(a.locations.len(), 2);
    assert!(a.locations.iter().all(|l| l.point.is_none()));
    let noted: Vec<String> = a.notices.iter().map(ToString::to_string).collect();
    assert_eq!(
        noted,
        [
            "recipient-country/@percentage 'about half' is not a number; skipped",
            "activity-date/@iso-date '01/02/2020' is not a date; skipped",
            "activity-date/@iso-date '2020-13-01' is not a date; skipped",
            "budget/value 'lots' is not a number; skipped",
            "budget/value/@currency 'usd' read in upper case",
            "budget/period-start/@iso-date '2020-01-01+01:00': only the date was read",
            "budget/value '1.234.567,89' read as 1234567.89",
            "transaction/value '12abc' is not a number; skipped",
            "transaction/value/@value-date 'soon' is not a date; skipped",
            "location point '95.0 10.0' is not latitude longitude; skipped",
            "location point '1,5 2,5' is not latitude longitude; skipped",
        ]
    );
}

#[test]
fn missing_identifier_is_an_activity_error_and_reading_goes_on() {
    let xml = r#"<iati-activities version="2.03">
 <iati-activity><iati-identifier>A-1</iati-identifier></iati-activity>
 <iati-activity>
  <title><narrative>No id</narrative></title>
 </iati-activity>
 <iati-activity><iati-identifier>   </iati-identifier></iati-activity>
 <iati-activity><iati-identifier>A-4</iati-identifier><iati-identifier>A-5</iati-identifier></iati-activity>
</iati-activities>"#;
    let (activities, errors, summary) = read(xml);
    let ids: Vec<&str> = activities.iter().map(|a| a.identifier.as_str()).collect();
    assert_eq!(ids, ["A-1", "A-4"]);
    assert_eq!(activities[1].notices, [Notice::Repeated { element: "iati-identifier" }]);
    assert_eq!(
        errors,
        [
            ActivityError { index: 1, line: Some(3), identifier: None, message: "no iati-identifier".into() },
            ActivityError { index: 2, line: Some(6), identifier: None, message: "no iati-identifier".into() }
        ]
    );
    assert_eq!(errors[0].to_string(), "activity at index 1, line 3: no iati-identifier");
    assert_eq!(
        summary,
        FileSummary { version: Some("2.03".into()), activities: 4, errors: 2, notices: 1, stopped_early: false }
    );
}

#[test]
fn malformed_xml_stops_with_the_line() {
    let xml = "<iati-activities version=\"2.03\">\n <iati-activity><iati-identifier>A-1</iati-identifier></iati-activity>\n <iati-activity>\n  <iati-identifier>A-2</iati-identifier>\n  <title><narrative>x</title>\n </iati-activity>\n</iati-activities>\n";
    let mut seen = Vec::new();
    let err = read_activities(xml.as_bytes(), |r| {
        seen.push(r.map(|a| a.identifier));
        ControlFlow::Continue(())
    })
    .unwrap_err();
    // The activity before the fault was passed on.
    assert_eq!(seen, [Ok("A-1".to_string())]);
    match &err {
        ReadError::Xml { position, message } => {
            assert_eq!(position.line, Some(5), "{err}");
            assert_eq!(position.column, Some(22), "{err}"); // the `<` of `</title>`
            assert!(message.contains("narrative"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().starts_with("the file is not well-formed XML at line 5, column 22"), "{err}");

    // The same with a tiny read buffer: the line counting does not depend on it.
    let small = BufReader::with_capacity(3, xml.as_bytes());
    let err2 = read_all(small).unwrap_err();
    assert_eq!(err2.to_string(), err.to_string());
}

#[test]
fn other_malformed_inputs() {
    let cases = [
        ("<iati-activities><iati-activity><iati-identifier>A</iati-identifier>", "ends inside <iati-activity>"),
        ("<iati-activities><iati-activity a=\"1\" a=\"2\"></iati-activity></iati-activities>", "position"),
        ("<iati-activities><iati-activity><title>&#0;</title></iati-activity></iati-activities>", ""),
        (
            "<iati-activities><iati-activity x=\"unclosed></iati-activity></iati-activities>",
            "attribute value not closed",
        ),
        ("<iati-activities></iati-activities><iati-activities/>", "second root"),
        ("<iati-activities>\u{1}</iati-activity>", ""),
    ];
    for (xml, expected) in cases {
        match read_all(xml.as_bytes()) {
            Err(ReadError::Xml { message, .. }) => assert!(message.contains(expected), "{xml}: {message}"),
            other => panic!("{xml}: {other:?}"),
        }
    }
    // Not UTF-8.
    let latin1 =
        b"<iati-activities><iati-activity><iati-identifier>Caf\xe9</iati-identifier></iati-activity></iati-activities>";
    assert!(matches!(read_all(&latin1[..]), Err(ReadError::Xml { .. })));
}

#[test]
fn not_an_activity_file() {
    let org = r#"<?xml version="1.0"?><iati-organisations version="2.03"><iati-organisation/></iati-organisations>"#;
    match read_all(org.as_bytes()) {
        Err(e @ ReadError::NotActivityFile { .. }) => {
            assert_eq!(e.to_string(), "not an IATI activity file: the root element is <iati-organisations>")
        }
        other => panic!("{other:?}"),
    }
    for empty in ["", "  \n", "<?xml version=\"1.0\"?>\n<!-- nothing -->"] {
        assert!(matches!(read_all(empty.as_bytes()), Err(ReadError::NotActivityFile { root: None })), "{empty:?}");
    }
    // A lone activity is accepted.
    let lone = one("<iati-activity><iati-identifier>L</iati-identifier></iati-activity>");
    assert_eq!(lone.identifier, "L");
    // An empty activity file is fine.
    let (activities, errors, summary) = read("<iati-activities version=\"2.03\"/>");
    assert!(activities.is_empty() && errors.is_empty());
    assert_eq!(summary.activities, 0);
}

#[test]
fn the_callback_can_stop_reading() {
    let xml = "<iati-activities>".to_owned()
        + &(1..=5)
            .map(|i| format!("<iati-activity><iati-identifier>A-{i}</iati-identifier></iati-activity>"))
            .collect::<String>()
        + "<broken";
    let mut ids = Vec::new();
    let summary = read_activities(xml.as_bytes(), |r| {
        ids.push(r.unwrap().identifier);
        if ids.len() == 2 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .unwrap();
    assert_eq!(ids, ["A-1", "A-2"]);
    assert!(summary.stopped_early);
    assert_eq!(summary.activities, 2);
}

#[test]
fn link_attributes_stay_out_of_orgs() {
    let a = one(&v2(r#"<participating-org ref="P" role="1" activity-id="P-1" provider-activity-id="P-2"/>
        <transaction provider-activity-id="P-3"><transaction-type code="1"/><value>1</value>
         <provider-org ref="P" provider-activity-id="P-1"/><receiver-org ref="R" receiver-activity-id="R-1"/></transaction>
        <transaction><transaction-type code="3"/><value>2</value>
         <provider-org ref="P" provider-activity-id=" P-1 "/><receiver-org ref="R" receiver-activity-id=""/></transaction>"#));
    assert_eq!(a.links.participating_activity_ids, ["P-1", "P-2"]);
    // Each id once; blanks skipped.
    assert_eq!(a.links.provider_activity_ids, ["P-1", "P-3"]);
    assert_eq!(a.links.receiver_activity_ids, ["R-1"]);
    assert_eq!(a.participating_orgs[0].org, Org { reference: Some("P".into()), org_type: None, names: vec![] });
    assert_eq!(a.transactions[0].provider, Some(Org { reference: Some("P".into()), org_type: None, names: vec![] }));
    assert!(a.notices.contains(&Notice::MisplacedLink { field: "participating-org/@provider-activity-id" }));
    assert!(a.notices.contains(&Notice::MisplacedLink { field: "transaction/@provider-activity-id" }));
}

#[test]
fn transaction_dates_and_types_from_text() {
    // The shape one real publisher exports: type in the text, the date in the text and a
    // number in iso-date.
    let a = one(&v2(r#"<transaction><transaction-type>1</transaction-type>
         <transaction-date iso-date="314804">2020-09-30</transaction-date>
         <value currency="EUR" value-date="2020-09-30"></value></transaction>
        <transaction><transaction-type code="3"/><transaction-date/><value value-date="2020-10-01T00:00:00">10</value></transaction>
        <transaction><transaction-type code="11"/><value>10</value></transaction>"#));
    let t: Vec<_> = a.transactions.iter().map(|t| (t.kind.clone(), t.date, t.value, t.currency.clone())).collect();
    assert_eq!(
        t,
        [
            (TransactionKind::IncomingFunds, Some(date("2020-09-30")), None, Some("EUR".into())),
            (TransactionKind::Disbursement, Some(date("2020-10-01")), Some(10.0), Some("USD".into())),
            (TransactionKind::IncomingCommitment, None, Some(10.0), Some("USD".into())),
        ]
    );
    let noted: Vec<String> = a.notices.iter().map(ToString::to_string).collect();
    assert_eq!(
        noted,
        [
            "transaction-type/@code read from the element text '1'",
            "transaction-date/@iso-date '314804' is not a date; read the element text '2020-09-30'",
            "transaction/value '' is not a number; skipped",
            "transaction-date/@iso-date is missing",
            "transaction/value/@value-date '2020-10-01T00:00:00': only the date was read",
            "transaction without transaction-date: used value/@value-date",
        ]
    );
}

#[test]
fn entities_cdata_and_unknown_parts() {
    let xml = r#"<?xml version="1.0"?>
<!DOCTYPE iati-activities [ <!ENTITY org "Our org"> ]>
<iati-activities version="2.03">
 <!-- a comment -->
 <?pi data?>
 <iati-activity xml:lang="en" foo:bar="x">
  <iati-identifier>A&amp;B-&#49;</iati-identifier>
  <title><narrative>Fish &amp; chips &lt;3 &#x2014; <![CDATA[<raw> & more]]> &org;</narrative></title>
  <reporting-org ref="R&amp;D" type="&#55;0"><narrative>R&amp;D</narrative></reporting-org>
  <participating-org ref="&unknown;" role="1"/>
  <unknown-element code="9"><narrative>ignored</narrative><deeper><narrative>also</narrative></deeper></unknown-element>
  <iati-activity><iati-identifier>NESTED</iati-identifier><title><narrative>nested</narrative></title></iati-activity>
 </iati-activity>
</iati-activities>"#;
    let a = one(xml);
    assert_eq!(a.identifier, "A&B-1");
    assert_eq!(a.titles, [narrative("en", "Fish & chips <3 — <raw> & more &org;")]);
    assert_eq!(
        a.reporting_org,
        Some(Org { reference: Some("R&D".into()), org_type: Some("70".into()), names: vec![narrative("en", "R&D")] })
    );
    assert_eq!(a.participating_orgs[0].org.reference.as_deref(), Some("&unknown;"));
    assert_eq!(
        a.notices,
        [
            Notice::UnknownEntity { entity: "&org;".into() },
            Notice::UnknownEntity { entity: "&unknown;".into() },
            Notice::NestedActivity
        ]
    );
}

#[test]
fn a_large_file_is_read_in_small_steps() {
    // 3000 activities through a 64-byte buffer; only counts are kept.
    let mut xml = String::from("<iati-activities version=\"2.03\">\n");
    for i in 0..3000 {
        xml.push_str(&format!(
            "<iati-activity xml:lang=\"EN\"><iati-identifier>X-{i}</iati-identifier><title><narrative>T {i}</narrative></title>\
             <transaction><transaction-type code=\"3\"/><value currency=\"USD\" value-date=\"2020-01-01\">{i}</value></transaction></iati-activity>\n"
        ));
    }
    xml.push_str("</iati-activities>\n");
    let mut total = 0.0;
    let mut count = 0;
    let summary = read_activities(BufReader::with_capacity(64, xml.as_bytes()), |r| {
        let a = r.unwrap();
        assert_eq!(a.identifier, format!("X-{count}"));
        total += a.transactions[0].value.unwrap();
        count += 1;
        ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(count, 3000);
    assert_eq!(total, (0..3000).sum::<i32>() as f64);
    // Per activity: "EN" lower-cased, and the value date used as the transaction date.
    assert_eq!(summary.notices, 6000);
    // The same bytes read at once give the same activities.
    let (all, _, _) = read(&xml);
    let (small, _, _) = read_all(BufReader::with_capacity(5, xml.as_bytes())).unwrap();
    assert_eq!(all, small);
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let xml = "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities version=\"2.03\">\n<iati-activity>\n</iati-activity>\n</iati-activities>";
    let (activities, errors, _) = read(xml);
    assert!(activities.is_empty());
    assert_eq!(errors[0].line, Some(3));
}

#[test]
fn extension_elements_and_the_line_of_each_activity() {
    let xml = "<iati-activities version=\"2.03\" xmlns:jointcal=\"urn:jointcal:iati-extension:1\">\n\
        <iati-activity><iati-identifier>A</iati-identifier></iati-activity>\n\
        <iati-activity>\n<iati-identifier>B</iati-identifier>\n\
        <jointcal:activity kind=\"training\"><jointcal:target-group code=\"police\"/>\
        <jointcal:recurrence> FREQ=WEEKLY;COUNT=2 </jointcal:recurrence></jointcal:activity>\n\
        <other:thing xmlns:other=\"urn:x\"><jointcal:activity kind=\"hidden\"/></other:thing>\n\
        </iati-activity></iati-activities>";
    let (activities, errors, _) = read(xml);
    assert!(errors.is_empty());
    assert_eq!((activities[0].line, activities[0].index), (Some(2), 0));
    assert_eq!((activities[1].line, activities[1].index), (Some(3), 1));
    assert!(activities[0].extensions.is_empty());
    let names: Vec<&str> = activities[1].extensions.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["target-group", "recurrence", "activity"], "children first; none inside other elements");
    let e = &activities[1].extensions;
    assert_eq!(e[0].attr("code"), Some("police"));
    assert_eq!(e[1].text, "FREQ=WEEKLY;COUNT=2");
    assert_eq!(e[2].attr("kind"), Some("training"));
}
