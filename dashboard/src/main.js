// grid-chain dashboard: connects to a node over WebSocket (`?ws=ws://host:port`, default the
// dev chain's ws://127.0.0.1:9944) and shows the grid live. New best and finalized heads come
// by subscription; at each new best block the page reads the grid at that block (GridApi and
// storage) and that block's events. No server of its own: any static file server serves it.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { eventsAt, readGrid } from './chain.js';
import { isListed } from './format.js';
import { prependEvents, renderGrid, renderHeads } from './view.js';

const DEFAULT_WS = 'ws://127.0.0.1:9944';
const KEEP_EVENTS = 100;
/** How far back the page fetches events it missed between two heads. */
const MAX_CATCH_UP = 20;

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

async function main() {
  const ws = endpoint();
  $('endpoint').value = ws;
  const provider = new WsProvider(ws, 2_000);
  provider.on('connected', () => setStatus('connected', 'st-ok'));
  provider.on('disconnected', () => setStatus('disconnected: retrying', 'st-bad'));
  setStatus(`connecting to ${ws}`, 'st-stale');
  const api = await ApiPromise.create({ provider, noInitWarn: true });
  const [chain, version] = [await api.rpc.system.chain(), api.runtimeVersion];
  root.chain.textContent = `${chain.toString()} · ${version.specName.toString()} v${version.specVersion.toNumber()}`;
  const blockMs = api.consts.aura?.slotDuration?.toNumber?.() ?? 6_000;

  const heads = { best: null, finalized: null };
  let showRoutine = $('routine').checked;
  $('routine').addEventListener('change', (e) => { showRoutine = e.target.checked; });

  // Reads of the grid run one at a time; a head that arrives meanwhile waits, and only the
  // newest waiting one is read.
  let reading = false;
  let waiting = null;
  let eventsUpTo = null;
  async function refresh(hash, number) {
    if (reading) {
      waiting = { hash, number };
      return;
    }
    reading = true;
    try {
      const first = eventsUpTo === null ? number : Math.max(eventsUpTo + 1, number - MAX_CATCH_UP);
      for (let n = first; n <= number; n += 1) {
        const at = n === number ? hash : await api.rpc.chain.getBlockHash(n);
        const events = (await eventsAt(api, at, n)).filter((e) => isListed(e.section, e.method, showRoutine));
        prependEvents(root.events, events, KEEP_EVENTS);
      }
      eventsUpTo = number;
      const grid = await readGrid(api, hash, number);
      renderGrid(root, grid, blockMs);
      document.body.dataset.block = String(number);
    } catch (err) {
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
