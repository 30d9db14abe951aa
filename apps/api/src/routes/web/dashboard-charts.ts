import { html, type SafeHtml } from './html.js';

// Charts drawn on the server as SVG: no script, no CDN, nothing the CSP has to allow (colours are
// presentation attributes, not styles). Each chart is an image with a <title> and a <desc> that
// says what it shows in words, and its numbers as a table under "Data table" (a <details>, open
// without JavaScript). Pure functions: data in, markup out; every label is escaped by `html`.

const WIDTH = 640;
const OK_COLOUR = '#1f6feb';
const ERROR_COLOUR = '#b42318';
const AXIS_COLOUR = '#59636e';
const EMPTY_MESSAGE = 'No requests in this range.';

export interface SeriesPoint {
  /** The bucket, as the x axis and the table name it ("Dec 3 14:00"). */
  label: string;
  requests: number;
  /** The part of `requests` that failed (status ≥ 400). */
  errors: number;
}

export interface BarItem {
  label: string;
  value: number;
  /** The part of `value` that failed, drawn red at the bar's end (omit when it means nothing). */
  errors?: number;
}

interface ChartFrame {
  /** Unique on the page: the ids of the <title> and <desc>. */
  id: string;
  title: string;
}

/** A coordinate with one decimal at most, so the markup stays short and stable. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** The smallest "round" number (1, 2, 5 × 10^k) at or above `max`, for the y axis. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

function truncate(label: string, length: number): string {
  return label.length <= length ? label : `${label.slice(0, length - 1)}…`;
}

function figure(
  frame: ChartFrame,
  height: number,
  description: string,
  shapes: SafeHtml,
  table: SafeHtml | null,
): SafeHtml {
  return html`<figure class="chart" id="chart-${frame.id}">
<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${frame.id}-title ${frame.id}-desc" viewBox="0 0 ${WIDTH} ${height}" width="100%" height="${height}" preserveAspectRatio="xMinYMin meet" font-family="system-ui,sans-serif" font-size="11">
<title id="${frame.id}-title">${frame.title}</title>
<desc id="${frame.id}-desc">${description}</desc>
${shapes}
</svg>
<figcaption><strong>${frame.title}.</strong> ${description}</figcaption>
${table === null ? '' : html`<details><summary>Data table: ${frame.title}</summary>${table}</details>`}
</figure>`;
}

function emptyChart(frame: ChartFrame): SafeHtml {
  const height = 60;
  return figure(
    frame,
    height,
    EMPTY_MESSAGE,
    html`<rect x="0.5" y="0.5" width="${WIDTH - 1}" height="${height - 1}" fill="none" stroke="${AXIS_COLOUR}" stroke-dasharray="4 4"/>
<text x="${WIDTH / 2}" y="${height / 2 + 4}" text-anchor="middle" fill="${AXIS_COLOUR}">${EMPTY_MESSAGE}</text>`,
    null,
  );
}

/**
 * Requests over time: one bar per bucket, its failed part in red at its foot, a y
 * axis from 0 to a round maximum, and the first, middle and last bucket named on the x axis.
 */
