/**
 * The pre-filter's pass over a span's pairs (keywords.ts) as a WebAssembly function: it lists, in
 * order, every pair whose bit is set in the filter's bitset and whose bytes either side may stand
 * there in one of its keywords; the filter then confirms each listed pair in JavaScript.
 *
 * Why WebAssembly: the same loop in JavaScript is a typed-array load, a bounds check and a branch
 * per pair, and V8 compiles it to one of several speeds per process depending on when it optimises
 * it (bench/README.md); a WebAssembly load needs no bounds check (the memory sits in a reserved
 * region), the function is compiled once, the same way, and it reads two pairs per 32-bit load.
 * Branch-free: each pair is written at the list's end, which moves on only when the pair passes (a
 * set bit comes every twenty pairs or so on code, and the bytes either side then reject half,
 * too irregularly for a branch to be guessed). Measured on the bench's diff: the stream 1.13–1.19×
 * faster than with the loop in JavaScript (bench/README.md).
 *
 * Why by hand: the function is a few dozen instructions, and a compiler to WebAssembly would be a
 * download and a build step a fresh clone does not have. The bytes are assembled below from the
 * binary format's opcodes (https://webassembly.github.io/spec/core/binary/), one helper per
 * instruction; the module is a few hundred bytes, compiled once when the package loads. Its text
 * form:
 *
 *   (func (export "hot") (param $pairs i32) (result i32)
 *     $end = ($pairs + 3) & ~3
 *     loop while $pair < $end:                        ;; four pairs a turn, two per load
 *       $word = load32(SPAN + 2 * $pair)
 *       store32(LIST + 4 * $count, $pair)      $count += bit(low 16 bits of $word)
 *       store32(LIST + 4 * $count, $pair + 1)  $count += bit(high 16 bits of $word)
 *       … the same for the next word and pairs $pair + 2, $pair + 3
 *       $pair += 4
 *     loop while $count > 0 and load32(LIST + 4 * ($count - 1)) >= $pairs: $count -= 1
 *     for $k in 0 … $count:                            ;; the list again, in place
 *       $pair = load32(LIST + 4 * $k)
 *       $slot = 64 * load16(SLOTS + 2 * load16(SPAN + 2 * $pair))
 *       store32(LIST + 4 * $kept, $pair)
 *       $kept += in(SIDES + $slot + 32, byte SPAN + 2 * $pair + 2)
 *                & (in(SIDES + $slot, byte SPAN + 2 * $pair - 1) | $pair == 0)
 *     $kept)
 *
 * where bit(v) = (load32(BITS + 4 * (v >> 5)) >> (v & 31)) & 1 and in(set, b) the same over a
 * 256-bit set. The first loop's last turn may read up to three pairs past the span (the scratch
 * has room, see SPAN_ROOM); they are dropped from the list's end. Memory loads are little-endian
 * on every machine, so the tables are keyed by a pair's first byte in the low 8 bits (`pairKey`).
 */

/** Where the bitset, the span's bytes and the list sit in the module's memory. */
export const BITS_AT = 0;
const BITS_BYTES = 65536 / 8;
export const SPAN_AT = BITS_AT + BITS_BYTES;
/** The span's bytes: room for a 64 KiB span as UTF-8 (3 bytes a unit) and a little after it. */
export const SPAN_ROOM = 3 * 65536 + 64;
export const LIST_AT = SPAN_AT + SPAN_ROOM;
/** The list: one slot per pair of the longest span and one past it. */
const LIST_SLOTS = 65536 / 2 + 1;
/** Per pair (keyed as `pairKey`), the number of its entry in SIDES (16-bit). */
export const SLOTS_AT = LIST_AT + 4 * LIST_SLOTS;
/** Per entry, 64 bytes: the 256-bit set of the bytes before its pair, then of the bytes after. */
export const SIDES_AT = SLOTS_AT + 2 * 65536;
/** Most pairs with a bit a filter may have (each has an entry in SIDES). */
export const MAX_SIDES = 2048;
const PAGE = 65536;
const PAGES = Math.ceil((SIDES_AT + 64 * MAX_SIDES) / PAGE);

const unsignedLeb = (value: number): number[] => {
  const out: number[] = [];
  let rest = value;
  do {
    const low = rest & 0x7f;
    rest >>>= 7;
    out.push(rest === 0 ? low : low | 0x80);
  } while (rest !== 0);
  return out;
};
const signedLeb = (value: number): number[] => {
  const out: number[] = [];
  let rest = value;
  for (;;) {
    const low = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (low & 0x40) === 0) || (rest === -1 && (low & 0x40) !== 0);
    out.push(done ? low : low | 0x80);
    if (done) return out;
  }
};
const vector = (items: readonly (readonly number[])[]): number[] => [
  ...unsignedLeb(items.length),
  ...items.flat(),
];
const section = (id: number, body: readonly number[]): number[] => [
  id,
  ...unsignedLeb(body.length),
  ...body,
];
const name = (text: string): number[] => [...unsignedLeb(text.length), ...Buffer.from(text)];

