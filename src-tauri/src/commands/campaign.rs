//! The campaign settings a volunteer edits: their name, the call script, the goal.

use outreach_core::campaign::{self, CampaignSettings, StatusScripts};

store_commands! {
    fn get_campaign_settings() -> CampaignSettings => read(campaign::get_campaign_settings);
    fn set_campaign_settings(settings: CampaignSettings) -> CampaignSettings =>
        write(|c| campaign::set_campaign_settings(c, &settings));
    fn get_status_scripts() -> StatusScripts => read(campaign::get_status_scripts);
    fn set_status_scripts(scripts: StatusScripts) -> StatusScripts =>
        write(|c| campaign::set_status_scripts(c, &scripts));
}
