//! `outreach follow-ups`: follow-ups due today and overdue.

use outreach_core::{followups, time, Error, Store};

use crate::output::print_json;

pub fn due(store: &Store, json: bool) -> Result<(), Error> {
    let list = store.read(|c| followups::due(c, &time::today()))?;
    if json {
        print_json(&list);
        return Ok(());
    }
    if list.is_empty() {
        println!("No follow-ups due.");
    }
    for f in &list {
        println!(
            "{}{}  {:<28} {}, {}  {}",
            f.due_date,
            if f.overdue { " overdue" } else { " today  " },
            f.city_slug,
            f.city,
            f.state,
            f.note
        );
    }
    Ok(())
}