// The instructions used (opcodes from the spec's binary format).
const I32 = 0x7f;
const get = (local: number): number[] => [0x20, local];
const set = (local: number): number[] => [0x21, local];
const constant = (value: number): number[] => [0x41, ...signedLeb(value)];
const load = (offset: number): number[] => [0x28, 2, ...unsignedLeb(offset)];
const load16 = (offset: number): number[] => [0x2f, 1, ...unsignedLeb(offset)];
const load8 = (offset: number): number[] => [0x2d, 0, ...unsignedLeb(offset)];
const store = (offset: number): number[] => [0x36, 2, ...unsignedLeb(offset)];
const [EQZ, LT_U, GE_U, ADD, SUB, AND, OR, SHL, SHR_U] = [
  0x45, 0x49, 0x4f, 0x6a, 0x6b, 0x71, 0x72, 0x74, 0x76,
];
const [BLOCK, LOOP, BR, BR_IF, END, EMPTY] = [0x02, 0x03, 0x0c, 0x0d, 0x0b, 0x40];

// Locals: the parameter, then four of the function's own.
const PAIRS = 0;
const PAIR = 1;
const WORD = 2;
const COUNT = 3;
const LAST = 4;
const KEPT = 5;
const SLOT = 6;

/** The bit of the pair `v`, where `index` leaves 4 * (v >> 5) and `shift` v (mod 32) on the stack. */
const bitOf = (index: number[], shift: number[]): number[] => [
  ...index,
  ...load(BITS_AT),
  ...shift,
  SHR_U,
  ...constant(1),
  AND,
];
/** The low pair of WORD: 4 * (v >> 5) = (word >> 3) & 0x1ffc; the shift is the word itself. */
const lowBit = bitOf([...get(WORD), ...constant(3), SHR_U, ...constant(0x1ffc), AND], get(WORD));
/** The high pair of WORD: v = word >> 16. */
const highBit = bitOf(
  [...get(WORD), ...constant(19), SHR_U, ...constant(0x1ffc), AND],
  [...get(WORD), ...constant(16), SHR_U],
);
/** Lists pair PAIR + `plus`, then counts it when its bit is set. */
const listPair = (plus: number, bit: readonly number[]): number[] => [
  ...get(COUNT),
  ...constant(2),
  SHL,
  ...get(PAIR),
  ...constant(plus),
  ADD,
  ...store(LIST_AT),
  ...bit,
  ...get(COUNT),
  ADD,
  ...set(COUNT),
];
/** WORD = the two pairs from PAIR + `plus` on. */
const loadWord = (plus: number): number[] => [
  ...get(PAIR),
  ...constant(1),
  SHL,
  ...load(SPAN_AT + 2 * plus),
  ...set(WORD),
];

/** Whether the byte at SPAN_AT + 2 * PAIR + `plus` is in the set of 32 bytes from `setAt` + SLOT. */
const byteIn = (plus: number, setAt: number): number[] => [
  ...get(SLOT),
  ...get(PAIR),
  ...constant(1),
  SHL,
  ...load8(SPAN_AT + plus),
  ...set(WORD),
  ...get(WORD),
  ...constant(3),
  SHR_U,
  ...constant(0x1c),
  AND,
  ADD,
  ...load(setAt),
  ...get(WORD),
  SHR_U,
  ...constant(1),
  AND,
];

