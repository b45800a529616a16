// The app's build script: tauri-build reads tauri.conf.json (at the package root) and the
// capabilities under src-tauri/capabilities/. Every app command gets `allow-<command>`
// permissions, so a window can call only the commands its capability names. The commands
// come from the one list in src/commands/list.rs; the build fails when the main window's
// capability does not allow exactly them.

include!("src/commands/list.rs");

/// The app's commands, from the one list in src/commands/list.rs.
const COMMANDS: &[&str] = app_commands!(command_names);
const CAPABILITY: &str = "src-tauri/capabilities/main.json";

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=src-tauri/src/commands/list.rs");
    let capability = std::fs::read_to_string(CAPABILITY)
        .unwrap_or_else(|e| panic!("cannot read {CAPABILITY}: {e}"));
    if let Some(problem) = capability_mismatch(COMMANDS, &capability) {
        panic!("{CAPABILITY}: {problem}");
    }
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri-build failed");
}
