//! The call script filled in for a city and contact.

use outreach_core::script::{self, FilledScript};

store_commands! {
    fn fill_script(slug: String, contact_id: Option<String>) -> FilledScript =>
        read(|c| script::fill_script(c, &slug, contact_id.as_deref()));
}
