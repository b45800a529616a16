//! Logging and undoing calls.

use outreach_core::calls::{self, Call, CallInput};

store_commands! {
    fn log_call(input: CallInput) -> Call => write(|c| calls::log_call(c, &input));
    fn undo_call(id: String) -> () => write(|c| calls::undo_call(c, &id));
}
