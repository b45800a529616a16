//! `outreach contacts add|edit|remove|list`.

use clap::{Args, Subcommand};
use outreach_core::cities::{self, Contact};
use outreach_core::contacts::{self, ContactInput};
use outreach_core::{Error, Store};

use crate::output::print_json;

#[derive(Subcommand)]
pub enum ContactsCommand {
    /// Add a contact to a city; prints its id.
    Add {
        slug: String,
        #[command(flatten)]
        fields: ContactFields,
    },
    /// Change a contact: only the fields given change (an empty value clears one).
    Edit {
        id: String,
        #[command(flatten)]
        fields: ContactFields,
    },
    /// Remove a contact (kept in history).
    Remove { id: String },
    /// A city's contacts.
    List { slug: String },
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

pub fn run(store: &mut Store, cmd: ContactsCommand, json: bool) -> Result<(), Error> {
    match cmd {
        ContactsCommand::Add { slug, fields } => {
            let c = contacts::add_contact(store.conn(), &slug, &fields.over(Default::default()))?;
            show(&c, json);
        }
        ContactsCommand::Edit { id, fields } => {
            let base = input_of(contacts::get_contact(store.conn(), &id)?);
            let c = contacts::edit_contact(store.conn_mut(), &id, &fields.over(base))?;
            show(&c, json);
        }
        ContactsCommand::Remove { id } => {
            contacts::remove_contact(store.conn(), &id)?;
            if json {
                print_json(&serde_json::json!({ "removed": id }));
            } else {
                println!("removed: {id}");
            }
        }
        ContactsCommand::List { slug } => {
            let list = cities::get_city(store.conn(), &slug)?.contacts;
            if json {
                print_json(&list);
            } else {
                if list.is_empty() {
                    println!("No contacts.");
                }
                for c in &list {
                    println!(
                        "{}  {} ({}){}  {}  {}",
                        c.id,
                        c.name,
                        c.role,
                        if c.stale { " [stale]" } else { "" },
                        c.phone.as_deref().unwrap_or("-"),
                        c.email.as_deref().unwrap_or("-")
                    );
                }
            }
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
