//! `outreach contacts add|edit|remove|list`.

use clap::{Args, Subcommand};
use outreach_core::cities::{self, Contact};
use outreach_core::contacts::{self, ContactInput};
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
        fields: ContactFields,
        #[arg(long)]
        json: bool,
    },
    /// Change a contact: only the fields given change (an empty value clears one).
    Edit {
        id: String,
        #[command(flatten)]
        fields: ContactFields,
        #[arg(long)]
        json: bool,
    },
    /// Remove a contact (kept in history).
    Remove {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// A city's contacts.
    List {
        slug: String,
        #[arg(long)]
        json: bool,
    },
    /// Take the app data's newer version of a contact you edited (yours stays in history).
    TakeSeed {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Keep your version of a contact and dismiss the app data's newer one.
    DismissSeed {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

impl ContactsCommand {
    pub fn json(&self) -> bool {
        match self {
            ContactsCommand::Add { json, .. }
            | ContactsCommand::Edit { json, .. }
            | ContactsCommand::Remove { json, .. }
            | ContactsCommand::List { json, .. }
            | ContactsCommand::TakeSeed { json, .. }
            | ContactsCommand::DismissSeed { json, .. } => *json,
        }
    }
}

#[derive(Args)]
pub struct ContactFields {
    #[arg(long)]
    pub name: Option<String>,
    /// e.g. Mayor, Chief of staff, Mayor's office.
    #[arg(long)]
    pub role: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub website: Option<String>,
    #[arg(long)]
    pub address: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub last_verified: Option<String>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub term_end: Option<String>,
}

impl ContactFields {
    /// The given fields over `base`.
    fn over(self, base: ContactInput) -> ContactInput {
        ContactInput {
            name: self.name.unwrap_or(base.name),
            role: self.role.unwrap_or(base.role),
            phone: self.phone.or(base.phone),
            email: self.email.or(base.email),
            website: self.website.or(base.website),
            address: self.address.or(base.address),
            notes: self.notes.unwrap_or(base.notes),
            last_verified: self.last_verified.or(base.last_verified),
            term_end: self.term_end.or(base.term_end),
        }
    }
}

fn input_of(c: Contact) -> ContactInput {
    ContactInput {
        name: c.name,
        role: c.role,
        phone: c.phone,
        email: c.email,
        website: c.website,
        address: c.address,
        notes: c.notes,
        last_verified: c.last_verified,
        term_end: c.term_end,
    }
}

pub fn run(store: &mut Store, cmd: ContactsCommand) -> Result<(), Error> {
    match cmd {
        ContactsCommand::Add { slug, fields, json } => {
            let c = contacts::add_contact(store.conn(), &slug, &fields.over(Default::default()))?;
            show(&c, json);
        }
        ContactsCommand::Edit { id, fields, json } => {
            let base = input_of(contacts::get_contact(store.conn(), &id)?);
            let c = contacts::edit_contact(store.conn_mut(), &id, &fields.over(base))?;
            show(&c, json);
        }
        ContactsCommand::Remove { id, json } => {
            contacts::remove_contact(store.conn(), &id)?;
            if json {
                print_json(&serde_json::json!({ "removed": id }));
            } else {
                println!("removed: {id}");
            }
        }
        ContactsCommand::List { slug, json } => {
            let list = cities::get_city(store.conn(), &slug)?.contacts;
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
                        c.name,
                        c.role,
                        if c.stale { " [stale]" } else { "" },
                        match c.confidence {
                            Some(Confidence::Low) => " [check before calling]",
                            _ => "",
                        },
                        c.phone.as_deref().unwrap_or("-"),
                        c.email.as_deref().unwrap_or("-"),
                        if c.seed_offer.is_some() {
                            "  [newer version in the app's data: contacts take-seed|dismiss-seed]"
                        } else {
                            ""
                        }
                    );
                }
            }
        }
        ContactsCommand::TakeSeed { id, json } => {
            show(
                &seed_contacts::take_seed_offer(store.conn_mut(), &id)?,
                json,
            );
        }
        ContactsCommand::DismissSeed { id, json } => {
            show(&seed_contacts::dismiss_seed_offer(store.conn(), &id)?, json);
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
