//! The Outreach Desk window: a thin shell over `outreach-core`.
//!
//! The store is opened before the window exists, and the city list is handed to the page
//! in an initialization script, so the first paint already shows the cities (no spinner,
//! no round trip). Every command is a one-line adapter over a core function, runs off the
//! main thread, and returns errors as `{ kind, message }`.

mod background;
mod boot;
mod memory;
#[macro_use]
mod commands;
mod dialogs;
mod signature_sync;
mod state;
mod team_sync;

use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;
use tauri::{Runtime, WebviewUrl, WebviewWindowBuilder};

pub use boot::Boot;
pub use signature_sync::SignatureSync;
pub use state::AppState;
pub use team_sync::TeamSync;

/// The app's command line (the same `--data-dir` as the `outreach` CLI).
#[derive(Debug, Parser)]
#[command(name = "outreach-desk", version, about = "Outreach Desk")]
pub struct Args {
    /// The data folder holding outreach.db (default: $OUTREACH_DATA_DIR, else the
    /// platform's data folder).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

/// `generate_handler!` over the commands of `app_commands!` (src/commands/list.rs).
macro_rules! handler {
    ($($module:ident :: $command:ident),* $(,)?) => {
        tauri::generate_handler![$(commands::$module::$command),*]
    };
}

/// The app's plugins, state and commands on a base builder of any runtime: the real one
/// in [`run`], `tauri::test::mock_builder()` in tests.
pub fn builder<R: Runtime>(base: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    base.plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .manage(SignatureSync::from_env())
        .manage(TeamSync::from_env())
        .manage(dialogs::FileDialogs::from_env())
        .manage(dialogs::ChosenFiles::default())
        .invoke_handler(app_commands!(handler))
}

/// The main window (its page asks for its first data with the `boot` command).
pub fn main_window<R: Runtime, M: tauri::Manager<R>>(
    manager: &M,
) -> tauri::Result<tauri::WebviewWindow<R>> {
    WebviewWindowBuilder::new(manager, "main", WebviewUrl::App("index.html".into()))
        .title("Outreach Desk")
        .inner_size(1200.0, 780.0)
        .min_inner_size(720.0, 480.0)
        .build()
}

pub fn run() {
    let started = Instant::now();
    let args = Args::parse();
    let state = AppState::open(args.data_dir.as_deref(), started);
    // Today's backup, on a thread of its own so that it never delays the window.
    if let Ok(Some(file)) = state.with_store(|s| Ok(s.path().map(std::path::Path::to_path_buf))) {
        std::thread::spawn(move || {
            if let Err(e) = outreach_core::backup::daily_if_due_at(&file) {
                eprintln!("outreach-desk: today's backup was not made: {e}");
            }
        });
    }
    builder(tauri::Builder::default(), state)
        .plugin(tauri_plugin_notification::init())
        .setup(move |app| {
            // The page's first data, made while WebKit starts and loads the page.
            boot::start(app.handle());
            main_window(app)?;
            remind_of_follow_ups(app.handle());
            signature_sync::spawn_loop(app.handle().clone());
            team_sync::spawn_loop(app.handle().clone());
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running Outreach Desk");
}

/// One desktop notification at start when follow-ups are due (once a day; see
/// `outreach_core::followups::startup_reminder`). A desktop without a notification
/// service just gets none.
fn remind_of_follow_ups<R: Runtime>(app: &tauri::AppHandle<R>) {
    use outreach_core::{followups, time};
    use tauri::Manager;
    use tauri_plugin_notification::NotificationExt;
    let state = app.state::<AppState>();
    let due = state.read(|c| followups::startup_reminder(c, &time::today()));
    if let Ok(Some(n)) = due {
        if let Err(e) = app
            .notification()
            .builder()
            .title("Outreach Desk")
            .body(followups::reminder_text(n))
            .show()
        {
            eprintln!("outreach-desk: could not show the follow-up reminder: {e}");
        }
    }
}

#[cfg(test)]
mod signature_tests;
#[cfg(test)]
mod team_tests;
#[cfg(test)]
mod tests;