export function timeSeriesChart(frame: ChartFrame, points: readonly SeriesPoint[]): SafeHtml {
  const total = points.reduce((sum, point) => sum + point.requests, 0);
  if (points.length === 0 || total === 0) return emptyChart(frame);
  const errors = points.reduce((sum, point) => sum + point.errors, 0);
  const height = 200;
  const left = 44;
  const top = 10;
  const bottom = 24;
  const plotWidth = WIDTH - left - 8;
  const plotHeight = height - top - bottom;
  const max = niceMax(Math.max(...points.map((point) => point.requests)));
  const slot = plotWidth / points.length;
  const barWidth = Math.max(1, slot * 0.8);
  const y = (value: number): number => top + plotHeight - (value / max) * plotHeight;
  const busiest = points.reduce((best, point) => (point.requests > best.requests ? point : best));
  const labelled = new Set([0, Math.floor((points.length - 1) / 2), points.length - 1]);
  const bars = points.map((point, index) => {
    const x = left + index * slot + (slot - barWidth) / 2;
    const failed = Math.min(point.errors, point.requests);
    const tooltip = html`<title>${point.label}: ${plural(point.requests, 'request')}, ${plural(failed, 'error')}</title>`;
    return html`${
      point.requests - failed > 0
        ? html`<rect class="bar" x="${n(x)}" y="${n(y(point.requests))}" width="${n(barWidth)}" height="${n(y(failed) - y(point.requests))}" fill="${OK_COLOUR}">${tooltip}</rect>`
        : ''
    }${
      failed > 0
        ? html`<rect class="bar-errors" x="${n(x)}" y="${n(y(failed))}" width="${n(barWidth)}" height="${n(y(0) - y(failed))}" fill="${ERROR_COLOUR}">${tooltip}</rect>`
        : ''
    }${
      labelled.has(index)
        ? html`<text x="${n(left + index * slot + slot / 2)}" y="${height - 8}" text-anchor="middle" fill="${AXIS_COLOUR}">${point.label}</text>`
        : ''
    }`;
  });
  const description = `${plural(total, 'request')}, ${plural(errors, 'error')}, from ${points[0]?.label ?? ''} to ${points.at(-1)?.label ?? ''}; the busiest: ${busiest.label} with ${plural(busiest.requests, 'request')}. Blue: answered, red: errors (status 400 or more).`;
  const axis = html`<line x1="${left}" y1="${n(y(0))}" x2="${WIDTH - 8}" y2="${n(y(0))}" stroke="${AXIS_COLOUR}"/>
<line x1="${left}" y1="${top}" x2="${left}" y2="${n(y(0))}" stroke="${AXIS_COLOUR}"/>
<text x="${left - 4}" y="${top + 8}" text-anchor="end" fill="${AXIS_COLOUR}">${max}</text>
<text x="${left - 4}" y="${n(y(0))}" text-anchor="end" fill="${AXIS_COLOUR}">0</text>`;
  const table = html`<table><caption>${frame.title}</caption><thead><tr><th scope="col">Period</th><th scope="col">Requests</th><th scope="col">Errors</th></tr></thead><tbody>${points.map(
    (point) =>
      html`<tr><th scope="row">${point.label}</th><td>${point.requests}</td><td>${point.errors}</td></tr>`,
  )}</tbody></table>`;
  return figure(frame, height, description, html`${axis}${bars}`, table);
}

/**
 * A horizontal bar per item (an endpoint, a status), longest first as given: the label on the
 * left, the bar, its failed part in red at the end, and the number after it.
 */
export function barChart(
  frame: ChartFrame,
  items: readonly BarItem[],
  columns: { label: string; value: string } = { label: 'Label', value: 'Requests' },
): SafeHtml {
  const total = items.reduce((sum, item) => sum + item.value, 0);
  if (items.length === 0 || total === 0) return emptyChart(frame);
  const row = 22;
  const labelWidth = 250;
  const barLeft = labelWidth + 8;
  const barSpace = WIDTH - barLeft - 60;
  const height = items.length * row + 8;
  const max = Math.max(...items.map((item) => item.value));
  const withErrors = items.some((item) => item.errors !== undefined);
  const bars = items.map((item, index) => {
    const y = 4 + index * row;
    const width = (item.value / max) * barSpace;
    const failed = Math.min(item.errors ?? 0, item.value);
    const failedWidth = (failed / max) * barSpace;
    const tooltip = html`<title>${item.label}: ${item.value}${withErrors ? html`, ${plural(failed, 'error')}` : ''}</title>`;
    return html`<text x="${labelWidth}" y="${y + 14}" text-anchor="end" fill="#1f2328">${truncate(item.label, 40)}</text>
${width - failedWidth > 0 ? html`<rect class="bar" x="${barLeft}" y="${y + 2}" width="${n(width - failedWidth)}" height="${row - 6}" fill="${OK_COLOUR}">${tooltip}</rect>` : ''}${
      failed > 0
        ? html`<rect class="bar-errors" x="${n(barLeft + width - failedWidth)}" y="${y + 2}" width="${n(failedWidth)}" height="${row - 6}" fill="${ERROR_COLOUR}">${tooltip}</rect>`
        : ''
    }
<text x="${n(barLeft + width + 4)}" y="${y + 14}" fill="#1f2328">${item.value}</text>`;
  });
  const top = items[0] as BarItem;
  const errors = items.reduce((sum, item) => sum + Math.min(item.errors ?? 0, item.value), 0);
  const description = `${plural(items.length, 'row')}, ${total.toLocaleString('en-US')} in all${withErrors ? `, ${plural(errors, 'error')}` : ''}; the largest: ${top.label} with ${top.value}.${withErrors ? ' Blue: answered, red: errors (status 400 or more).' : ''}`;
  const table = html`<table><caption>${frame.title}</caption><thead><tr><th scope="col">${columns.label}</th><th scope="col">${columns.value}</th>${withErrors ? html`<th scope="col">Errors</th>` : ''}</tr></thead><tbody>${items.map(
    (item) =>
      html`<tr><th scope="row">${item.label}</th><td>${item.value}</td>${withErrors ? html`<td>${item.errors ?? 0}</td>` : ''}</tr>`,
  )}</tbody></table>`;
  return figure(frame, height, description, html`${bars}`, table);
}
