//! The shape of nearly every window command, written once: an `async` command (off the
//! UI thread) that takes the app state and its arguments and runs one core function
//! through one of the state's doors (`read`, `write`: one transaction; `with_store`,
//! `with_store_mut`: the whole store), its error in its UI form.
//!
//! ```ignore
//! store_commands! {
//!     /// The doc comment the command keeps.
//!     fn get_city(slug: String) -> CityDetail => read(|c| city_view::get_city(c, &slug));
//! }
//! ```
//! expands to
//! ```ignore
//! #[tauri::command(async)]
//! pub fn get_city(state: State<'_, AppState>, slug: String) -> Result<CityDetail, ErrorPayload> {
//!     state.read(|c| city_view::get_city(c, &slug))
//! }
//! ```

macro_rules! store_commands {
    ($(
        $(#[$meta:meta])*
        fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $out:ty => $door:ident($f:expr);
    )*) => {$(
        $(#[$meta])*
        #[tauri::command(async)]
        pub fn $name(
            state: tauri::State<'_, $crate::state::AppState>,
            $($arg: $ty),*
        ) -> Result<$out, outreach_core::ErrorPayload> {
            state.$door($f)
        }
    )*};
}
