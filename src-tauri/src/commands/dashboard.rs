//! The dashboard's numbers.

use outreach_core::dashboard::{self, Dashboard};

store_commands! {
    fn dashboard() -> Dashboard => with_store(dashboard::dashboard);
}
