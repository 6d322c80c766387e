import { sortRegions } from './format.js';

// Reads the grid at one block through the standard client (polkadot.js): the `GridApi` runtime
// API for every per-region figure, storage for what the API has no call for (the list of
// regions, programs, validators). Returns plain values, so that the view needs no client.

const text = (bytes) => {
  try {
    return bytes.toUtf8();
  } catch {
    return bytes.toHex();
  }
};

/**
 * Every region the chain knows of: verified operators' (a pending registration, open to any
 * account with the deposit, adds none), reported or metered load, capacities, stability.
 */
async function regionsAt(apiAt, operators) {
  const found = [];
  const [readings, feeders, capacities, metrics] = await Promise.all([
    apiAt.query.load.readings.keys(),
    apiAt.query.metering.feeders.keys(),
    apiAt.query.balancing.capacities.keys(),
    apiAt.query.stability.latestMetrics.keys(),
  ]);
  for (const [, op] of operators) {
    const info = op.unwrapOr ? op.unwrapOr(null) : op;
    if (info?.region && info.status.toString() === 'Verified') found.push(text(info.region));
  }
  for (const keys of [readings, feeders, capacities, metrics]) {
    for (const key of keys) found.push(text(key.args[0]));
  }
  return found;
}

/** Operators by account: their names, for the validator list. */
function operatorNames(operators) {
  const names = new Map();
  for (const [key, op] of operators) {
    const info = op.unwrapOr ? op.unwrapOr(null) : op;
    if (info) names.set(key.args[0].toString(), { name: text(info.name), region: text(info.region) });
  }
  return names;
}

async function regionAt(apiAt, region, best) {
  const grid = apiAt.call.gridApi;
  // The region's name as an array of bytes: polkadot.js would read a string that looks like
  // hex ("0xAB12", a valid region name) as the bytes it spells, and a Uint8Array as bytes
  // already SCALE-encoded (with their length first).
  const id = Array.from(new TextEncoder().encode(region));
  const [load, history, level, metrics, emergency, price, clearing, actions, feeders] =
    await Promise.all([
      grid.getCurrentLoad(id),
      grid.getLoadHistory(id),
      grid.getStabilityLevel(id),
      grid.getStabilityMetrics(id),
      grid.isRegionInEmergency(id),
      grid.getDynamicPrice(id),
      grid.getLastClearing(id),
      grid.getOpenActions(id),
      apiAt.query.metering.feeders(id),
    ]);
  const reading = (r) => ({
    at: r.reportedAt.toNumber(),
    permill: r.load.toNumber(),
    demandKw: r.demandKw.toNumber(),
    capacityKw: r.capacityKw.toNumber(),
    status: r.status.toString(),
  });
  const current = load.isSome ? reading(load.unwrap()) : null;
  const m = metrics.isSome ? metrics.unwrap() : null;
  const c = clearing.isSome ? clearing.unwrap() : null;
  const f = feeders.isSome ? feeders.unwrap() : null;
  return {
    region,
    load: current,
    history: history.map(reading),
    metered: f ? { feeders: f.feeders.toNumber() } : null,
    stability: {
      level: level.toString(),
      frequencyMhz: m ? m.frequencyMhz.toNumber() : null,
      voltagePermille: m ? m.voltagePermille.toNumber() : null,
      at: m ? m.reportedAt.toNumber() : null,
    },
    emergency: emergency.isTrue,
    price: price.isSome ? price.unwrap().toString() : null,
    lastClearing: c
      ? { slot: c.slot.toNumber(), price: c.price.toString(), volumeKwh: c.volumeKwh.toNumber() }
      : null,
    actions: actions.map(([id, a]) => ({
      id: id.toNumber(),
      type: a.actionType.toString(),
      targetKw: a.targetKw.toNumber(),
      priority: a.priority.toNumber(),
      automatic: a.initiator.isNone,
      deadline: a.deadline.toNumber(),
    })),
    best,
  };
}

/** Demand-response programs not yet over, by region. */
async function programsAt(apiAt, best) {
  const byRegion = new Map();
  for (const [key, p] of await apiAt.query.demandResponse.programs.entries()) {
    const program = p.unwrapOr ? p.unwrapOr(null) : p;
    if (!program) continue;
    const endsAt = program.endsAt.toNumber();
    if (endsAt <= best) continue;
    const region = text(program.region);
    const list = byRegion.get(region) ?? [];
    list.push({
      id: key.args[0].toNumber(),
      name: text(program.name),
      type: program.programType.toString(),
      targetKw: program.targetReductionKw.toNumber(),
      committedKw: program.committedKw.toNumber(),
      participants: program.participants.toNumber(),
      running: program.startsAt.toNumber() <= best,
      startsAt: program.startsAt.toNumber(),
      endsAt,
    });
    byRegion.set(region, list);
  }
  return byRegion;
}

/** Everything the page shows of the grid, at the block `hash` (number `best`). */
export async function readGrid(api, hash, best) {
  const apiAt = await api.at(hash);
  // The operators are read once: their regions and their names.
  const [operators, validators, programs, gridEmergency] = await Promise.all([
    apiAt.query.operators.operators.entries(),
    apiAt.query.session.validators(),
    programsAt(apiAt, best),
    apiAt.call.gridApi.isGridInEmergency(),
  ]);
  const names = operatorNames(operators);
  const ordered = sortRegions(await regionsAt(apiAt, operators));
  const perRegion = await Promise.all(ordered.map((r) => regionAt(apiAt, r, best)));
  for (const r of perRegion) r.programs = programs.get(r.region) ?? [];
  return {
    best,
    regions: perRegion,
    gridEmergency: gridEmergency.isTrue,
    validators: validators.map((v) => {
      const account = v.toString();
      const op = names.get(account);
      return { account, name: op?.name ?? null, region: op?.region ?? null };
    }),
  };
}

/** The grid events of the block `hash`, as plain values, in the order they happened. */
export async function eventsAt(api, hash, number) {
  const apiAt = await api.at(hash);
  const records = await apiAt.query.system.events();
  return records.map((record, index) => {
    const { section, method, data } = record.event;
    return { block: number, index, section, method, data: data.toHuman() };
  });
}
