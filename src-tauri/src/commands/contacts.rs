//! A city's contacts.

use outreach_core::contacts::Contact;
use outreach_core::contacts::{self, ContactFields};
use outreach_core::ErrorPayload;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn add_contact(
    state: State<'_, AppState>,
    slug: String,
    input: ContactFields,
) -> Result<Contact, ErrorPayload> {
    state.write(|c| contacts::add_contact(c, &slug, &input))
}

#[tauri::command(async)]
pub fn edit_contact(
    state: State<'_, AppState>,
    id: String,
    input: ContactFields,
) -> Result<Contact, ErrorPayload> {
    state.write(|c| contacts::edit_contact(c, &id, &input))
}

#[tauri::command(async)]
pub fn remove_contact(state: State<'_, AppState>, id: String) -> Result<(), ErrorPayload> {
    state.write(|c| contacts::remove_contact(c, &id))
}

/// Takes the app data's newer version of a contact a volunteer edited.
#[tauri::command(async)]
pub fn take_seed_offer(state: State<'_, AppState>, id: String) -> Result<Contact, ErrorPayload> {
    state.write(|c| outreach_core::seed_contacts::take_seed_offer(c, &id))
}

/// Keeps the volunteer's version and dismisses the app data's newer one.
#[tauri::command(async)]
pub fn dismiss_seed_offer(state: State<'_, AppState>, id: String) -> Result<Contact, ErrorPayload> {
    state.write(|c| outreach_core::seed_contacts::dismiss_seed_offer(c, &id))
}
