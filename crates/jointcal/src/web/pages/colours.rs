//! Each organization's colour on the pages (classes `org-c0` … `org-c11` in the
//! stylesheet): by the order of their ids, so an organization keeps its colour as
//! others are added.

use jointcal_domain::ids::OrgId;
use jointcal_domain::org::Organization;
use std::collections::HashMap;

/// Colours the stylesheet has.
pub const COLOURS: usize = 12;

/// The colour index of every organization.
pub fn org_colours(orgs: &[Organization]) -> HashMap<OrgId, usize> {
    let mut ids: Vec<OrgId> = orgs.iter().map(|o| o.id).collect();
    ids.sort();
    ids.into_iter().enumerate().map(|(i, id)| (id, i % COLOURS)).collect()
}
