// The window's commands: the one list. It feeds `generate_handler!` (src-tauri/src/lib.rs),
// the `allow-<command>` permissions tauri-build generates (src-tauri/build.rs, which
// `include!`s this file), and the check that the main window's capability
// (src-tauri/capabilities/main.json) allows exactly these commands: the build fails when
// they differ, naming the command. Adding a command: write it in `commands/<concept>.rs`,
// add `<concept>::<name>` here, and `allow-<name-with-dashes>` to the capability.

/// Calls the macro `$then` with every command as `module::function`.
macro_rules! app_commands {
    ($then:ident) => {
        $then! {
            cities::list_cities,
            cities::get_city,
            cities::add_target,
            app::boot,
            app::ui_ready,
            contacts::add_contact,
            contacts::edit_contact,
            contacts::remove_contact,
            contacts::undo_contact_edit,
            contacts::take_seed_offer,
            contacts::dismiss_seed_offer,
            calls::log_call,
            calls::undo_call,
            responses::record_response,
            responses::undo_recorded,
            followups::follow_ups,
            dashboard::dashboard,
            script::fill_script,
            campaign::get_campaign_settings,
            campaign::set_campaign_settings,
            exchange::choose_import,
            exchange::import_contacts,
            exchange::import_undo,
            exchange::export_data,
            exchange::bundle_export,
            exchange::choose_bundle,
            exchange::bundle_import,
            exchange::bundle_undo_merge,
            exchange::backup_list,
            exchange::backup_create,
            exchange::backup_restore,
            signatures::signature_status,
            signatures::signature_history,
            signatures::sync_signatures_now,
            signatures::get_signature_settings,
            signatures::set_signature_settings,
            signatures::set_signature_total,
            queue::call_queue,
            queue::skip_city,
            volunteer::volunteer_status,
            volunteer::set_volunteer_name,
            volunteer::dismiss_name_prompt,
            campaign::get_status_scripts,
            campaign::set_status_scripts,
            team::team_status,
            team::team_join,
            team::team_sync_now,
            drafts::get_draft,
            drafts::city_drafts,
            drafts::save_draft,
            drafts::discard_draft,
        }
    };
}

/// The commands' names, as the UI invokes them.
#[allow(unused_macros)]
macro_rules! command_names {
    ($($module:ident :: $command:ident),* $(,)?) => {
        &[$(stringify!($command)),*]
    };
}

/// The app's own permissions a capability file names (`"allow-…"`; plugin permissions
/// such as `"dialog:allow-open"` carry their plugin's prefix and are left out).
#[allow(dead_code)]
pub(crate) fn allowed_commands(capability: &str) -> Vec<String> {
    capability
        .split("\"allow-")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|name| name.replace('-', "_"))
        .collect()
}

/// What differs between the command list and a capability file, or `None` when each
/// command is allowed once and nothing else is.
#[allow(dead_code)]
pub(crate) fn capability_mismatch(commands: &[&str], capability: &str) -> Option<String> {
    let allowed = allowed_commands(capability);
    let missing: Vec<&str> = commands
        .iter()
        .copied()
        .filter(|c| !allowed.iter().any(|a| a == c))
        .collect();
    let unknown: Vec<&str> = allowed
        .iter()
        .map(String::as_str)
        .filter(|a| !commands.contains(a))
        .collect();
    let twice = allowed.len() - {
        let mut unique = allowed.clone();
        unique.sort();
        unique.dedup();
        unique.len()
    };
    if missing.is_empty() && unknown.is_empty() && twice == 0 {
        return None;
    }
    let dashes = |v: &[&str]| {
        v.iter()
            .map(|c| format!("allow-{}", c.replace('_', "-")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(format!(
        "the capability does not match the command list (src-tauri/src/commands/list.rs): \
         missing [{}]; not a command [{}]; {} listed twice",
        dashes(&missing),
        dashes(&unknown),
        twice
    ))
}
