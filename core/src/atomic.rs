//! Atomic steps of a write. A core function that writes more than one row makes them one
//! step with [`begin`]: a savepoint inside the transaction the store's write door
//! ([`crate::Store::write`]) opened, or a transaction of its own (`BEGIN IMMEDIATE`) on a bare
//! connection (tests, benchmarks).

use rusqlite::Connection;

/// One atomic step of a write, for core functions that write more than one row: a
/// transaction of its own (`BEGIN IMMEDIATE`) when the connection has none open, or a
/// savepoint inside the one [`crate::Store::write`] opened. Either way, `commit` makes the step
/// count and dropping it undoes the step.
pub enum Atomic<'c> {
    Transaction(rusqlite::Transaction<'c>),
    Savepoint(rusqlite::Savepoint<'c>),
}

/// Starts an atomic step (see [`Atomic`]).
pub fn begin(conn: &mut Connection) -> rusqlite::Result<Atomic<'_>> {
    if conn.is_autocommit() {
        conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map(Atomic::Transaction)
    } else {
        conn.savepoint().map(Atomic::Savepoint)
    }
}

impl Atomic<'_> {
    pub fn commit(self) -> rusqlite::Result<()> {
        match self {
            Atomic::Transaction(tx) => tx.commit(),
            Atomic::Savepoint(sp) => sp.commit(),
        }
    }
}

impl std::ops::Deref for Atomic<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match self {
            Atomic::Transaction(tx) => tx,
            Atomic::Savepoint(sp) => sp,
        }
    }
}
