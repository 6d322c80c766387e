// Renders what `readGrid` returned. Every string from the chain (region and operator names,
// program names) goes in as text, never as HTML: a chain's contents cannot script the page.
import { loadChart } from './chart.js';
import {
  ago, describeEvent, hertz, isAlarm, loadStatusView, percent, perUnit, power, pricePerKwh,
  stabilityView,
} from './format.js';

/** An element with attributes and children (strings become text nodes). */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === 'string' || typeof child === 'number'
      ? document.createTextNode(String(child)) : child);
  }
  return node;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function badge(view, extra = '') {
  return h('span', { class: `badge ${view.cls} ${extra}` }, view.label);
}

function regionCard(r, blockMs) {
  const status = loadStatusView(r.load?.status);
  const stab = stabilityView(r.stability.level);
  const { svg, caption } = loadChart(r.history, r.best, blockMs, DAY_MS, r.region);
  const source = r.metered
    ? `metered by ${r.metered.feeders} feeder${r.metered.feeders === 1 ? '' : 's'}`
    : 'reported by operators';
  // The card's edge takes the worse of the load status and emergency mode.
  const edge = r.emergency ? 'st-bad' : status.cls;
  return h('section', { class: `region ${edge}`, 'data-region': r.region },
    h('header', { class: 'region-head' },
      h('h2', {}, h('bdi', {}, r.region)),
      r.emergency ? h('span', { class: 'badge st-bad emergency', 'data-field': 'emergency' }, 'EMERGENCY MODE') : null,
    ),
    h('div', { class: 'load' },
      h('span', { class: 'load-percent', 'data-field': 'load-percent' }, r.load ? percent(r.load.permill) : '–'),
      h('span', { 'data-field': 'load-status' }, badge(status)),
    ),
    h('p', { class: 'muted' },
      r.load
        ? `${power(r.load.demandKw)} of ${power(r.load.capacityKw)}, ${source}, ${ago(r.best - r.load.at, blockMs)}`
        : `no load reading yet (${source})`),
    h('figure', { class: 'chart-box' }, svg, h('figcaption', { class: 'muted' }, caption)),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Stability'),
      h('dd', { 'data-field': 'stability' }, badge(stab),
        r.stability.frequencyMhz !== null
          ? ` ${hertz(r.stability.frequencyMhz)}, ${perUnit(r.stability.voltagePermille)}`
          : ' no reading yet'),
      h('dt', {}, 'Price now'),
      h('dd', { 'data-field': 'price' }, r.price ? pricePerKwh(r.price) : '–'),
      h('dt', {}, 'Last cleared slot'),
      h('dd', { 'data-field': 'last-clearing' },
        r.lastClearing
          ? `slot ${r.lastClearing.slot}: ${pricePerKwh(r.lastClearing.price)}, ${r.lastClearing.volumeKwh} kWh`
          : 'none yet'),
    ),
    h('h3', {}, `Open balancing actions (${r.actions.length})`),
    r.actions.length
      ? h('ul', { class: 'list', 'data-field': 'actions' }, r.actions.map((a) => h('li', {},
        a.automatic ? h('span', { class: 'badge st-auto' }, 'AUTO') : h('span', { class: 'badge st-manual' }, 'manual'),
        ` #${a.id} ${a.type}, ${power(a.targetKw)}, priority ${a.priority}`)))
      : h('p', { class: 'muted' }, 'none'),
    h('h3', {}, `Demand response (${r.programs.length})`),
    r.programs.length
      ? h('ul', { class: 'list', 'data-field': 'programs' }, r.programs.map((p) => h('li', {},
        h('span', { class: `badge ${p.running ? 'st-ok' : 'st-stale'}` }, p.running ? 'running' : 'scheduled'),
        ' ', h('bdi', {}, p.name), ` (${p.type}): ${power(p.committedKw)} of ${power(p.targetKw)} committed, ${p.participants} participant${p.participants === 1 ? '' : 's'}`)))
      : h('p', { class: 'muted' }, 'no program running'),
  );
}

export function renderGrid(root, grid, blockMs) {
  const cards = grid.regions.map((r) => regionCard(r, blockMs));
  root.regions.replaceChildren(...(cards.length ? cards : [h('p', { class: 'muted' }, 'No region has reported yet.')]));
  // Names are the operators' own: <bdi> keeps a right-to-left override in one from
  // reordering the text around it.
  root.validators.replaceChildren(...grid.validators.map((v) => h('li', {},
    v.name ? h('bdi', {}, v.name) : 'not an operator',
    v.name && v.region ? [' (', h('bdi', {}, v.region), ')'] : null,
    h('span', { class: 'muted account' }, ` ${v.account.slice(0, 6)}…${v.account.slice(-4)}`))));
  root.gridEmergency.replaceChildren(grid.gridEmergency
    ? h('span', { class: 'badge st-bad' }, 'GRID EMERGENCY')
    : h('span', { class: 'badge st-ok' }, 'no grid emergency'));
}

export function renderHeads(root, heads) {
  root.best.textContent = heads.best === null ? '–' : `#${heads.best.toLocaleString('en-GB')}`;
  root.finalized.textContent = heads.finalized === null ? '–' : `#${heads.finalized.toLocaleString('en-GB')}`;
  const lag = heads.best !== null && heads.finalized !== null ? heads.best - heads.finalized : null;
  root.lag.textContent = lag === null ? '–' : `${lag} block${lag === 1 ? '' : 's'}`;
  root.lag.className = lag !== null && lag > 5 ? 'badge st-warn' : '';
}

/** Shows `events` (newest first) in `list`, replacing what it showed. */
export function renderEvents(list, events) {
  list.replaceChildren(...events.map((e) => {
    const alarm = isAlarm(e.section, e.method, e.data);
    return h('li', { class: alarm ? 'alarm' : '', 'data-event': `${e.section}.${e.method}`, 'data-block': e.block },
      h('span', { class: 'muted' }, `#${e.block}${e.fork ? ' (new best fork)' : ''} `),
      h('span', { class: 'event-name' }, `${e.section}.${e.method}`),
      alarm ? h('span', { class: 'badge st-bad' }, 'ALARM') : null,
      ' ', h('bdi', {}, describeEvent(e.section, e.method, e.data)));
  }));
}
