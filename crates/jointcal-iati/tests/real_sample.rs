//! Four real activities from d-portal exports (tests/fixtures/dportal_sample.xml).
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use jointcal_iati::{
    read_all, Activity, DateSource, Notice, OrgRole, OtherIdentifier, RelatedActivity, TransactionKind,
};

const SAMPLE: &str = include_str!("fixtures/dportal_sample.xml");

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn sample() -> Vec<Activity> {
    let (activities, errors, summary) = read_all(SAMPLE.as_bytes()).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(summary.version.as_deref(), Some("2.03"));
    assert_eq!(summary.activities, 4);
    assert_eq!(summary.errors, 0);
    assert_eq!(summary.notices, activities.iter().map(|a| a.notices.len()).sum::<usize>());
    activities
}

fn by_id<'a>(activities: &'a [Activity], id: &str) -> &'a Activity {
    activities.iter().find(|a| a.identifier == id).unwrap()
}

#[test]
fn reads_the_four_activities_in_order() {
    let ids: Vec<String> = sample().into_iter().map(|a| a.identifier).collect();
    assert_eq!(
        ids,
        [
            "CH-FDJP-CHE106823242-2019723a",
            "CZ-ICO-25755277-AGOZ000116",
            "GB-1-205090-101",
            "GB-CHC-207544-24032COVID19"
        ]
    );
}

#[test]
fn terre_des_hommes_structure() {
    let all = sample();
    let a = by_id(&all, "CH-FDJP-CHE106823242-2019723a");
    assert_eq!(a.default_lang.as_deref(), Some("en"));
    assert_eq!(a.default_currency.as_deref(), Some("CHF"));
    assert_eq!((a.hierarchy, a.humanitarian), (Some(2), Some(true)));
    let reporting = a.reporting_org.as_ref().unwrap();
    assert_eq!(reporting.reference.as_deref(), Some("CH-FDJP-CHE106823242"));
    assert_eq!(reporting.org_type.as_deref(), Some("21"));
    // Character and entity references are decoded; languages lower-cased.
    assert_eq!(reporting.names[0].text, "Terre des hommes - Aide à l'enfance dans le monde - Fondation");
    assert_eq!(reporting.names[0].lang.as_deref(), Some("fr"));
    assert_eq!(a.title("en"), Some("Improving Prospects for Refugees and Host Communities in Iraq"));
    let kinds: Vec<Option<&str>> = a.descriptions.iter().map(|d| d.kind.as_deref()).collect();
    assert_eq!(kinds, [Some("4"), Some("1"), Some("3")]);

    let roles: Vec<(&OrgRole, Option<&str>)> =
        a.participating_orgs.iter().map(|p| (&p.role, p.org.reference.as_deref())).collect();
    // The same foundation reports as CHE106823242 and participates as CHE-106823242.
    assert_eq!(
        roles,
        [
            (&OrgRole::Funding, Some("XM-DAC-7")),
            (&OrgRole::Accountable, Some("CH-FDJP-CHE-106823242")),
            (&OrgRole::Implementing, Some("CH-FDJP-CHE-106823242"))
        ]
    );
    assert_eq!(a.status.as_deref(), Some("4"));
    assert_eq!(a.start(), Some((date("2019-05-01"), DateSource::Actual)));
    assert_eq!(a.end(), Some((date("2020-05-31"), DateSource::Actual)));
    assert_eq!(a.recipient_countries.len(), 1);
    assert_eq!(a.recipient_countries[0].code, "IQ");
    assert_eq!(a.recipient_countries[0].percentage, Some(100.0));
    assert_eq!(a.locations.len(), 1);
    assert_eq!(a.locations[0].name[0].text, "Iraq");
    assert_eq!(a.sectors.len(), 1);
    assert_eq!((a.sectors[0].vocabulary.as_str(), a.sectors[0].code.as_str()), ("1", "72050"));

    // Three budgets (one original, two revised), in USD despite default-currency CHF.
    let budgets: Vec<(Option<&str>, f64, Option<&str>)> =
        a.budgets.iter().map(|b| (b.kind.as_deref(), b.value, b.currency.as_deref())).collect();
    assert_eq!(
        budgets,
        [(Some("1"), 1941176.0, Some("USD")), (Some("2"), 686009.0, Some("USD")), (Some("2"), 57167.0, Some("USD"))]
    );
    assert_eq!(a.budgets[0].start, Some(date("2019-05-01")));
    assert_eq!(a.budgets[0].end, Some(date("2020-04-30")));

    // Transactions only (planned disbursements are not read).
    assert_eq!(a.transactions.len(), 4);
    let tx = &a.transactions[1];
    assert_eq!(tx.kind, TransactionKind::Expenditure);
    assert_eq!((tx.date, tx.value), (Some(date("2020-03-31")), Some(238603.0)));
    assert_eq!(tx.provider.as_ref().unwrap().reference.as_deref(), Some("XM-DAC-7"));
    assert_eq!(tx.receiver.as_ref().unwrap().reference.as_deref(), Some("CH-FDJP-CHE-106823242"));

    // Links apart.
    assert_eq!(a.links.provider_activity_ids, ["XM-DAC-7-PPR-4000002709"]);
    assert_eq!(a.links.receiver_activity_ids, ["CH-FDJP-CHE106823242-2019723a"]);
    assert_eq!(a.links.participating_activity_ids, ["XM-DAC-7-PPR-4000002709", "CH-FDJP-CHE106823242-2019723a"]);
    assert_eq!(
        a.links.related_activities,
        [RelatedActivity { kind: "3".into(), reference: "CH-FDJP-CHE106823242-2019723a".into() }]
    );
    assert_eq!(
        a.notices,
        [Notice::LanguageLowerCased { code: "EN".into() }, Notice::LanguageLowerCased { code: "FR".into() }]
    );
}

