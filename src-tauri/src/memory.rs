//! Memory that the start-up freed, handed back to the system.
//!
//! Building the boot data of a campaign-sized store (20,000 cities: the rows and their JSON)
//! and answering the page's first commands leaves freed blocks in glibc's heap, which
//! glibc keeps for later allocations instead of returning them: about 15 MB of the window's
//! process on the 20,000-city store (docs/PERFORMANCE.md, issue 13), which a volunteer's
//! machine would carry all day. Once the page has painted its first frame, they are handed back.

/// Returns the heap's free pages to the system (glibc's `malloc_trim`, over all its arenas);
/// does nothing where the C library is another.
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointer; it walks glibc's own arenas under their locks.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    /// The process's resident anonymous memory (heap), in KiB.
    fn anon_kib() -> u64 {
        let rollup = std::fs::read_to_string("/proc/self/smaps_rollup").expect("smaps_rollup");
        rollup
            .lines()
            .find_map(|l| l.strip_prefix("Anonymous:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("an Anonymous line")
    }

    #[test]
    fn memory_freed_in_many_small_blocks_goes_back_to_the_system() {
        // 48 MB in blocks below glibc's mmap threshold (as 20,000 rows of a dozen strings are),
        // freed all but the last block, which keeps the heap's top from shrinking by itself.
        let blocks: Vec<Vec<u8>> = (0..200_000).map(|i| vec![i as u8; 240]).collect();
        let keep = vec![1u8; 240];
        let held = anon_kib();
        drop(blocks);
        let freed = anon_kib();
        super::release_freed();
        let trimmed = anon_kib();
        std::hint::black_box(&keep);
        assert!(
            trimmed + 30_000 < held && trimmed < freed,
            "heap after freeing 48 MB: {held} KiB held, {freed} KiB freed, {trimmed} KiB trimmed"
        );
    }
}
