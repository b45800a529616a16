//! `outreach contacts add|edit|remove|list`.

use clap::Subcommand;
use outreach_core::city_view;
use outreach_core::contacts::Contact;
use outreach_core::contacts::{self, ContactChanges};
use outreach_core::seed_contacts;
use outreach_core::vocab::Confidence;
use outreach_core::{Error, Store};

use crate::output::print_json;

#[derive(Subcommand)]
pub enum ContactsCommand {
    /// Add a contact to a city; prints its id.
    Add {
        slug: String,
        #[command(flatten)]
        fields: ContactChanges,
    },
    /// Change a contact: only the fields given change (an empty value clears one).
    Edit {
        id: String,
        #[command(flatten)]
        fields: ContactChanges,
    },
    /// Remove a contact (kept in history).
    Remove { id: String },
    /// A city's contacts.
    List { slug: String },
    /// Take the app data's newer version of a contact you edited (yours stays in history).
    TakeSeed { id: String },
    /// Keep your version of a contact and dismiss the app data's newer one.
    DismissSeed { id: String },
}

pub fn run(store: &mut Store, cmd: ContactsCommand, json: bool) -> Result<(), Error> {
    match cmd {
        ContactsCommand::Add { slug, fields } => {
            let c = store
                .write(|c| contacts::add_contact(c, &slug, &fields.over(Default::default())))?;
            show(&c, json);
        }
        ContactsCommand::Edit { id, fields } => {
            let c = store.write(|c| {
                let base = contacts::get_contact(c, &id)?.fields;
                contacts::edit_contact(c, &id, &fields.over(base))
            })?;
            show(&c, json);
        }
        ContactsCommand::Remove { id } => {
            store.write(|c| contacts::remove_contact(c, &id))?;
            if json {
                print_json(&serde_json::json!({ "removed": id }));
            } else {
                println!("removed: {id}");
            }
        }
        ContactsCommand::List { slug } => {
            let list = store.read(|c| city_view::get_city(c, &slug))?.contacts;
            if json {
                print_json(&list);
            } else {
                if list.is_empty() {
                    println!("No contacts.");
                }
                for c in &list {
                    println!(
                        "{}  {} ({}){}{}  {}  {}{}",
                        c.id,
                        c.fields.name,
                        c.fields.role,
                        if c.stale { " [stale]" } else { "" },
                        match c.confidence {
                            Some(Confidence::Low) => " [check before calling]",
                            _ => "",
                        },
                        c.fields.phone.as_deref().unwrap_or("-"),
                        c.fields.email.as_deref().unwrap_or("-"),
                        if c.seed_offer.is_some() {
                            "  [newer version in the app's data: contacts take-seed|dismiss-seed]"
                        } else {
                            ""
                        }
                    );
                }
            }
        }
        ContactsCommand::TakeSeed { id } => {
            show(
                &store.write(|c| seed_contacts::take_seed_offer(c, &id))?,
                json,
            );
        }
        ContactsCommand::DismissSeed { id } => {
            show(
                &store.write(|c| seed_contacts::dismiss_seed_offer(c, &id))?,
                json,
            );
        }
    }
    Ok(())
}

fn show(c: &Contact, json: bool) {
    if json {
        print_json(c);
    } else {
        println!("{}", c.id);
    }
}
