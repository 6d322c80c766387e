// What the browser test and `make demo` share: a grid-node on free ports, the built page
// served from dist/, and polkadot.js transactions that wait for their block.
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createServer } from 'node:net';
import { context } from 'esbuild';

/** The binaries make built and the tests' output folder (make sets each; these are its defaults). */
const target = process.env.CARGO_TARGET_DIR ?? join(process.env.HOME, '.cache/grid-chain/target');
export const GRID_NODE = process.env.GRID_NODE ?? join(target, 'release/grid-node');
export const GRID_METERS = process.env.GRID_METERS ?? join(target, 'release/grid-meters');
export const OUT = process.env.DASHBOARD_TEST_OUTPUT ?? new URL('../test-output/', import.meta.url).pathname;

/** A TCP port nothing listens on now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `grid-node --dev --chain <chain> --tmp` on free ports (or RPC on `rpcPort`); `stop()`
 * ends it. Its log goes to `log` (a writable stream) when given. Resolves once its RPC server
 * listens, and fails if it listens elsewhere than asked: grid-node takes a random port when
 * the one asked for is taken, and a client would then find another chain on it.
 */
export async function startNode(binary, { chain = 'dev-demo', rpcPort, log } = {}) {
  if (!existsSync(binary)) throw new Error(`no grid-node at ${binary}: build it first (make build)`);
  const rpc = rpcPort ?? (await freePort());
  const [p2p, prometheus] = [await freePort(), await freePort()];
  const child = spawn(binary, [
    '--dev', '--chain', chain, '--tmp', '--no-telemetry', '--no-mdns',
    '--rpc-port', String(rpc), '--prometheus-port', String(prometheus),
    '--listen-addr', `/ip4/127.0.0.1/tcp/${p2p}`,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const listening = new Promise((resolve, reject) => {
    let seen = '';
    const watch = (chunk) => {
      log?.write(chunk);
      if (seen === null) return;
      seen = (seen + chunk).slice(-4096);
      const m = seen.match(/Running JSON-RPC server: addr=(\S+)/);
      if (m) {
        seen = null;
        const ports = m[1].split(',').map((a) => Number(a.split(':').pop()));
        if (ports.every((p) => p === rpc)) resolve();
        else reject(new Error(`port ${rpc} is taken: grid-node's RPC went to ${m[1]}`));
      }
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    exited.then((code) => reject(new Error(`grid-node exited (${code}) before its RPC listened`)));
  });
  try {
    await listening;
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `ws://127.0.0.1:${rpc}`, child, stop };
}

/** Connects polkadot.js to `url`, retrying while the node starts (up to `timeoutMs`). */
export async function connect(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const provider = new WsProvider(url, false);
    try {
      await provider.connect();
      await new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no answer')), 2_000);
        provider.on('connected', () => { clearTimeout(t); resolve(); });
        provider.on('error', () => { clearTimeout(t); reject(new Error('refused')); });
      });
      return await ApiPromise.create({ provider, noInitWarn: true });
    } catch (err) {
      await provider.disconnect().catch(() => {});
      if (Date.now() > deadline) throw new Error(`no node at ${url}: ${err.message}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Serves dist/ on a free port (or `port`); returns its base URL and `stop()`. */
export async function servePage({ host = '127.0.0.1', port } = {}) {
  const servedir = new URL('../dist/', import.meta.url).pathname;
  const ctx = await context({ logLevel: 'warning' });
  const served = await ctx.serve({ servedir, host, port: port ?? (await freePort()) });
  return { base: `http://${host}:${served.port}/`, stop: () => ctx.dispose() };
}

export const keyring = () => new Keyring({ type: 'sr25519', ss58Format: 42 });

/**
 * Signs and sends `tx` from `signer` (with `nonce`, or the node's next index for the account);
 * `submitted` resolves once the node took it, `included` once it is in a block, with the
 * block's number and the transaction's events, and rejects with the module error's name if
 * it failed (or if the pool dropped it).
 */
export function submit(api, signer, tx, nonce = -1) {
  let submitted;
  const included = new Promise((resolve, reject) => {
    let unsub = () => {};
    submitted = tx.signAndSend(signer, { nonce }, async ({ status, events, dispatchError }) => {
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        unsub();
        const err = new Error(`${tx.method.section}.${tx.method.method}: ${status.type}`);
        err.pool = true;
        reject(err);
        return;
      }
      if (!status.isInBlock) return;
      unsub();
      if (dispatchError) {
        let why = dispatchError.toString();
        if (dispatchError.isModule) {
          const m = api.registry.findMetaError(dispatchError.asModule);
          why = `${m.section}.${m.name}`;
        }
        reject(new Error(`${tx.method.section}.${tx.method.method} failed: ${why}`));
        return;
      }
      const header = await api.rpc.chain.getHeader(status.asInBlock);
      resolve({ block: header.number.toNumber(), events: events.map((e) => e.event) });
    }).then((u) => { unsub = u; });
    submitted.catch(reject);
  });
  return { submitted, included };
}

/** `submit`, resolved once the transaction is in a block. */
export const send = (api, signer, tx) => submit(api, signer, tx).included;

/** The first event `section.method` among `events`, or an error naming what there was. */
export function findEvent(events, section, method) {
  const e = events.find((x) => x.section === section && x.method === method);
  if (!e) throw new Error(`no ${section}.${method} in ${events.map((x) => `${x.section}.${x.method}`).join(', ')}`);
  return e;
}

/** The chain's current metering interval (its clock: `Timestamp::now / IntervalLength`). */
export async function currentInterval(api) {
  const [now, length] = await Promise.all([api.query.timestamp.now(), api.query.metering.intervalLength()]);
  return Math.floor(now.toNumber() / length.toNumber());
}

/** Resolves once block `number` is finalized. */
export async function finalized(api, number) {
  for (;;) {
    const head = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
    if (head.number.toNumber() >= number) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Debian's Chromium (or CHROMIUM) through playwright-core: headless, no sandbox (root), no
 * background networking (this machine's network is closed), a fresh profile. Returns its
 * page, the console errors and page errors seen so far, and `close()`.
 */
export async function launchBrowser({ width = 1280, height = 900 } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'grid-dashboard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run',
      '--disable-component-update', '--disable-sync'],
    viewport: { width, height },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  return {
    page,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
