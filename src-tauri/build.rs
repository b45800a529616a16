// The app's build script: tauri-build reads tauri.conf.json (at the package root) and the
// capabilities under src-tauri/capabilities/. Every app command gets `allow-<command>`
// permissions, so a window can call only the commands its capability names.

/// The app's commands; keep in step with `generate_handler!` in src-tauri/src/lib.rs.
const COMMANDS: &[&str] = &[
    "list_cities",
    "get_city",
    "add_target",
    "ui_ready",
    "add_contact",
    "edit_contact",
    "remove_contact",
    "log_call",
    "undo_call",
    "record_response",
    "follow_ups",
    "dashboard",
    "fill_script",
    "get_campaign_settings",
    "set_campaign_settings",
    "import_contacts",
    "export_data",
    "bundle_export",
    "bundle_import",
    "backup_list",
    "backup_create",
    "backup_restore",
    "signature_status",
    "signature_history",
    "sync_signatures_now",
    "get_signature_settings",
    "set_signature_settings",
    "set_signature_total",
];

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri-build failed");
}
