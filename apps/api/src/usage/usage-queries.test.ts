import { describe, expect, it } from 'vitest';
import { usageWindow } from './usage-queries.js';

describe('usage windows', () => {
  const now = Date.parse('2026-12-04T05:37:12.345Z');

  it('ends at the bucket boundary after now, in UTC hours, 6-hour blocks or days', () => {
    const day = usageWindow(now, '24h');
    expect(day.to.toISOString()).toBe('2026-12-04T06:00:00.000Z');
    expect(day.from.toISOString()).toBe('2026-12-03T06:00:00.000Z');
    expect(day.buckets).toHaveLength(24);
    const week = usageWindow(now, '7d');
    expect(week.to.toISOString()).toBe('2026-12-04T06:00:00.000Z');
    expect(week.from.toISOString()).toBe('2026-11-27T06:00:00.000Z');
    expect(week.buckets).toHaveLength(28);
    const month = usageWindow(now, '30d');
    expect(month.to.toISOString()).toBe('2026-12-05T00:00:00.000Z');
    expect(month.from.toISOString()).toBe('2026-11-05T00:00:00.000Z');
    expect(month.buckets).toHaveLength(30);
  });

  it('tiles the window: each bucket starts where the previous ends, now in the last', () => {
    for (const key of ['24h', '7d', '30d'] as const) {
      const window = usageWindow(now, key);
      expect(window.buckets[0]?.start).toEqual(window.from);
      expect(window.buckets.at(-1)?.end).toEqual(window.to);
      window.buckets.slice(1).forEach((bucket, index) => {
        expect(bucket.start).toEqual(window.buckets[index]?.end);
      });
      const last = window.buckets.at(-1);
      expect(now >= (last?.start.getTime() ?? Infinity) && now < (last?.end.getTime() ?? 0)).toBe(
        true,
      );
    }
  });

  it('puts an instant on a boundary in the bucket it starts', () => {
    const window = usageWindow(Date.parse('2026-12-04T06:00:00.000Z'), '24h');
    expect(window.buckets.at(-1)?.start.toISOString()).toBe('2026-12-04T06:00:00.000Z');
  });
});
