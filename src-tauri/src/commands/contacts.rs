//! A city's contacts.

use outreach_core::contacts::{self, Contact, ContactFields};
use outreach_core::seed_contacts;

store_commands! {
    fn add_contact(slug: String, input: ContactFields) -> Contact =>
        write(|c| contacts::add_contact(c, &slug, &input));
    fn edit_contact(id: String, input: ContactFields) -> Contact =>
        write(|c| contacts::edit_contact(c, &id, &input));
    fn remove_contact(id: String) -> () => write(|c| contacts::remove_contact(c, &id));
    /// Undoes an edit right after it: the fields as they were before (`edited`: what the
    /// edit wrote; refused when the contact changed since).
    fn undo_contact_edit(id: String, edited: ContactFields) -> Contact =>
        write(|c| contacts::undo_edit(c, &id, &edited));
    /// Takes the app data's newer version of a contact a volunteer edited.
    fn take_seed_offer(id: String) -> Contact =>
        write(|c| seed_contacts::take_seed_offer(c, &id));
    /// Keeps the volunteer's version and dismisses the app data's newer one.
    fn dismiss_seed_offer(id: String) -> Contact =>
        write(|c| seed_contacts::dismiss_seed_offer(c, &id));
}
