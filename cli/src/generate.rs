//! `outreach generate`: a large synthetic store for benchmarks.

use clap::Args;
use outreach_core::generate::{self, GenerateSpec};
use outreach_core::{Error, Store};

use crate::output::show;

#[derive(Args)]
pub struct GenerateArgs {
    #[arg(long, default_value_t = 20_000)]
    pub cities: u32,
    #[arg(long, default_value_t = 1_000_000)]
    pub calls: u32,
    #[arg(long, default_value_t = 50_000)]
    pub contacts: u32,
    /// The random generator's seed (the same seed gives the same data).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub fn run(store: &mut Store, a: GenerateArgs, json: bool) -> Result<(), Error> {
    let spec = GenerateSpec {
        cities: a.cities,
        calls: a.calls,
        contacts: a.contacts,
        seed: a.seed,
    };
    let r = store.write(|c| generate::generate(c, &spec))?;
    show(json, &r, |r| {
        format!(
            "generated {} cities ({} ties, {} status entries), {} contacts, {} calls ({} undone), \
             {} responses, {} follow-ups ({} open) in {:.1} s",
            r.cities,
            r.relationships,
            r.events,
            r.contacts,
            r.calls,
            r.undone_calls,
            r.responses,
            r.follow_ups,
            r.open_follow_ups,
            r.seconds
        )
    });
    Ok(())
}
