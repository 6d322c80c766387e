// `make demo`: a newcomer's view of the grid in one command. Starts a `dev-demo` chain (its
// metering interval, and so a market slot, is one 6-second block: a simulated day passes in
// under ten minutes), then:
// - South and East get operators (Bob, Charlie) besides Alice's North (sudo on this dev chain);
// - the meter simulator (`grid-meters`) streams four feeder meters' signed readings in each
//   region: their daily load shape makes North critical for a few simulated hours around its
//   evening peak, so balancing acts on metered load;
// - each operator reports its region's frequency every other block, and now and then one
//   region dips (alert, then emergency under 49.2 Hz) and recovers; its operator then resolves
//   the event and the region leaves emergency mode;
// - market participants in North trade every slot: Ferdie (solar, with a production meter the
//   simulator streams) offers, Dave and Eve bid; Alice clears each slot when its gate closes
//   and settles it once its readings are final;
// - a demand-response program runs in North;
// - the dashboard is served and its URL printed.
// Ctrl-C stops all of it (the chain's state is temporary).
//
//   node demo.mjs --node <grid-node> --meters <grid-meters> [--rpc-port 9944] [--port 8080]
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  connect, currentInterval, finalized, keyring, servePage, startNode, submit,
} from './tests/harness.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const NODE = arg('node');
const METERS = arg('meters');
if (!NODE || !METERS) {
  console.error('usage: node demo.mjs --node <grid-node> --meters <grid-meters> [--rpc-port N] [--port N]');
  process.exit(2);
}
const MILLI = 1_000_000_000n;
const logs = mkdtempSync(join(tmpdir(), 'grid-demo-'));
const children = [];
let node; let server;

async function stop(code = 0) {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await server?.stop().catch(() => {});
  await node?.stop().catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

/**
 * One account's transactions, each submitted once the one before it was. While some are in
 * flight, nonces are counted here: the node's next index may not yet count a transaction it
 * has just accepted (two would then share a nonce, and one be "Usurped"). When none is in
 * flight, or the pool refused or dropped one, the count starts again from the node's (the
 * simulator signs with the operators' accounts too). Each call resolves when its transaction
 * is in a block.
 */
function queue(api, signer) {
  let last = Promise.resolve();
  let nonce = null;
  let inFlight = 0;
  return (tx) => {
    const next = last.then(async () => {
      if (nonce === null || inFlight === 0) {
        nonce = (await api.rpc.system.accountNextIndex(signer.address)).toNumber();
      }
      const sent = submit(api, signer, tx, nonce);
      nonce += 1;
      inFlight += 1;
      sent.included.then(() => { inFlight -= 1; }, (err) => {
        inFlight -= 1;
        if (err.pool) nonce = null;
      });
      sent.submitted.catch(() => { nonce = null; });
      return sent;
    });
    last = next.then((s) => s.submitted).catch(() => {});
    return next.then((s) => s.included);
  };
}

/** Starts grid-meters with `args`; resolves with the meter ids once they are registered. */
function meters(url, name, args) {
  const child = spawn(METERS, ['--url', url, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const log = createWriteStream(join(logs, `${name}.log`));
  child.stderr.pipe(log);
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      log.write(chunk);
      buffer += chunk;
      const ready = buffer.match(/ready: ([\d ,]+)/);
      if (ready) {
        buffer = '';
        resolve(ready[1].split(/[ ,]+/).filter(Boolean).map(Number));
      }
    });
    child.on('exit', (code) => reject(new Error(`grid-meters (${name}) exited with ${code}: see ${logs}/${name}.log`)));
  });
}

