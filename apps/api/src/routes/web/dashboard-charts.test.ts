import { describe, expect, it } from 'vitest';
import { barChart, niceMax, timeSeriesChart } from './dashboard-charts.js';

const frame = { id: 'usage', title: 'Requests over time' };

function count(markup: string, pattern: RegExp): number {
  return [...markup.matchAll(pattern)].length;
}

/** The attributes of each `<rect class="…">` of a class, in order. */
function rects(markup: string, className: string): Record<string, string>[] {
  return [...markup.matchAll(new RegExp(`<rect class="${className}" ([^>]+)>`, 'g'))].map((match) =>
    Object.fromEntries(
      [...(match[1] as string).matchAll(/([a-z-]+)="([^"]*)"/g)].map((attr) => [
        attr[1] as string,
        attr[2] as string,
      ]),
    ),
  );
}

describe('dashboard charts', () => {
  it('rounds the y axis up to 1, 2 or 5 × 10^k', () => {
    expect([0, 1, 3, 7, 10, 11, 180, 501].map(niceMax)).toEqual([1, 1, 5, 10, 10, 20, 200, 1000]);
  });

  it('draws one bar per bucket, its errors in red at its foot, heights in proportion', () => {
    const markup = timeSeriesChart(frame, [
      { label: 'Dec 3 00:00', requests: 10, errors: 0 },
      { label: 'Dec 3 06:00', requests: 0, errors: 0 },
      { label: 'Dec 3 12:00', requests: 5, errors: 5 },
      { label: 'Dec 3 18:00', requests: 4, errors: 1 },
    ]).value;
    expect(markup).toContain('role="img"');
    expect(markup).toContain('aria-labelledby="usage-title usage-desc"');
    expect(markup).toContain('<title id="usage-title">Requests over time</title>');
    expect(markup).toContain('19 requests, 6 errors, from Dec 3 00:00 to Dec 3 18:00');
    expect(markup).toContain('the busiest: Dec 3 00:00 with 10 requests');
    const ok = rects(markup, 'bar');
    const failed = rects(markup, 'bar-errors');
    // Bucket 1 has only successes, bucket 2 nothing, bucket 3 only errors, bucket 4 both.
    expect(ok).toHaveLength(2);
    expect(failed).toHaveLength(2);
    const plot = 166; // 200 high, 10 above, 24 below
    expect(Number(ok[0]?.height)).toBeCloseTo(plot, 0);
    expect(Number(failed[0]?.height)).toBeCloseTo(plot / 2, 0);
    expect(Number(ok[1]?.height)).toBeCloseTo((plot * 3) / 10, 0);
    expect(Number(failed[1]?.height)).toBeCloseTo(plot / 10, 0);
    // The errors sit on the axis; the rest stands on them.
    expect(Number(failed[1]?.y) + Number(failed[1]?.height)).toBeCloseTo(176, 0);
    expect(Number(ok[1]?.y) + Number(ok[1]?.height)).toBeCloseTo(Number(failed[1]?.y), 0);
    // Bars left to right, in bucket order.
    expect(Number(ok[0]?.x)).toBeLessThan(Number(failed[0]?.x));
    expect(markup).toContain('<text x="40" y="18" text-anchor="end" fill="#59636e">10</text>');
    // The text alternative: every bucket in the table.
    expect(count(markup, /<tr><th scope="row">/g)).toBe(4);
    expect(markup).toContain('<tr><th scope="row">Dec 3 18:00</th><td>4</td><td>1</td></tr>');
  });

  it('escapes labels and titles', () => {
    const hostile = '<script>alert("x")</script>&';
    const markup = [
      timeSeriesChart({ id: 'a', title: hostile }, [{ label: hostile, requests: 1, errors: 0 }]),
      barChart({ id: 'b', title: hostile }, [{ label: hostile, value: 3, errors: 1 }]),
    ]
      .map((chart) => chart.value)
      .join('');
    expect(markup).not.toContain('<script>');
    expect(markup).not.toContain('"x"');
    expect(markup).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;');
  });

  it('says when there is nothing to draw', () => {
    for (const chart of [
      timeSeriesChart(frame, []),
      timeSeriesChart(frame, [{ label: 'Dec 3', requests: 0, errors: 0 }]),
      barChart({ id: 'endpoints', title: 'By endpoint' }, []),
    ]) {
      expect(chart.value).toContain('role="img"');
      expect(chart.value).toContain('No requests in this range.');
      expect(chart.value).not.toContain('<rect class="bar');
      expect(chart.value).not.toContain('<table');
    }
  });

  it('draws horizontal bars in proportion to the largest, with the value after each', () => {
    const markup = barChart(
      { id: 'endpoints', title: 'Requests by endpoint' },
      [
        { label: 'GET /v1/repositories', value: 8, errors: 2 },
        { label: 'GET /v1/repositories/:provider/:repoId/commits', value: 4, errors: 0 },
      ],
      { label: 'Endpoint', value: 'Requests' },
    ).value;
    const ok = rects(markup, 'bar');
    const failed = rects(markup, 'bar-errors');
    expect(ok).toHaveLength(2);
    expect(failed).toHaveLength(1);
    const full = 640 - 258 - 60;
    expect(Number(ok[0]?.width) + Number(failed[0]?.width)).toBeCloseTo(full, 0);
    expect(Number(failed[0]?.width)).toBeCloseTo(full / 4, 0);
    expect(Number(ok[1]?.width)).toBeCloseTo(full / 2, 0);
    expect(markup).toContain(
      '2 rows, 12 in all, 2 errors; the largest: GET /v1/repositories with 8.',
    );
    expect(markup).toContain('<th scope="col">Endpoint</th>');
    expect(count(markup, /<tr><th scope="row">/g)).toBe(2);
    // Long labels are cut in the picture, whole in the table.
    expect(markup).toContain('>GET /v1/repositories/:provider/:repoId/…</text>');
    expect(markup).toContain('<th scope="row">GET /v1/repositories/:provider/:repoId/commits</th>');
  });

  it('leaves the errors column out when the items have none', () => {
    const markup = barChart({ id: 'status', title: 'By status' }, [
      { label: '200', value: 3 },
      { label: '404', value: 1 },
    ]).value;
    expect(markup).not.toContain('Errors');
    expect(rects(markup, 'bar-errors')).toHaveLength(0);
    expect(markup).toContain('2 rows, 4 in all; the largest: 200 with 3.');
  });
});
