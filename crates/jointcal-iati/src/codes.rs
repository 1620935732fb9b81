//! The code lists read here, in their 2.x and 1.x spellings.

use crate::model::{DateKind, OrgRole, TransactionKind};

/// The major IATI version a code (or a file) belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Era {
    V1,
    V2,
}

impl Era {
    /// The era of a file's `version` attribute; anything but `1.…` counts as 2.x, the
    /// current standard.
    pub(crate) fn of_version(version: Option<&str>) -> Era {
        match version {
            Some(v) if v.trim().starts_with("1.") => Era::V1,
            _ => Era::V2,
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            Era::V1 => "1.x",
            Era::V2 => "2.x",
        }
    }
}

/// A code read from either spelling: the value and the era of the spelling, `None` if the
/// code is in neither list.
pub(crate) struct Coded<T> {
    pub(crate) value: T,
    pub(crate) era: Option<Era>,
}

fn known<T>(value: T, era: Era) -> Coded<T> {
    Coded { value, era: Some(era) }
}

/// OrganisationRole: `1`–`4`, or the 1.x names in any case.
pub(crate) fn org_role(code: &str) -> Coded<OrgRole> {
    match code {
        "1" => known(OrgRole::Funding, Era::V2),
        "2" => known(OrgRole::Accountable, Era::V2),
        "3" => known(OrgRole::Extending, Era::V2),
        "4" => known(OrgRole::Implementing, Era::V2),
        _ => match code.to_ascii_lowercase().as_str() {
            "funding" => known(OrgRole::Funding, Era::V1),
            "accountable" => known(OrgRole::Accountable, Era::V1),
            "extending" => known(OrgRole::Extending, Era::V1),
            "implementing" => known(OrgRole::Implementing, Era::V1),
            _ => Coded { value: OrgRole::Other(code.to_owned()), era: None },
        },
    }
}

/// The 2.x code of a role.
pub(crate) fn org_role_code(role: &OrgRole) -> &str {
    match role {
        OrgRole::Funding => "1",
        OrgRole::Accountable => "2",
        OrgRole::Extending => "3",
        OrgRole::Implementing => "4",
        OrgRole::Other(code) => code,
    }
}

/// ActivityDateType: `1`–`4`, or the 1.x codes in any case.
pub(crate) fn date_kind(code: &str) -> Option<Coded<DateKind>> {
    Some(match code {
        "1" => known(DateKind::PlannedStart, Era::V2),
        "2" => known(DateKind::ActualStart, Era::V2),
        "3" => known(DateKind::PlannedEnd, Era::V2),
        "4" => known(DateKind::ActualEnd, Era::V2),
        _ => match code.to_ascii_lowercase().as_str() {
            "start-planned" => known(DateKind::PlannedStart, Era::V1),
            "start-actual" => known(DateKind::ActualStart, Era::V1),
            "end-planned" => known(DateKind::PlannedEnd, Era::V1),
            "end-actual" => known(DateKind::ActualEnd, Era::V1),
            _ => return None,
        },
    })
}

/// The 2.x code of a date kind.
pub(crate) fn date_kind_code(kind: DateKind) -> &'static str {
    match kind {
        DateKind::PlannedStart => "1",
        DateKind::ActualStart => "2",
        DateKind::PlannedEnd => "3",
        DateKind::ActualEnd => "4",
    }
}

/// TransactionType: `1`–`13`, or the 1.x letter codes in any case.
pub(crate) fn transaction_kind(code: &str) -> Coded<TransactionKind> {
    use TransactionKind as K;
    let v2 = match code {
        "1" => Some(K::IncomingFunds),
        "2" => Some(K::OutgoingCommitment),
        "3" => Some(K::Disbursement),
        "4" => Some(K::Expenditure),
        "5" => Some(K::InterestPayment),
        "6" => Some(K::LoanRepayment),
        "7" => Some(K::Reimbursement),
        "8" => Some(K::PurchaseOfEquity),
        "9" => Some(K::SaleOfEquity),
        "10" => Some(K::CreditGuarantee),
        "11" => Some(K::IncomingCommitment),
        "12" => Some(K::OutgoingPledge),
        "13" => Some(K::IncomingPledge),
        _ => None,
    };
    if let Some(kind) = v2 {
        return known(kind, Era::V2);
    }
    let v1 = match code.to_ascii_uppercase().as_str() {
        "IF" => Some(K::IncomingFunds),
        "C" => Some(K::OutgoingCommitment),
        "D" => Some(K::Disbursement),
        "E" => Some(K::Expenditure),
        "IR" => Some(K::InterestPayment),
        "LR" => Some(K::LoanRepayment),
        "R" => Some(K::Reimbursement),
        "QP" => Some(K::PurchaseOfEquity),
        "QS" => Some(K::SaleOfEquity),
        "CG" => Some(K::CreditGuarantee),
        _ => None,
    };
    match v1 {
        Some(kind) => known(kind, Era::V1),
        None => Coded { value: K::Other(code.to_owned()), era: None },
    }
}

