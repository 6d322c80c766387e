// The dashboard's formatting and classification, without a browser or a node.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  chartPoints, describeEvent, grid, hertz, isAlarm, isListed, loadStatusView, percent, power,
  pricePerKwh, sortRegions, stabilityView,
} from '../src/format.js';

describe('format', () => {
  it('writes load, money, power and frequency in the chain units the README gives', () => {
    assert.equal(percent(960_000), '96.0 %');
    // Rounded down, as the chain compares: 94.99 % is High, not Critical.
    assert.equal(percent(949_999), '94.9 %');
    assert.equal(percent(950_000), '95.0 %');
    assert.equal(percent(0), '0.0 %');
    assert.equal(pricePerKwh(105_000_000_000n), '0.105 GRID/kWh');
    assert.equal(pricePerKwh('300000000000'), '0.300 GRID/kWh');
    assert.equal(pricePerKwh(2_500_000_000_000n), '2.500 GRID/kWh');
    assert.equal(grid(406_000_000_000n), '0.406 GRID');
    assert.equal(grid(1_234_000_000_000_000n), '1,234.000 GRID');
    assert.equal(power(960_000), '960 MW');
    assert.equal(power(9_999), '9,999 kW');
    assert.equal(hertz(49_000), '49.000 Hz');
  });

  it('names every status in words, not only in colour', () => {
    for (const s of ['Low', 'Normal', 'High', 'Critical', 'Stale', undefined]) {
      const v = loadStatusView(s);
      assert.ok(v.label.length > 0 && v.cls.startsWith('st-'), String(s));
    }
    assert.equal(loadStatusView('Critical').label, 'Critical');
    assert.equal(stabilityView('Emergency').cls, 'st-bad');
  });

  it('orders the regions North, South, East, West, then the others by name', () => {
    assert.deepEqual(sortRegions(['Zed', 'West', 'North', 'Alpha', 'East', 'North']),
      ['North', 'East', 'West', 'Alpha', 'Zed']);
  });

  it('charts the last day of readings, or from the oldest reading when the history is shorter', () => {
    const blockMs = 6_000;
    const day = 24 * 3600 * 1000;
    const readings = [{ at: 10, permill: 500_000 }, { at: 20, permill: 1_200_000 }];
    const { points, spanMs } = chartPoints(readings, 30, blockMs, day);
    assert.deepEqual(points, [{ x: 0, y: 0.5 }, { x: 0.5, y: 1 }]);
    assert.equal(spanMs, 20 * blockMs);
    // A reading older than the window is left out; the chart then spans the window.
    const old = chartPoints([{ at: 0, permill: 1 }, { at: 20_000, permill: 2 }], 20_000, blockMs, day);
    assert.equal(old.points.length, 1);
    assert.equal(chartPoints([], 5, blockMs, day).points.length, 0);
  });

  it('lists grid events, hides routine readings unless asked, and flags alarms', () => {
    assert.ok(isListed('load', 'LoadStatusChanged', false));
    assert.ok(!isListed('metering', 'ReadingsAccepted', false));
    assert.ok(isListed('metering', 'ReadingsAccepted', true));
    assert.ok(!isListed('balances', 'Transfer', true));
    assert.ok(isAlarm('stability', 'EmergencyEntered', {}));
    assert.ok(isAlarm('load', 'LoadStatusChanged', { to: 'Critical' }));
    assert.ok(!isAlarm('load', 'LoadStatusChanged', { to: 'High' }));
    assert.ok(isAlarm('operators', 'OffenderSlashed', { operator: '5Dave', session: '3', slashed: '100' }));
    assert.ok(!isAlarm('operators', 'OperatorSuspended', { operator: '5Dave' }));
  });

  it('describes events in a line, with money in GRID', () => {
    assert.equal(describeEvent('load', 'LoadStatusChanged', { region: 'North', from: 'Normal', to: 'Critical' }),
      'North: load Normal → Critical');
    assert.equal(describeEvent('energyMarket', 'SlotCleared', { region: 'North', slot: '7', price: '115,000,000,000', volumeKwh: '8' }),
      'North: slot 7 cleared at 0.115 GRID/kWh, 8 kWh');
    assert.equal(describeEvent('energyMarket', 'SlotCleared', { region: 'North', slot: '7', price: null, volumeKwh: '0' }),
      'North: slot 7 cleared (no trade), 0 kWh');
    assert.equal(describeEvent('energyMarket', 'SlotSettled', { region: 'North', slot: '7', paidIn: '406,000,000,000', penalties: '0' }),
      'North: SlotSettled (slot 7, paidIn 0.406 GRID, penalties 0.000 GRID)');
    // `amount` is energy in the market's production events, money in its balance events.
    assert.equal(describeEvent('energyMarket', 'ProductionReported', { producer: 'x', amount: '1,500' }),
      'ProductionReported (producer x, amount 1,500)');
    assert.equal(describeEvent('energyMarket', 'ConsumerBalanceAdded', { consumer: 'x', amount: '2,000,000,000,000' }),
      'ConsumerBalanceAdded (consumer x, amount 2.000 GRID)');
    assert.equal(describeEvent('energyMarket', 'SlotCleared', { region: 'North', slot: '299,401,644', price: null, volumeKwh: '0' }),
      'North: slot 299401644 cleared (no trade), 0 kWh');
    assert.equal(describeEvent('balancing', 'BalancingActionInitiated',
      { region: 'North', actionId: '0', actionType: 'LoadShedding', targetKw: '160,001', automatic: true }),
    'North: automatic LoadShedding action 0, 160,001 kW');
  });
});
