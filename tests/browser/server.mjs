// Starts `jointcal serve --demo` on a free loopback port with a fresh SQLite
// database, and Debian's Chromium; both are stopped by `stop()`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';

const here = dirname(fileURLToPath(import.meta.url));
export const BIN = process.env.JOINTCAL_BIN || join(here, '..', '..', 'target', 'debug', 'jointcal');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const PASSWORD = 'astana-2007-demo';

/**
 * Runs the server, on the demo data unless `demo` is false (an empty database);
 * resolves once it listens with its base URL and, on a database without an
 * administrator, the setup link it printed.
 */
export async function startServer({ demo = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'jointcal-browser-'));
  const args = ['serve', '--bind', '127.0.0.1:0', '--database', `sqlite://${join(dir, 'demo.db')}`];
  if (demo) args.push('--demo');
  const child = spawn(BIN, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: 'warn' },
  });
  let output = '';
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 30 s:\n${output}`)), 30000);
    const read = (chunk) => {
      output += chunk;
      const m = output.match(/jointcal is serving (http:\/\/127\.0\.0\.1:\d+)\//);
      // On an empty database the setup link comes on the line before.
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
  });
  const stop = () => {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  const setup = output.match(/first run: open (\S+)/)?.[1];
  return { base, setup, stop };
}

export async function startBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
}

/** Signs in through the form; the page ends on `next`. */
export async function signIn(page, base, email, next = '/') {
  await page.goto(`${base}/login?next=${encodeURIComponent(next)}`);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
}

/**
 * One server on the demo data and one browser for the tests of a file: started
 * before them, stopped after them. Returns an object whose `server` and `browser`
 * are set once started.
 */
export function demoForTheseTests() {
  const shared = { server: null, browser: null };
  before(async () => {
    shared.server = await startServer();
    shared.browser = await startBrowser();
  });
  after(async () => {
    await shared.browser?.close();
    shared.server?.stop();
  });
  return shared;
}

/** axe-core finds no serious or critical violation on the page. */
export async function noSeriousViolations(page, what) {
  const result = await new AxeBuilder({ page }).analyze();
  assert.ok(result.passes.length > 10, `axe ran on ${what}`);
  const bad = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  assert.deepEqual(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`),
    [],
    what,
  );
}