/// The 2.x code of a transaction kind.
pub(crate) fn transaction_kind_code(kind: &TransactionKind) -> &str {
    use TransactionKind as K;
    match kind {
        K::IncomingFunds => "1",
        K::OutgoingCommitment => "2",
        K::Disbursement => "3",
        K::Expenditure => "4",
        K::InterestPayment => "5",
        K::LoanRepayment => "6",
        K::Reimbursement => "7",
        K::PurchaseOfEquity => "8",
        K::SaleOfEquity => "9",
        K::CreditGuarantee => "10",
        K::IncomingCommitment => "11",
        K::OutgoingPledge => "12",
        K::IncomingPledge => "13",
        K::Other(code) => code,
    }
}

/// SectorVocabulary: 2.x numbers are kept; the 1.x names with a 2.x equivalent are
/// translated; anything else is kept as written (`era: None`).
pub(crate) fn sector_vocabulary(code: &str) -> Coded<String> {
    if !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit()) {
        return known(code.to_owned(), Era::V2);
    }
    let v2 = match code.to_ascii_uppercase().as_str() {
        "DAC" => "1",
        "DAC-3" => "2",
        "RO" => "99",
        "RO2" => "98",
        _ => return Coded { value: code.to_owned(), era: None },
    };
    known(v2.to_owned(), Era::V1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_transaction_code_round_trips() {
        for n in 1..=13 {
            let code = n.to_string();
            let read = transaction_kind(&code);
            assert_eq!(read.era, Some(Era::V2));
            assert_eq!(transaction_kind_code(&read.value), code);
        }
        for (old, new) in
            [("IF", "1"), ("C", "2"), ("D", "3"), ("E", "4"), ("IR", "5"), ("LR", "6"), ("R", "7"), ("QP", "8")]
                .into_iter()
                .chain([("QS", "9"), ("CG", "10"), ("d", "3"), ("if", "1")])
        {
            let read = transaction_kind(old);
            assert_eq!(read.era, Some(Era::V1), "{old}");
            assert_eq!(transaction_kind_code(&read.value), new, "{old}");
        }
        let other = transaction_kind("99");
        assert_eq!((other.value, other.era), (TransactionKind::Other("99".into()), None));
    }

    #[test]
    fn roles_and_date_kinds() {
        assert_eq!(org_role("3").value, OrgRole::Extending);
        assert_eq!(org_role("IMPLEMENTING").value, OrgRole::Implementing);
        assert_eq!(org_role("IMPLEMENTING").era, Some(Era::V1));
        assert_eq!(org_role("5").value, OrgRole::Other("5".into()));
        assert_eq!(org_role_code(&OrgRole::Funding), "1");
        assert_eq!(date_kind("End-Actual").map(|c| c.value), Some(DateKind::ActualEnd));
        assert_eq!(date_kind("2").map(|c| c.value), Some(DateKind::ActualStart));
        assert!(date_kind("5").is_none());
        assert_eq!(date_kind_code(DateKind::PlannedEnd), "3");
    }

    #[test]
    fn versions() {
        assert_eq!(Era::of_version(Some("1.05")), Era::V1);
        assert_eq!(Era::of_version(Some("2.03")), Era::V2);
        assert_eq!(Era::of_version(None), Era::V2);
        assert_eq!(sector_vocabulary("DAC").value, "1");
        assert_eq!(sector_vocabulary("99").era, Some(Era::V2));
        assert_eq!(sector_vocabulary("XYZ").era, None);
    }
}
