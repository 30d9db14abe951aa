import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIST_AT, SPAN_AT, createPairPass, pairKey, type PairTables } from './hot-pairs.js';
import { KeywordHits, createKeywordFilter } from './keywords.js';

const pass = createPairPass({ name: new Uint8Array(256), space: new Uint8Array(256) });
const span = new Uint8Array(pass.memory, SPAN_AT, 65536 + 64);
const list = new Int32Array(pass.memory, LIST_AT, 32769);

const has = (set: Int32Array, byte: number): boolean =>
  (((set[byte >>> 5] ?? 0) >>> (byte & 31)) & 1) === 1;

/**
 * The obvious definition: every pair i < `pairs` whose bit is set and whose bytes either side are
 * in its sets (the first pair has no byte before it), in order.
 */
function expected(bytes: Uint8Array, pairs: number, tables: PairTables): number[] {
  const found: number[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    const key = pairKey(bytes[2 * pair] ?? 0, bytes[2 * pair + 1] ?? 0);
    if ((((tables.bits[key >>> 5] ?? 0) >>> (key & 31)) & 1) === 0) continue;
    const slot = 16 * (tables.slots[key] ?? 0);
    if (!has(tables.sides.subarray(slot + 8, slot + 16), bytes[2 * pair + 2] ?? 0)) continue;
    if (pair > 0 && !has(tables.sides.subarray(slot, slot + 8), bytes[2 * pair - 1] ?? 0)) continue;
    found.push(pair);
  }
  return found;
}

/** Tables for the given pairs, each with the given bytes before and after it (null: any). */
function tablesOf(
  entries: readonly { pair: [number, number]; before: number[] | null; after: number[] | null }[],
): PairTables {
  const tables = {
    bits: new Uint32Array(2048),
    slots: new Uint16Array(65536),
    sides: new Int32Array(16 * entries.length),
    slotEntries: new Uint32Array(entries.length),
    entries: new Uint32Array(0),
    words: new Uint32Array(0),
    wordBytes: new Uint8Array(0),
  };
  entries.forEach(({ pair, before, after }, slot) => {
    const key = pairKey(pair[0], pair[1]);
    tables.bits[key >>> 5] = (tables.bits[key >>> 5] ?? 0) | (1 << (key & 31));
    tables.slots[key] = slot;
    for (const [side, bytes] of [
      [0, before],
      [8, after],
    ] as const) {
      const set = tables.sides.subarray(16 * slot + side, 16 * slot + side + 8);
      if (bytes === null) set.fill(-1);
      else for (const byte of bytes) set[byte >>> 5] = (set[byte >>> 5] ?? 0) | (1 << (byte & 31));
    }
  });
  return tables;
}

describe('the WebAssembly pass over a span’s pairs', () => {
  it('lists exactly the pairs its tables let through, in order, ignoring what lies past the span', () => {
    // Small alphabets, so that listed pairs are frequent; any length, any bytes after the span.
    const byte = fc.integer({ min: 0, max: 7 }).map((code) => 0x61 + code);
    const side = fc.option(fc.array(byte, { maxLength: 4 }), { freq: 3 });
    fc.assert(
      fc.property(
        fc.array(byte, { maxLength: 300 }),
        fc.uniqueArray(fc.record({ pair: fc.tuple(byte, byte), before: side, after: side }), {
          maxLength: 30,
          selector: (entry) => pairKey(...entry.pair),
        }),
        fc.array(byte, { minLength: 8, maxLength: 8 }),
        (bytes, entries, after) => {
          const tables = tablesOf(entries);
          span.set(bytes, 0);
          span.set(after, bytes.length);
          const pairs = (bytes.length + 1) >> 1;
          const count = pass.list(tables, pairs);
          expect([...list.subarray(0, count)]).toEqual(expected(span, pairs, tables));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads a whole 64 KiB span (32,768 pairs)', () => {
    const tables = tablesOf([{ pair: [0x20, 0x20], before: null, after: null }]);
    span.fill(0x20, 0, 65536 + 8);
    expect(pass.list(tables, 32768)).toBe(32768);
    expect(list[32767]).toBe(32767);
  });
});

describe('filters taking turns over the one pass', () => {
  it('each reads with its own keywords', () => {
    const withPrefix = createKeywordFilter(['zqv_']);
    const without = createKeywordFilter([]);
    const text = 'x zqv_abc y\n';
    const hits = new KeywordHits();
    for (let turn = 0; turn < 3; turn++) {
      expect(withPrefix.index(text, 0, text.length, hits)).toBe(1);
      expect(without.index(text, 0, text.length, hits)).toBe(0);
    }
  });
});
