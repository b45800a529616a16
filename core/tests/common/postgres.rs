//! A real PostgreSQL server for the team sync tests: `initdb` in a temporary folder, a
//! private server on a free loopback port (`pg_ctl`), stopped when the last test using it
//! drops it. As root it runs as the `postgres` user the Debian package creates (PostgreSQL
//! refuses to run as root). Debian's `postgresql` package provides the binaries
//! (`scripts/setup.sh --test` installs it); `OUTREACH_PG_BIN` may name another bin folder.

#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, Weak};

use postgres::{Client, NoTls};

/// The superuser's password (scram over TCP; the owner of every test campaign).
pub const OWNER_PASSWORD: &str = "owner-pw";

pub struct Pg {
    dir: tempfile::TempDir,
    bin: PathBuf,
    run_as: Option<String>,
    pub port: u16,
}

static SHARED: Mutex<Weak<Pg>> = Mutex::new(Weak::new());

/// The server shared by the tests running now (started when none runs).
pub fn server() -> Arc<Pg> {
    let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(pg) = shared.upgrade() {
        return pg;
    }
    let pg = Arc::new(Pg::start());
    *shared = Arc::downgrade(&pg);
    pg
}

fn bin_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("OUTREACH_PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((v, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, b)| b).unwrap_or_else(|| {
        panic!(
            "PostgreSQL's initdb was not found in /usr/lib/postgresql/*/bin: install Debian's \
             postgresql package (scripts/setup.sh --test) or set OUTREACH_PG_BIN"
        )
    })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Pg {
    fn command(&self, program: &str) -> Command {
        let exe = self.bin.join(program);
        match &self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.arg("-u").arg(user).arg("--").arg(exe);
                c
            }
            None => Command::new(exe),
        }
    }

    fn run(&self, mut c: Command, what: &str) {
        let out = c.output().unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(
            out.status.success(),
            "{what} failed: {}\n{}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn start() -> Pg {
        let bin = bin_dir();
        let run_as = is_root().then(|| "postgres".to_string());
        let dir = tempfile::Builder::new()
            .prefix("outreach-pg-")
            .tempdir()
            .unwrap();
        if let Some(user) = &run_as {
            let uid =
                |flag: &str| -> u32 {
                    let o = Command::new("id").arg(flag).arg(user).output().unwrap();
                    String::from_utf8_lossy(&o.stdout).trim().parse().unwrap_or_else(|_| {
                    panic!("no user {user}: install Debian's postgresql package, which creates it")
                })
                };
            std::os::unix::fs::chown(dir.path(), Some(uid("-u")), Some(uid("-g"))).unwrap();
        }
        let mut pg = Pg {
            dir,
            bin,
            run_as,
            port: 0,
        };
        let pwfile = pg.dir.path().join("pw");
        std::fs::write(&pwfile, OWNER_PASSWORD).unwrap();
        if let Some(user) = &pg.run_as {
            Command::new("chown")
                .arg(user)
                .arg(&pwfile)
                .status()
                .unwrap();
        }
        let mut init = pg.command("initdb");
        init.arg("-D")
            .arg(pg.data())
            .args([
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
                "--no-instructions",
            ])
            .args(["--auth-local=trust", "--auth-host=scram-sha-256"])
            .arg(format!("--pwfile={}", pwfile.display()));
        pg.run(init, "initdb");
        // A port taken between the look and the start makes pg_ctl fail: try another.
        for attempt in 0..5 {
            pg.port = free_port();
            let mut start = pg.command("pg_ctl");
            start
                .arg("-D")
                .arg(pg.data())
                .arg("-l")
                .arg(pg.dir.path().join("server.log"))
                .args(["-w", "-t", "60", "-o"])
                .arg(format!(
                    "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                    pg.port,
                    pg.dir.path().display()
                ))
                .arg("start");
            let out = start.output().unwrap();
            if out.status.success() {
                return pg;
            }
            if attempt == 4 {
                let log =
                    std::fs::read_to_string(pg.dir.path().join("server.log")).unwrap_or_default();
                panic!(
                    "pg_ctl start failed: {}\n{log}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
        unreachable!()
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The owner's (superuser's) address for a database.
    pub fn owner_url(&self, db: &str) -> String {
        format!(
            "postgres://postgres:{OWNER_PASSWORD}@127.0.0.1:{}/{db}",
            self.port
        )
    }

    /// A superuser connection to a database.
    pub fn owner(&self, db: &str) -> Client {
        Client::connect(&self.owner_url(db), NoTls).unwrap()
    }

    /// A new, empty database (a campaign's) named `db`.
    pub fn create_database(&self, db: &str) {
        let mut c = self.owner("postgres");
        c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)"))
            .unwrap();
        c.batch_execute(&format!("CREATE DATABASE \"{db}\""))
            .unwrap();
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        let mut stop = self.command("pg_ctl");
        stop.arg("-D")
            .arg(self.data())
            .args(["-m", "immediate", "-w", "stop"]);
        let _ = stop.output();
    }
}