#[test]
fn people_in_need_quirks_are_read_and_noted() {
    let all = sample();
    let a = by_id(&all, "CZ-ICO-25755277-AGOZ000116");
    assert_eq!(a.start(), Some((date("2020-10-15"), DateSource::Actual)));
    assert_eq!(a.end(), Some((date("2022-02-15"), DateSource::Planned)));
    let kinds: Vec<&TransactionKind> = a.transactions.iter().map(|t| &t.kind).collect();
    assert_eq!(
        kinds,
        [&TransactionKind::OutgoingCommitment, &TransactionKind::Expenditure, &TransactionKind::IncomingFunds]
    );
    // The third: type in the text, a number in iso-date and the date in the text, no value.
    let odd = &a.transactions[2];
    assert_eq!((odd.date, odd.value, odd.currency.as_deref()), (Some(date("2020-09-30")), None, Some("EUR")));
    // Misplaced link attributes are read as links.
    assert_eq!(a.links.provider_activity_ids, ["CZE0046759"]);
    assert_eq!(a.links.participating_activity_ids, ["CZE0046759"]);
    for expected in [
        Notice::MisplacedLink { field: "participating-org/@provider-activity-id" },
        Notice::MisplacedLink { field: "transaction/@provider-activity-id" },
        Notice::CodeFromText { field: "transaction-type/@code", code: "1".into() },
        Notice::DateFromText {
            field: "transaction-date/@iso-date",
            iso_date: "314804".into(),
            text: "2020-09-30".into(),
        },
        Notice::BadNumber { field: "transaction/value", value: String::new() },
    ] {
        assert!(a.notices.contains(&expected), "{expected:?} not in {:?}", a.notices);
    }
    // An organisation without ref.
    assert_eq!(a.participating_orgs[1].org.reference, None);
    assert_eq!(a.participating_orgs[1].org.names[0].text, "People in Need");
}

