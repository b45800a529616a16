//! The volunteer's name: the first-run prompt, setting it (and giving it to earlier calls).

use outreach_core::volunteer::{self, NameSet, VolunteerStatus};

store_commands! {
    fn volunteer_status() -> VolunteerStatus => read(volunteer::status);
    fn set_volunteer_name(name: String, attribute_unnamed: bool) -> NameSet =>
        write(|c| volunteer::set_name(c, &name, attribute_unnamed));
    fn dismiss_name_prompt() -> () => write(|c| volunteer::dismiss_prompt(c));
}
