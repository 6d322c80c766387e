// `make demo`'s script (demo.mjs) as a newcomer runs it: it starts, prints the dashboard's
// address, and the page there shows three regions on metered load, a slot cleared in North
// and the program running; Ctrl-C (SIGINT) then stops the demo and everything it started.
// The screenshot (demo.png) goes to the test's output folder.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { freePort, GRID_METERS, GRID_NODE, launchBrowser, OUT } from './harness.mjs';


const listening = (port) => new Promise((resolve) => {
  const socket = netConnect(port, '127.0.0.1');
  socket.on('connect', () => { socket.destroy(); resolve(true); });
  socket.on('error', () => resolve(false));
});

describe('make demo', () => {
  let demo; let browser; let output = '';

  after(async () => {
    await browser?.close();
    // A failed run still stops the demo's node and simulators: the demo stops them on SIGINT.
    if (demo && demo.exitCode === null && demo.signalCode === null) {
      const gone = new Promise((resolve) => demo.on('exit', resolve));
      demo.kill('SIGINT');
      const t = setTimeout(() => demo.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(t);
    }
  });

  it('shows the grid working, then stops everything on Ctrl-C', { timeout: 6 * 60_000 }, async () => {
    mkdirSync(OUT, { recursive: true });
    const [rpcPort, port] = [await freePort(), await freePort()];
    demo = spawn(process.execPath, [new URL('../demo.mjs', import.meta.url).pathname,
      '--node', GRID_NODE, '--meters', GRID_METERS, '--rpc-port', String(rpcPort), '--port', String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise((resolve) => demo.on('exit', (code, signal) => resolve({ code, signal })));
    demo.stdout.on('data', (c) => { output += c; });
    demo.stderr.on('data', (c) => { output += c; });

    // Its address, once the demo is set up.
    const deadline = Date.now() + 4 * 60_000;
    let url;
    while (!(url = output.match(/the dashboard: (\S+)/)?.[1])) {
      assert.ok(demo.exitCode === null, `the demo stopped: ${output}`);
      assert.ok(Date.now() < deadline, `no dashboard address within 4 minutes: ${output}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.equal(url, `http://127.0.0.1:${port}/?ws=${encodeURIComponent(`ws://127.0.0.1:${rpcPort}`)}`);

    browser = await launchBrowser();
    const { page } = browser;
    await page.goto(url);
    const region = (name) => page.locator(`[data-region="${name}"]`);
    for (;;) {
      const metered = [];
      for (const name of ['North', 'South', 'East']) {
        metered.push((await region(name).count()) === 1
          && /metered by 4 feeders/.test(await region(name).textContent()));
      }
      const cleared = (await region('North').count()) === 1
        && /^slot \d+: \d+\.\d{3} GRID\/kWh, \d+ kWh$/.test(
          (await region('North').locator('[data-field="last-clearing"]').textContent()).trim());
      const program = (await region('North').locator('[data-field="programs"]').count()) === 1;
      if (metered.every(Boolean) && cleared && program) break;
      assert.ok(Date.now() < deadline, `not all shown within 4 minutes: metered ${metered}, cleared ${cleared}, program ${program}`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
    assert.match(await region('North').locator('[data-field="programs"]').textContent(), /running Evening peak shaving/);
    await page.screenshot({ path: join(OUT, 'demo.png'), fullPage: true });
    assert.deepEqual(browser.errors, [], 'no console errors');
    // Every simulated transaction reached a block: none refused, dropped or replaced by the
    // pool (a nonce counted twice shows as "Usurped").
    assert.doesNotMatch(output, /Usurped|Invalid|Dropped/, output);

    // Ctrl-C: the demo exits and takes the node (and its RPC port) and the page's server with it.
    demo.kill('SIGINT');
    const { code } = await exited;
    assert.equal(code, 0, output);
    assert.equal(await listening(rpcPort), false, 'the node still answers after Ctrl-C');
    assert.equal(await listening(port), false, 'the dashboard is still served after Ctrl-C');
  });
});