#[test]
fn fcdo_other_identifiers_and_regions() {
    let all = sample();
    let a = by_id(&all, "GB-1-205090-101");
    assert_eq!(a.reporting_org.as_ref().unwrap().reference.as_deref(), Some("GB-GOV-1"));
    assert_eq!(a.recipient_countries, []);
    assert_eq!(a.recipient_regions.len(), 1);
    assert_eq!((a.recipient_regions[0].vocabulary.as_str(), a.recipient_regions[0].code.as_str()), ("1", "298"));
    // Owner-org narratives inside other-identifier and budget-item descriptions stay out.
    assert_eq!(a.descriptions.len(), 1);
    assert!(a.descriptions[0].narratives[0].text.contains("budget of £9,080"));
    assert_eq!(
        a.links.other_identifiers,
        [
            OtherIdentifier { kind: Some("B1".into()), reference: "GB-1".into() },
            OtherIdentifier { kind: Some("A1".into()), reference: "205090-101".into() }
        ]
    );
    assert_eq!(a.links.related_activities, [RelatedActivity { kind: "1".into(), reference: "GB-1-205090".into() }]);
    assert_eq!(a.links.provider_activity_ids, ["GB-1-205090-101"]);
    assert_eq!(a.transactions[0].kind, TransactionKind::Disbursement);
    assert_eq!(a.transactions[0].receiver.as_ref().unwrap().names[0].text, "DAI Europe");
    assert_eq!(a.transactions[0].provider.as_ref().unwrap().reference.as_deref(), Some("GB-GOV-1"));
    let dates: Vec<_> = a.dates.iter().map(|d| d.date).collect();
    assert_eq!(dates, [date("2015-08-01"), date("2015-08-01"), date("2015-10-31"), date("2015-10-31")]);
}

#[test]
fn sightsavers_location_and_planned_dates() {
    let all = sample();
    let a = by_id(&all, "GB-CHC-207544-24032COVID19");
    assert_eq!(a.start(), Some((date("2020-08-28"), DateSource::Planned)));
    assert_eq!(a.end(), Some((date("2020-11-30"), DateSource::Planned)));
    assert_eq!(a.participating_orgs.len(), 7);
    assert_eq!(a.participating_orgs[0].role, OrgRole::Extending);
    let loc = &a.locations[0];
    assert_eq!(loc.name[0].text, "Morogoro");
    assert_eq!(loc.point, Some((-6.816667, 37.666667)));
    assert_eq!(loc.admin.len(), 1);
    assert_eq!(
        (loc.admin[0].vocabulary.as_deref(), loc.admin[0].level, loc.admin[0].code.as_str()),
        (Some("A4"), Some(1), "TZ")
    );
    let shares: Vec<f64> = a.sectors.iter().filter_map(|s| s.percentage).collect();
    assert_eq!(shares, [50.0, 50.0]);
    assert_eq!(a.transactions[1].value, Some(-1575.0));
    assert_eq!(a.links.provider_activity_ids, ["GB-1-203559"]);
    assert_eq!(
        a.links.participating_activity_ids,
        ["GB-COH-04105827-AIDMATCHII", "GB-CHC-207544-24032COVID19", "GB-1-203559"]
    );
    assert!(a.links.receiver_activity_ids.is_empty());
}

/// Nothing of the link fields leaks into the rest of an activity: with the links cleared,
/// no activity-id value remains anywhere in the serialized activity.
#[test]
fn link_values_appear_only_in_links() {
    for mut a in sample() {
        let links = std::mem::take(&mut a.links);
        let rest = format!("{a:?}");
        for id in links
            .provider_activity_ids
            .iter()
            .chain(&links.receiver_activity_ids)
            .chain(&links.participating_activity_ids)
        {
            if id != &a.identifier {
                assert!(!rest.contains(id.as_str()), "{id} leaks into {}", a.identifier);
            }
        }
        for related in &links.related_activities {
            if related.reference != a.identifier {
                assert!(!rest.contains(&format!("\"{}\"", related.reference)), "{related:?}");
            }
        }
    }
}