const body = [
  ...vector([[6, I32]]),
  // LAST = (pairs + 3) & ~3
  ...get(PAIRS),
  ...constant(3),
  ADD,
  ...constant(-4),
  AND,
  ...set(LAST),
  BLOCK,
  EMPTY,
  LOOP,
  EMPTY,
  ...get(PAIR),
  ...get(LAST),
  GE_U,
  BR_IF,
  1,
  ...loadWord(0),
  ...listPair(0, lowBit),
  ...listPair(1, highBit),
  ...loadWord(2),
  ...listPair(2, lowBit),
  ...listPair(3, highBit),
  ...get(PAIR),
  ...constant(4),
  ADD,
  ...set(PAIR),
  BR,
  0,
  END,
  END,
  // The pairs the last turn read past the span leave the list's end.
  BLOCK,
  EMPTY,
  LOOP,
  EMPTY,
  ...get(COUNT),
  EQZ,
  BR_IF,
  1,
  ...get(COUNT),
  ...constant(2),
  SHL,
  ...load(LIST_AT - 4),
  ...get(PAIRS),
  LT_U,
  BR_IF,
  1,
  ...get(COUNT),
  ...constant(1),
  SUB,
  ...set(COUNT),
  BR,
  0,
  END,
  END,
  // Second pass over the list: a pair stays only when the bytes either side of it may stand there
  // in one of its keywords (SIDES; the first pair of the span has no byte before it).
  ...constant(0),
  ...set(LAST),
  BLOCK,
  EMPTY,
  LOOP,
  EMPTY,
  ...get(LAST),
  ...get(COUNT),
  GE_U,
  BR_IF,
  1,
  ...get(LAST),
  ...constant(2),
  SHL,
  ...load(LIST_AT),
  ...set(PAIR),
  // SLOT = 64 * slots[the pair's two bytes]
  ...get(PAIR),
  ...constant(1),
  SHL,
  ...load16(SPAN_AT),
  ...constant(1),
  SHL,
  ...load16(SLOTS_AT),
  ...constant(6),
  SHL,
  ...set(SLOT),
  ...get(KEPT),
  ...constant(2),
  SHL,
  ...get(PAIR),
  ...store(LIST_AT),
  ...byteIn(2, SIDES_AT + 32),
  ...byteIn(-1, SIDES_AT),
  ...get(PAIR),
  EQZ,
  OR,
  AND,
  ...get(KEPT),
  ADD,
  ...set(KEPT),
  ...get(LAST),
  ...constant(1),
  ADD,
  ...set(LAST),
  BR,
  0,
  END,
  END,
  ...get(KEPT),
  END,
];

const MODULE = Uint8Array.from([
  ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
  // Types: (i32) -> i32
  ...section(1, vector([[0x60, ...vector([[I32]]), ...vector([[I32]])]])),
  // Imports: the memory, "env" "memory", exactly PAGES pages.
  ...section(
    2,
    vector([
      [...name('env'), ...name('memory'), 0x02, 0x01, ...unsignedLeb(PAGES), ...unsignedLeb(PAGES)],
    ]),
  ),
  ...section(3, vector([[0]])),
  ...section(7, vector([[...name('hot'), 0x00, 0]])),
  ...section(10, vector([[...unsignedLeb(body.length), ...body]])),
]);

/** The index of the pair of bytes `first second` in the tables (see the module's comment). */
export function pairKey(first: number, second: number): number {
  return first | (second << 8);
}

/** A keyword filter's tables for the pass, keyed by `pairKey`. */
export interface PairTables {
  /** The pairs with entries. */
  readonly bits: Uint32Array;
  /** Per pair with entries, the number of its 16 words in `sides`. */
  readonly slots: Uint16Array;
  /** Per pair with entries, 16 words: the bytes that may stand before it, then after it. */
  readonly sides: Int32Array;
}

export interface PairPass {
  /** The module's memory: SPAN_AT and LIST_AT are offsets in it. */
  readonly memory: ArrayBuffer;
  /**
   * Lists every pair i < `pairs` (bytes SPAN_AT + 2i, 2i + 1) that `tables` let through, from
   * LIST_AT on as 32-bit integers, in order; returns how many.
   */
  list(tables: PairTables, pairs: number): number;
}

/** The part of the WebAssembly API used here (its types come with the DOM library, not Node's). */
interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** The pass; one per process is enough (filters take turns: their tables are copied in). */
export function createPairPass(): PairPass {
  const wasm = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (wasm === undefined)
    throw new Error('@scm/firewall needs WebAssembly, which this runtime lacks (node --jitless?)');
  const memory = new wasm.Memory({ initial: PAGES, maximum: PAGES });
  const instance = new wasm.Instance(new wasm.Module(MODULE), { env: { memory } });
  const hot = instance.exports.hot as (pairs: number) => number;
  const bits = new Uint32Array(memory.buffer, BITS_AT, 65536 >> 5);
  const slots = new Uint16Array(memory.buffer, SLOTS_AT, 65536);
  const sides = new Int32Array(memory.buffer, SIDES_AT, 16 * MAX_SIDES);
  let loaded: PairTables | null = null;
  return {
    memory: memory.buffer,
    list(tables, pairs) {
      if (loaded !== tables) {
        if (tables.sides.length > sides.length)
          throw new RangeError(`a keyword filter has over ${String(MAX_SIDES)} pairs`);
        bits.set(tables.bits);
        slots.set(tables.slots);
        sides.set(tables.sides);
        loaded = tables;
      }
      return hot(pairs);
    },
  };
}
