// grid-chain dashboard: connects to a node over WebSocket (`?ws=ws://host:port`, default the
// dev chain's ws://127.0.0.1:9944) and shows the grid live. New best and finalized heads come
// by subscription; at each new best block the page reads that block's events and the grid at
// that block (GridApi and storage). No server of its own: any static file server serves it.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { eventsAt, readGrid } from './chain.js';
import { isListed } from './format.js';
import { renderEvents, renderGrid, renderHeads } from './view.js';

const DEFAULT_WS = 'ws://127.0.0.1:9944';
/** Events listed, and events kept (so that "routine" can be shown after the fact). */
const SHOW_EVENTS = 100;
const KEEP_EVENTS = 400;
/** How far back the page fetches events it missed between two heads. */
const MAX_CATCH_UP = 20;
/** A read that takes longer has failed (the next head tries again). */
const READ_TIMEOUT_MS = 20_000;

const $ = (id) => document.getElementById(id);
const root = {
  regions: $('regions'),
  validators: $('validators'),
  gridEmergency: $('grid-emergency'),
  best: $('best'),
  finalized: $('finalized'),
  lag: $('lag'),
  events: $('events'),
  status: $('status'),
  chain: $('chain'),
};

function endpoint() {
  const ws = new URLSearchParams(window.location.search).get('ws');
  return ws && /^wss?:\/\//.test(ws) ? ws : DEFAULT_WS;
}

function setStatus(textContent, cls) {
  root.status.textContent = textContent;
  root.status.className = `badge ${cls}`;
}

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${READ_TIMEOUT_MS / 1000} s`)), READ_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main() {
  const ws = endpoint();
  $('endpoint').value = ws;
  const provider = new WsProvider(ws, 2_000);
  let connected = false;
  provider.on('connected', () => { connected = true; setStatus('connected', 'st-ok'); });
  provider.on('disconnected', () => { connected = false; setStatus('disconnected: retrying', 'st-bad'); });
  setStatus(`connecting to ${ws}`, 'st-stale');
  const api = await ApiPromise.create({ provider, noInitWarn: true });
  const [chain, version] = [await api.rpc.system.chain(), api.runtimeVersion];
  root.chain.textContent = `${chain.toString()} · ${version.specName.toString()} v${version.specVersion.toNumber()}`;
  const blockMs = api.consts.aura?.slotDuration?.toNumber?.() ?? 6_000;

  const heads = { best: null, finalized: null };
  // Events newest first, and the block hash each block number's events were read at.
  let events = [];
  const readAt = new Map();
  let eventsUpTo = null;
  let showRoutine = $('routine').checked;
  const showEvents = () => renderEvents(root.events,
    events.filter((e) => isListed(e.section, e.method, showRoutine)).slice(0, SHOW_EVENTS));
  $('routine').addEventListener('change', (e) => { showRoutine = e.target.checked; showEvents(); });

  function remember(list, number, hash, fork) {
    for (const e of list) e.fork = fork;
    events = [...list.reverse(), ...events].slice(0, KEEP_EVENTS);
    readAt.set(number, hash.toString());
    if (readAt.size > KEEP_EVENTS) readAt.delete(readAt.keys().next().value);
  }

  /** The events of the blocks since the last read, up to the head `number` (`hash`). */
  async function readEvents(hash, number) {
    if (eventsUpTo !== null && number <= eventsUpTo) {
      // A head no higher than one read: another fork became best. Its block's events are
      // read unless this very block's were.
      if (readAt.get(number) !== hash.toString()) {
        remember(await eventsAt(api, hash, number), number, hash, true);
      }
      eventsUpTo = number;
      return;
    }
    const first = eventsUpTo === null ? number : Math.max(eventsUpTo + 1, number - MAX_CATCH_UP);
    if (eventsUpTo !== null && first > eventsUpTo + 1) {
      console.warn(`events of blocks ${eventsUpTo + 1} to ${first - 1} not read (more than ${MAX_CATCH_UP} behind)`);
    }
    for (let n = first; n <= number; n += 1) {
      const at = n === number ? hash : await api.rpc.chain.getBlockHash(n);
      remember(await eventsAt(api, at, n), n, at, false);
      eventsUpTo = n;
    }
  }

  // Reads run one at a time; a head that arrives meanwhile waits, and only the newest waiting
  // one is read.
  let reading = false;
  let waiting = null;
  async function refresh(hash, number) {
    if (reading) {
      waiting = { hash, number };
      return;
    }
    reading = true;
    try {
      await withTimeout(readEvents(hash, number), `reading the events of #${number}`);
      showEvents();
      const grid = await withTimeout(readGrid(api, hash, number), `reading the grid at #${number}`);
      renderGrid(root, grid, blockMs);
      document.body.dataset.block = String(number);
      if (connected) setStatus('connected', 'st-ok');
    } catch (err) {
      // Said on the page, not only in the console: the figures shown are older than the head.
      setStatus(`read failed at #${number}: ${err.message ?? err}; showing #${document.body.dataset.block ?? '–'}`, 'st-warn');
      console.warn('reading the grid failed', err);
    } finally {
      reading = false;
      if (waiting) {
        const next = waiting;
        waiting = null;
        refresh(next.hash, next.number);
      }
    }
  }

  await api.rpc.chain.subscribeNewHeads((header) => {
    heads.best = header.number.toNumber();
    renderHeads(root, heads);
    refresh(header.hash, heads.best);
  });
  await api.rpc.chain.subscribeFinalizedHeads((header) => {
    heads.finalized = header.number.toNumber();
    renderHeads(root, heads);
  });
}

main().catch((err) => {
  setStatus(`cannot connect: ${err.message ?? err}`, 'st-bad');
});
