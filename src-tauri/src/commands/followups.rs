//! Follow-ups due today and overdue.

use outreach_core::followups::{self, FollowUp};
use outreach_core::time;

store_commands! {
    fn follow_ups() -> Vec<FollowUp> => read(|c| followups::due(c, &time::today()));
}