async function main() {
  const rpcPort = Number(arg('rpc-port', '9944'));
  node = await startNode(NODE, { rpcPort, log: createWriteStream(join(logs, 'grid-node.log')) });
  const api = await connect(node.url);
  const k = keyring();
  const [alice, bob, charlie, dave, eve, ferdie] =
    ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie'].map((u) => k.addFromUri(u));
  const tx = new Map([alice, bob, charlie, dave, eve, ferdie].map((a) => [a.address, queue(api, a)]));
  const as = (who, call) => tx.get(who.address)(call);
  console.log(`grid-chain demo: node ${node.url}, logs in ${logs}`);

  // South and East get their operators; they run the grid, not the chain (no block authoring).
  await Promise.all([
    as(bob, api.tx.operators.registerOperator('South Grid Operator', 'South', 1_000_000)),
    as(charlie, api.tx.operators.registerOperator('East Grid Operator', 'East', 1_000_000)),
  ]);
  const capabilities = {
    reportLoad: true, coordinateBalancing: true, runDemandResponse: true, reportStability: true,
    validateBlocks: false, manageMeters: true,
  };
  const { block: verified } = await as(alice, api.tx.sudo.sudo(api.tx.utility.batchAll([
    api.tx.operators.verifyOperator(bob.address, 'South'),
    api.tx.operators.verifyOperator(charlie.address, 'East'),
    api.tx.operators.setCapabilities(bob.address, capabilities),
    api.tx.operators.setCapabilities(charlie.address, capabilities),
  ])));

  // grid-meters takes its operator's nonce at the finalized block: let the operators' last
  // transactions be final first.
  await finalized(api, verified);

  // Feeders: four of 250 MW a region (1,000 MW of metered capacity), loaded differently; each
  // region's operator registers its own, so the three start side by side. Ferdie's solar
  // production meter (10 MW) follows North's (Alice registers both). Dave's and Eve's
  // consumption meters need no readings to buy.
  const feeders = (region, operator, percent, first) => meters(node.url, `feeders-${region}`, [
    '--meters', '4', '--first', String(first), '--region', region, '--kind', 'feeder',
    '--rated-kw', '250000', '--load-percent', String(percent), '--operator', operator,
  ]);
  const [[ferdieMeter]] = await Promise.all([
    feeders('North', '//Alice', 86, 0).then(() => meters(node.url, 'ferdie-solar', [
      '--meters', '1', '--first', '30', '--kind', 'production', '--rated-kw', '10000',
      '--load-percent', '70', '--owner', '//Ferdie',
    ])),
    feeders('South', '//Bob', 58, 10),
    feeders('East', '//Charlie', 72, 20),
  ]);
  // Alice registers Dave's and Eve's meters and opens a demand-response program in North for
  // the next hour of blocks, in one batch.
  const { events } = await as(alice, api.tx.utility.batchAll([
    api.tx.metering.registerMeter(new Uint8Array(32).fill(41), 'North', 'Consumption', dave.address, 10_000),
    api.tx.metering.registerMeter(new Uint8Array(32).fill(42), 'North', 'Consumption', eve.address, 10_000),
    api.tx.demandResponse.createDemandProgram('Evening peak shaving', 'PeakShaving', 'North', 50_000, 1n * MILLI, 600, null),
  ]));
  const consumerMeters = events
    .filter((e) => e.section === 'metering' && e.method === 'MeterRegistered')
    .map((e) => e.data[0].toNumber());
  await Promise.all([
    as(ferdie, api.tx.energyMarket.registerProducer(10_000, 'Solar', ferdieMeter)),
    as(dave, api.tx.energyMarket.registerConsumer(10_000, consumerMeters[0])),
    as(eve, api.tx.energyMarket.registerConsumer(10_000, consumerMeters[1])),
  ]);

  server = await servePage({ port: Number(arg('port', '8080')) });
  console.log('');
  console.log(`  the dashboard: ${server.base}?ws=${encodeURIComponent(node.url)}`);
  console.log('  (North turns critical around its evening peak, every 9.6 minutes of the demo clock;');
  console.log('   a frequency dip comes every few minutes; a slot clears every block)');
  console.log('  Ctrl-C stops the demo.');

  const late = api.consts.metering.lateWindow.toNumber();
  const operators = { North: alice, South: bob, East: charlie };
  const dip = { region: null, step: 0 };
  const ordered = new Set();
  const cleared = new Set();
  let block = 0;
  const rand = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));
  const quietly = (p) => p.catch((err) => console.warn(`  (${err.message})`));

  const tick = async (header) => {
    block = header.number.toNumber();
    const now = await currentInterval(api);

    // The market: orders for the slot three intervals ahead; clearing at the gate; settling
    // once the slot's readings are final.
    const slot = now + 3;
    if (!ordered.has(slot)) {
      ordered.add(slot);
      quietly(as(ferdie, api.tx.energyMarket.placeOffer('North', slot, ferdieMeter, 10, BigInt(rand(70, 100)) * MILLI)));
      quietly(as(dave, api.tx.energyMarket.placeBid('North', slot, consumerMeters[0], rand(4, 8), BigInt(rand(90, 150)) * MILLI)));
      quietly(as(eve, api.tx.energyMarket.placeBid('North', slot, consumerMeters[1], rand(3, 6), BigInt(rand(80, 120)) * MILLI)));
    }
    for (const s of [...ordered]) {
      // At or after the gate (a block that came late may skip an interval).
      if (!cleared.has(s) && now >= s - 1) {
        cleared.add(s);
        quietly(as(alice, api.tx.energyMarket.clearSlot('North', s)));
      }
      if (now >= s + late + 1) {
        quietly(as(alice, api.tx.energyMarket.settleSlot('North', s)));
        ordered.delete(s);
        cleared.delete(s);
      }
    }

    // Frequency: every other block each operator reports; now and then one region dips.
    if (block % 2 !== 0) return;
    if (dip.region === null && Math.random() < 0.06) dip.region = ['North', 'South', 'East'][rand(0, 2)];
    for (const [region, operator] of Object.entries(operators)) {
      let mhz = 50_000 + rand(-40, 40);
      if (region === dip.region) mhz = [49_450, 49_100, 49_150, 49_700, 49_980][dip.step] ?? 50_000;
      quietly(as(operator, api.tx.stability.reportStabilityMetrics(region, mhz, 1_000 + rand(-8, 8), rand(-500, 500))));
    }
    if (dip.region !== null && (dip.step += 1) > 5) {
      const region = dip.region;
      dip.region = null;
      dip.step = 0;
      // The dip is over: its operator resolves the events it opened, and the region leaves
      // emergency mode.
      for (const [id] of await api.call.gridApi.getOpenStabilityEvents(region)) {
        quietly(as(operators[region], api.tx.stability.resolveCriticalEvent(id)));
      }
    }
  };
  await api.rpc.chain.subscribeNewHeads((header) => {
    tick(header).catch((err) => console.warn(`  (block ${header.number}: ${err.message})`));
  });
}

main().catch(async (err) => {
  console.error(`demo failed: ${err.message}`);
  await stop(1);
});
