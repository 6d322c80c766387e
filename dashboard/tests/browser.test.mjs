// The dashboard in a real browser (Debian's chromium through playwright-core) against a dev
// node (`dev-demo`: a metering interval, and so a market slot, every 6-second block). Each
// step changes the chain with an ordinary signed transaction and checks that the page shows
// the change by the time it has read the block after next. A screenshot of the page (and one
// at a phone's width) goes to the test's output folder (DASHBOARD_TEST_OUTPUT, default
// dashboard/test-output).
//
// GRID_NODE names the node binary (make passes the one it built).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pricePerKwh } from '../src/format.js';
import {
  connect, currentInterval, findEvent, GRID_NODE, keyring, launchBrowser, OUT, send, servePage,
  startNode,
} from './harness.mjs';

/** A milli-GRID: the market's unit of money. */
const MILLI = 1_000_000_000n;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('the dashboard in Chromium', () => {
  let node; let api; let page; let browser; let server; let alice; let consoleErrors;
  /** The chain's best block, by subscription; and every address the page requested. */
  let chainBest = 0;
  const requests = [];

  /** The block the page last rendered (the body's data-block). */
  const pageBlock = async () => Number(await page.evaluate(() => document.body.dataset.block ?? -1));
  const north = (field) => page.locator(`[data-region="North"] [data-field="${field}"]`);
  const text = async (locator) => ((await locator.count()) ? (await locator.first().textContent()).trim() : null);

  /**
   * Waits until `check()` holds on the page; fails once the chain has imported a block more
   * than two past `block` (the block that made the change) and the page still does not show
   * it, whatever block the page itself is at.
   */
  async function shownWithinTwoBlocks(block, check, what) {
    for (;;) {
      const late = chainBest > block + 2;
      const rendered = await pageBlock();
      if (rendered >= block && (await check())) return rendered;
      if (late) assert.fail(`${what}: not shown by block ${block + 2} (the change was in block ${block}; the chain is at ${chainBest}, the page at ${rendered})`);
      await sleep(200);
    }
  }

  before(async () => {
    mkdirSync(OUT, { recursive: true });
    node = await startNode(GRID_NODE, { log: createWriteStream(join(OUT, 'grid-node.log')) });
    api = await connect(node.url);
    alice = keyring().addFromUri('//Alice');
    server = await servePage();
    await api.rpc.chain.subscribeNewHeads((h) => { chainBest = h.number.toNumber(); });
    browser = await launchBrowser();
    ({ page, errors: consoleErrors } = browser);
    page.on('request', (r) => requests.push(r.url()));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await api?.disconnect();
    await node?.stop();
  });

  it('loads with no console errors and follows the chain', async () => {
    await page.goto(`${server.base}?ws=${encodeURIComponent(node.url)}`);
    await page.locator('#status', { hasText: /^connected$/ }).waitFor({ timeout: 30_000 });
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    await shownWithinTwoBlocks(best, async () => (await text(page.locator('#best'))) !== '–', 'the best block');
    assert.match(await text(page.locator('#validators')), /Grid Operator 1 \(North\)/);
    // Finality: the finalized head and the lag, in blocks.
    await page.locator('#finalized', { hasText: /^#\d+$/ }).waitFor({ timeout: 30_000 });
    assert.match(await text(page.locator('#lag')), /^\d+ blocks?$/);
    assert.deepEqual(consoleErrors, []);
  });

  it("shows North's new load percentage and status after a load report", async () => {
    const { block } = await send(api, alice, api.tx.load.reportLoad('North', 1_000_000, 960_000));
    await shownWithinTwoBlocks(block, async () => (await text(north('load-percent'))) === '96.0 %'
      && (await text(north('load-status'))) === 'Critical', "North's 96.0 % Critical");
    // The automatic balancing action critical load opened, marked as automatic.
    assert.match(await text(north('actions')), /AUTO #\d+ LoadShedding/);
    const { block: lower } = await send(api, alice, api.tx.load.reportLoad('North', 1_000_000, 500_000));
    await shownWithinTwoBlocks(lower, async () => (await text(north('load-percent'))) === '50.0 %'
      && (await text(north('load-status'))) === 'Normal', "North's 50.0 % Normal");
    const changes = page.locator('#events [data-event="load.LoadStatusChanged"]');
    assert.ok(await changes.count() >= 2);
    // Newest first: the fall to Normal above the rise to Critical.
    assert.match(await text(changes.nth(0)), /Critical → Normal/);
    assert.match(await text(changes.nth(1)), /→ Critical/);
    const numbers = await page.locator('#events li').evaluateAll((lis) => lis.map((li) => Number(li.dataset.block)));
    assert.deepEqual(numbers, [...numbers].sort((a, b) => b - a), 'events newest first');
    // The chart has both readings.
    assert.match(await page.locator('[data-region="North"] svg.chart').getAttribute('aria-label'), /2 readings/);
  });

  it('shows emergency in North after a 49 Hz reading', async () => {
    assert.equal(await north('emergency').count(), 0, 'no emergency before the reading');
    const { block } = await send(api, alice, api.tx.stability.reportStabilityMetrics('North', 49_000, 1_000, 0));
    await shownWithinTwoBlocks(block, async () => (await text(north('emergency'))) === 'EMERGENCY MODE'
      && (await text(north('stability')))?.startsWith('Emergency 49.000 Hz'), 'North in emergency');
    assert.equal(await text(page.locator('#grid-emergency')), 'GRID EMERGENCY');
    // The region's price in emergency: three times the base price of 0.1 GRID/kWh.
    assert.equal(await text(north('price')), '0.300 GRID/kWh');
    assert.ok(await page.locator('#events li.alarm[data-event="stability.EmergencyEntered"]').count() === 1);
  });

  it("shows a slot's clearing price once it clears", async () => {
    const [bob, dave] = [keyring().addFromUri('//Bob'), keyring().addFromUri('//Dave')];
    // A production meter for Bob and a consumption meter for Dave, registered by Alice
    // (North's operator); the keys are never used to sign here, so any 32 bytes do.
    const meters = [];
    for (const [owner, kind, seed] of [[bob, 'Production', 7], [dave, 'Consumption', 8]]) {
      const { events } = await send(api, alice, api.tx.metering.registerMeter(
        new Uint8Array(32).fill(seed), 'North', kind, owner.address, 10_000));
      meters.push(findEvent(events, 'metering', 'MeterRegistered').data[0].toNumber());
    }
    await Promise.all([
      send(api, bob, api.tx.energyMarket.registerProducer(10_000, 'Solar', meters[0])),
      send(api, dave, api.tx.energyMarket.registerConsumer(10_000, meters[1])),
    ]);
    const slot = (await currentInterval(api)) + 5;
    await Promise.all([
      send(api, bob, api.tx.energyMarket.placeOffer('North', slot, meters[0], 10, 80n * MILLI)),
      send(api, dave, api.tx.energyMarket.placeBid('North', slot, meters[1], 8, 150n * MILLI)),
    ]);
    assert.equal(await text(north('last-clearing')), 'none yet');
    // The gate closes an interval before the slot.
    while ((await currentInterval(api)) < slot - 1) await sleep(500);
    const { block, events } = await send(api, alice, api.tx.energyMarket.clearSlot('North', slot));
    const price = findEvent(events, 'energyMarket', 'SlotCleared').data.price.unwrap().toBigInt();
    // 8 kWh is the largest volume, from 80 to 150 milli-GRID: the middle, 115.
    assert.equal(price, 115n * MILLI);
    const expected = `slot ${slot}: ${pricePerKwh(price)}, 8 kWh`;
    assert.equal(expected, `slot ${slot}: 0.115 GRID/kWh, 8 kWh`);
    await shownWithinTwoBlocks(block, async () => (await text(north('last-clearing'))) === expected, 'the clearing price');
    assert.ok(await page.locator('#events [data-event="energyMarket.SlotCleared"]').count() === 1);
    await page.screenshot({ path: join(OUT, 'dashboard.png'), fullPage: true });
  });

  it('fits a phone screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await sleep(300);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than a phone's screen`);
    await page.screenshot({ path: join(OUT, 'dashboard-phone.png'), fullPage: false });
    assert.deepEqual(consoleErrors, [], 'no console errors all along');
    // Nothing but the page's own files (the node is reached over its WebSocket).
    assert.ok(requests.length >= 3);
    assert.deepEqual(requests.filter((u) => !u.startsWith(server.base) && !u.startsWith('data:')), []);
  });
});
