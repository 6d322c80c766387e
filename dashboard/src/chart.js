// A load chart as inline SVG: no charting library, no fonts to fetch. A region's load holds
// from one reading to the next, so the line is drawn in steps, and the newest reading holds
// until now (the right edge).
import { chartPoints, span } from './format.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 300;
const H = 80;

function el(name, attrs, parent) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.appendChild(node);
  return node;
}

/**
 * Draws `readings` (load history, `{ at, permill }`) of the last `windowMs` into a new SVG,
 * with dashed lines at the high (80 %) and critical (95 %) thresholds; returns it with a
 * caption that says the span shown and what the lines are.
 */
export function loadChart(readings, best, blockMs, windowMs, region) {
  const { points, spanMs } = chartPoints(readings, best, blockMs, windowMs);
  const svg = el('svg', {
    viewBox: `0 0 ${W} ${H}`,
    preserveAspectRatio: 'none',
    class: 'chart',
    role: 'img',
    'aria-label': points.length
      ? `${region}: load over the last ${span(spanMs)}, ${points.length} readings`
      : `${region}: no load readings yet`,
  });
  const y = (f) => (H - 2 - f * (H - 4)).toFixed(1);
  const x = (f) => (f * W).toFixed(1);
  el('line', { x1: 0, x2: W, y1: y(0.95), y2: y(0.95), class: 'th-bad' }, svg);
  el('line', { x1: 0, x2: W, y1: y(0.8), y2: y(0.8), class: 'th-warn' }, svg);
  if (points.length) {
    let d = `M${x(points[0].x)},${y(points[0].y)}`;
    for (let i = 1; i < points.length; i += 1) d += ` H${x(points[i].x)} V${y(points[i].y)}`;
    d += ` H${W}`;
    el('path', { d, class: 'load-line' }, svg);
  }
  const caption = points.length
    ? `Load, last ${span(spanMs)} (dashed: 80 % high, 95 % critical)`
    : 'Load: no readings yet';
  return { svg, caption };
}
