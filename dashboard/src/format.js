// Pure formatting and classification of what the chain returns: no DOM, no network, so
// that the unit tests (tests/format.test.mjs) run them in Node.

/** The token's smallest units in one GRID (12 decimals). */
export const GRID = 10n ** 12n;

/** Regions in the order a control room reads them; others follow alphabetically. */
const REGION_ORDER = ['North', 'South', 'East', 'West'];

export function sortRegions(regions) {
  const rank = (r) => {
    const i = REGION_ORDER.indexOf(r);
    return i < 0 ? REGION_ORDER.length : i;
  };
  return [...new Set(regions)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/**
 * A `Permill` (parts per million) as a percentage with one decimal, rounded down as the chain
 * compares loads (94.96 % is still High, so it reads 94.9 %): 960000 -> "96.0 %".
 */
export function percent(permill) {
  const tenths = Math.floor(Number(permill) / 1000);
  return `${(tenths / 10).toFixed(1)} %`;
}

/** A price in the token's smallest unit per kWh, as GRID per kWh: 105e9 -> "0.105 GRID/kWh". */
export function pricePerKwh(units) {
  return `${milliGrid(units)} GRID/kWh`;
}

/** An amount of money in the token's smallest unit, as GRID: 406e9 -> "0.406 GRID". */
export function grid(units) {
  return `${milliGrid(units)} GRID`;
}

/** Smallest units as GRID to three decimals, rounded: 105e9 -> "0.105", 1234e12 -> "1,234.000". */
function milliGrid(units) {
  const milli = (BigInt(units) * 1000n + GRID / 2n) / GRID;
  const frac = (milli % 1000n).toString().padStart(3, '0');
  return `${(milli / 1000n).toLocaleString('en-GB')}.${frac}`;
}

/**
 * Event fields that hold money (formatted as GRID) and prices (GRID per kWh). A field's unit
 * depends on its event (`amount` is kWh in the market's production and consumption events), so
 * `amount` counts as money only in the events named here.
 */
const MONEY = /^(paid|paidIn|paidOut|penalty|penalties|reward|budget|deposit|held|released|cost|actualFee)$/;
const MONEY_AMOUNT = new Set([
  'energyMarket.ConsumerBalanceAdded', 'energyMarket.ConsumerBalanceWithdrawn', 'energyMarket.PotSpent',
  'demandResponse.RewardPaid', 'demandResponse.RewardUnpaid',
]);
const PRICE = /^(price|maxPrice|minPrice|limitPrice|unitPrice|newPrice)$/;

/** Whole kW with thousands separators, or MW above 10 000 kW: 960000 -> "960 MW". */
export function power(kw) {
  const v = Number(kw);
  if (v >= 10_000) return `${(v / 1000).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MW`;
  return `${v.toLocaleString('en-GB')} kW`;
}

/** Frequency in mHz as Hz: 49000 -> "49.000 Hz". */
export function hertz(mhz) {
  return `${(Number(mhz) / 1000).toFixed(3)} Hz`;
}

/** Voltage in per-mille of nominal as per-unit: 1000 -> "1.000 pu". */
export function perUnit(permille) {
  return `${(Number(permille) / 1000).toFixed(3)} pu`;
}

/**
 * The words and colour class shown for a load status. The text always says the status:
 * the colour repeats it, never replaces it.
 */
export function loadStatusView(status) {
  switch (status) {
    case 'Low': return { label: 'Low', cls: 'st-low' };
    case 'Normal': return { label: 'Normal', cls: 'st-ok' };
    case 'High': return { label: 'High', cls: 'st-warn' };
    case 'Critical': return { label: 'Critical', cls: 'st-bad' };
    case 'Stale': return { label: 'Stale (no recent report)', cls: 'st-stale' };
    default: return { label: 'No report', cls: 'st-stale' };
  }
}

export function stabilityView(level) {
  switch (level) {
    case 'Normal': return { label: 'Normal', cls: 'st-ok' };
    case 'Alert': return { label: 'Alert', cls: 'st-warn' };
    case 'Emergency': return { label: 'Emergency', cls: 'st-bad' };
    case 'Critical': return { label: 'Critical', cls: 'st-bad' };
    default: return { label: String(level), cls: 'st-stale' };
  }
}

/** How long ago a block was, from the number of blocks and the block time: "3 min ago". */
export function ago(blocks, blockMs) {
  const s = Math.max(0, Math.round((Number(blocks) * blockMs) / 1000));
  if (s < 90) return `${s} s ago`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min ago`;
  return `${(s / 3600).toFixed(1)} h ago`;
}

/** A span of time in words: 86_400_000 -> "24 h". */
export function span(ms) {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 120 * 60) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

/**
 * The points of a load chart: readings (`{ at: block, permill }`) within `windowMs` of the
 * best block, as (x, y) fractions of the chart (x: 0 oldest shown .. 1 now; y: 0 .. 1 of
 * 100 % load, capped at 1). The chart spans the window or, when the history is shorter, from
 * the oldest reading to now.
 */
export function chartPoints(readings, best, blockMs, windowMs) {
  const windowBlocks = Math.max(1, Math.floor(windowMs / blockMs));
  const inWindow = readings
    .filter((r) => best - r.at <= windowBlocks && r.at <= best)
    .sort((a, b) => a.at - b.at);
  if (inWindow.length === 0) return { points: [], spanMs: 0 };
  const from = Math.min(inWindow[0].at, best - 1);
  const width = best - from;
  const points = inWindow.map((r) => ({
    x: (r.at - from) / width,
    y: Math.min(1, Number(r.permill) / 1_000_000),
  }));
  return { points, spanMs: width * blockMs };
}

/** The events the dashboard lists by default: every grid pallet's, less routine readings. */
const GRID_SECTIONS = new Set([
  'operators', 'load', 'balancing', 'demandResponse', 'stability', 'energyMarket', 'metering',
  'councilRoot', 'council', 'session', 'grandpa',
]);
const ROUTINE = new Set([
  'metering.ReadingsAccepted', 'metering.FeederLoadMeasured', 'load.LoadMetered',
  'load.LoadReported', 'stability.StabilityReported', 'energyMarket.OrderPlaced',
]);

export function isListed(section, method, showRoutine) {
  if (!GRID_SECTIONS.has(section)) return false;
  return showRoutine || !ROUTINE.has(`${section}.${method}`);
}

/** Whether an event is one a control room must not miss (shown highlighted). */
export function isAlarm(section, method, data) {
  if (section === 'stability' && (method === 'EmergencyEntered')) return true;
  if (section === 'load' && method === 'LoadStatusChanged' && data?.to === 'Critical') return true;
  if (section === 'balancing' && method === 'CriticalLoadUnanswered') return true;
  // A validator's equivocation was reported: it lost its deposit and its place.
  if (section === 'operators' && method === 'OffenderSlashed') return true;
  return false;
}

/**
 * One line of text for an event, from its name and its fields as JSON-like values
 * (polkadot.js `toHuman()`): the region first when it has one, then the fields that say most.
 */
export function describeEvent(section, method, data) {
  const d = data && typeof data === 'object' ? data : {};
  const region = d.region ? `${d.region}: ` : '';
  const rest = Object.entries(d)
    .filter(([k]) => k !== 'region')
    .map(([k, v]) => `${k} ${field(`${section}.${method}`, k, v)}`)
    .join(', ');
  switch (`${section}.${method}`) {
    case 'load.LoadStatusChanged':
      return `${region}load ${d.from} → ${d.to}`;
    case 'stability.StabilityLevelChanged':
      return `${region}stability ${d.from} → ${d.to}`;
    case 'stability.EmergencyEntered':
      return `${region}EMERGENCY entered (event ${d.eventId})`;
    case 'stability.EmergencyCleared':
      return `${region}emergency cleared`;
    case 'balancing.BalancingActionInitiated':
      return `${region}${d.automatic ? 'automatic ' : ''}${d.actionType} action ${d.actionId}, ${d.targetKw} kW`;
    case 'energyMarket.SlotCleared':
      return `${region}slot ${plain(d.slot)} cleared${d.price ? ` at ${pricePerKwh(plain(d.price))}` : ' (no trade)'}, ${d.volumeKwh} kWh`;
    default:
      return `${region}${method}${rest ? ` (${rest})` : ''}`;
  }
}

/** A number as polkadot.js writes it for people ("299,401,644") without its separators. */
const plain = (v) => (typeof v === 'string' ? v.replace(/,/g, '') : v);

/** A field's value: money and prices in GRID, slots as the card shows them, others shortened. */
function field(event, key, v) {
  const digits = typeof v === 'string' ? plain(v) : null;
  if (digits !== null && /^\d+$/.test(digits)) {
    if (MONEY.test(key) || (key === 'amount' && MONEY_AMOUNT.has(event))) return grid(digits);
    if (PRICE.test(key)) return pricePerKwh(digits);
    if (key === 'slot') return digits;
  }
  return short(v);
}

function short(v) {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'string') return v.length > 18 ? `${v.slice(0, 8)}…${v.slice(-6)}` : v;
  if (Array.isArray(v)) return `[${v.length}]`;
  if (typeof v === 'object') return JSON.stringify(v).slice(0, 40);
  return String(v);
}
