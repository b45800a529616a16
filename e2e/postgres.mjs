// A real PostgreSQL for the team sync end-to-end test, as core/tests/common/postgres.rs starts
// one: `initdb` in a temporary folder (as the `postgres` user when run as root: PostgreSQL
// refuses to run as root), `pg_ctl` on a free loopback port, stopped by `stop()`. Debian's
// `postgresql` package provides the binaries (scripts/setup.sh --test); OUTREACH_PG_BIN may
// name another bin folder.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const OWNER_PASSWORD = 'owner-pw';

function binDir() {
  if (process.env.OUTREACH_PG_BIN) return process.env.OUTREACH_PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(a) - Number(b))
    : [];
  if (!versions.length) throw new Error("PostgreSQL's initdb was not found in /usr/lib/postgresql/*/bin: install Debian's postgresql package (scripts/setup.sh --test) or set OUTREACH_PG_BIN");
  return path.join(root, versions[versions.length - 1], 'bin');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts a private server; returns `{ port, ownerUrl(db), createDatabase(db), stop() }`. */
export async function startPostgres() {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'outreach-e2e-pg-'));
  const run = (program, args) => {
    const exe = path.join(bin, program);
    return asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', exe, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      : execFileSync(exe, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };
  const pwfile = path.join(dir, 'pw');
  writeFileSync(pwfile, OWNER_PASSWORD);
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--no-instructions', '--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${pwfile}`]);
  let port;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
      break;
    } catch (e) {
      if (attempt >= 4) throw e;
    }
  }
  const ownerUrl = (db) => `postgres://postgres:${OWNER_PASSWORD}@127.0.0.1:${port}/${db}`;
  return {
    port,
    ownerUrl,
    /** A new, empty database (a campaign's), through the local socket (trusted). */
    createDatabase(db) {
      run('psql', ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE "${db}"`]);
    },
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
    },
  };
}
