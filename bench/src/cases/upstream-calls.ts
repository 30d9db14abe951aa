import type { BenchCase } from './case.js';
import { measureUpstreamCalls, type EndpointCount } from './upstream-calls/measure.js';

const REPEATS = Number(process.env.UPSTREAM_CALLS_REPEATS ?? 5);

const cell = (value: number | null, width: number): string =>
  (value === null ? '—' : String(value)).padStart(width);

function share(row: EndpointCount): string {
  if (row.repeat.requests === 0) return row.first === null ? '—' : 'no request';
  return `${((100 * row.repeat.notModified) / row.repeat.requests).toFixed(0)} %`;
}

/**
 * Upstream HTTP requests per unified page (issue #21: exactly 1), for every provider and endpoint,
 * counted in the simulators' request logs through the real gateway: the first page, the page after
 * it through the signed cursor, and the share of 304s when the first page is read again
 * (`UPSTREAM_CACHE_MB`'s conditional cache; target ≥ 95 %). Counts, not times: nothing is timed.
 */
export const upstreamCallsCase: BenchCase = {
  name: 'upstream-calls',
  async run() {
    const rows = await measureUpstreamCalls(REPEATS);
    process.stdout.write(
      `\nupstream-calls: upstream requests per unified page through the gateway (limit=5), and 304s over ${REPEATS} repeats of the first page\n`,
    );
    process.stdout.write(
      `  first: the first read of the first page (nothing cached); again: the same page read again (mean of the repeats, the adapters' caches warm); next: the page after it through the cursor\n`,
    );
    process.stdout.write(
      `  ${'provider'.padEnd(10)} ${'endpoint'.padEnd(20)} ${'first'.padStart(5)} ${'again'.padStart(5)} ${'next'.padStart(5)} target  ${'304 share'.padStart(10)}  (repeat: upstream / 304)\n`,
    );
    let over = 0;
    let repeatRequests = 0;
    let repeatNotModified = 0;
    for (const row of rows) {
      const again = row.first === null ? null : row.repeat.requests / REPEATS;
      const met = again === null ? '' : again <= 1 && (row.next ?? 0) <= 1 ? 'met' : 'OVER';
      if (met === 'OVER') over += 1;
      repeatRequests += row.repeat.requests;
      repeatNotModified += row.repeat.notModified;
      process.stdout.write(
        `  ${row.provider.padEnd(10)} ${row.endpoint.padEnd(20)} ${cell(row.first, 5)} ${cell(again === null ? null : Math.round(again * 10) / 10, 5)} ${cell(row.next, 5)}   1 ${met.padEnd(4)} ${share(row).padStart(10)}  (${row.repeat.requests} / ${row.repeat.notModified})\n`,
      );
    }
    const overall =
      repeatRequests === 0 ? 'n/a' : `${((100 * repeatNotModified) / repeatRequests).toFixed(1)} %`;
    process.stdout.write(
      `  endpoints over 1 request per page (again or next): ${over}; 304 share of all repeated reads: ${overall} (target ≥ 95 %)\n`,
    );
    return [];
  },
};
