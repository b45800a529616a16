//! A form's kept draft (issue 11): read when the form opens, kept as it is typed, discarded
//! when it is saved or thrown away.

use std::collections::BTreeMap;

use outreach_core::drafts::{self, Draft, DraftKind};

store_commands! {
    fn get_draft(kind: DraftKind, target: String) -> Option<Draft> =>
        read(|c| drafts::get(c, kind, &target));
    /// Every draft kept for a city's forms (the pane opens the forms that have one).
    fn city_drafts(target: String) -> Vec<Draft> => read(|c| drafts::for_target(c, &target));
    fn save_draft(kind: DraftKind, target: String, fields: BTreeMap<String, String>) -> Option<Draft> =>
        write(|c| drafts::save(c, kind, &target, &fields));
    fn discard_draft(kind: DraftKind, target: String) -> () =>
        write(|c| drafts::discard(c, kind, &target));
}
