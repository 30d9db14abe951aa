/**
 * The pre-filter's pass over a span's pairs (keywords.ts) as two WebAssembly functions: `hot` lists,
 * in order, every pair whose bit is set in the filter's bitset and whose bytes either side may
 * stand there in one of its keywords; `confirm` compares the keywords that pair may belong to on
 * the bytes and, for a secret word stem on an ASCII span, reads the name run after it for an
 * operator, as keywords.ts did in JavaScript. The filter checks the rest (a span that is not
 * ASCII, a URL's password) on what `confirm` lists.
 *
 * Why WebAssembly: the same loop in JavaScript is a typed-array load, a bounds check and a branch
 * per pair, and V8 compiles it to one of several speeds per process depending on when it optimises
 * it (bench/README.md); a WebAssembly load needs no bounds check (the memory sits in a reserved
 * region), the function is compiled once, the same way, and it reads two pairs per 32-bit load.
 * Branch-free: each pair is written at the list's end, which moves on only when the pair passes (a
 * set bit comes every twenty pairs or so on code, and the bytes either side then reject half,
 * too irregularly for a branch to be guessed). Measured on the bench's diff: the stream 1.19–1.23×
 * faster than with the loop and the confirmation in JavaScript (bench/README.md).
 *
 * Why by hand: the functions are a few hundred instructions, and a compiler to WebAssembly would be a
 * download and a build step a fresh clone does not have. The bytes are assembled below from the
 * binary format's opcodes (https://webassembly.github.io/spec/core/binary/), one helper per
 * instruction (wasm-assembler.ts); the module is under a kilobyte, compiled once when the package
 * loads. `hot` in text form (`confirm` is written out below, step by step):
 *
 *   (func (export "hot") (param $pairs i32) (result i32)
 *     $end = ($pairs + 7) & ~7
 *     loop while $pair < $end:                        ;; eight pairs a turn, two per load
 *       $word = load32(SPAN + 2 * $pair)
 *       store32(LIST + 4 * $count, $pair)      $count += bit(low 16 bits of $word)
 *       store32(LIST + 4 * $count, $pair + 1)  $count += bit(high 16 bits of $word)
 *       … the same for the next three words, pairs $pair + 2 … $pair + 7
 *       $pair += 8
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
 * 256-bit set. The first loop's last turn may read up to seven pairs past the span (the scratch
 * has room, see SPAN_ROOM); they are dropped from the list's end. Memory loads are little-endian
 * on every machine, so the tables are keyed by a pair's first byte in the low 8 bits (`pairKey`).
 */

import {
  ADD,
  AND,
  EQ,
  EQZ,
  GE_U,
  GT_S,
  LT_S,
  NE,
  OR,
  SELECT,
  SHL,
  SHR_U,
  SUB,
  block,
  br,
  brIf,
  constant,
  functionBody,
  functionType,
  get,
  load,
  load16,
  load8,
  loop,
  name,
  section,
  set,
  store,
  unsignedLeb,
  vector,
} from './wasm-assembler.js';

/** Where the tables, the span's bytes and the lists sit in the module's memory. */
export const BITS_AT = 0;
export const SPAN_AT = BITS_AT + 65536 / 8;
/** The span's bytes: room for a 64 KiB span as UTF-8 (3 bytes a unit) and a little after it. */
export const SPAN_ROOM = 3 * 65536 + 64;
export const LIST_AT = SPAN_AT + SPAN_ROOM;
/** The list: one slot per pair of the longest span and one past it. */
const LIST_SLOTS = 65536 / 2 + 1;
/** Per pair (keyed as `pairKey`), the number of its slot (16-bit). */
const SLOTS_AT = LIST_AT + 4 * LIST_SLOTS;
/** Per slot, 64 bytes: the 256-bit set of the bytes before its pair, then of the bytes after. */
const SIDES_AT = SLOTS_AT + 2 * 65536;
/** Most pairs with entries a filter may have, entries, keywords and keyword bytes. */
const MAX_SLOTS = 2048;
const MAX_ENTRIES = 8192;
const MAX_WORDS = 1024;
const MAX_WORD_BYTES = 16384;
/** Per byte value (and 256, "past the end"): 1 a name character, 2 a space (keywords.ts). */
const CLASS_AT = SIDES_AT + 64 * MAX_SLOTS;
/** Per slot: its first entry | its entry count << 16. */
const SLOT_ENTRIES_AT = CLASS_AT + 512;
/** Per entry: its keyword | the pair's offset in it << 16. */
const ENTRIES_AT = SLOT_ENTRIES_AT + 4 * MAX_SLOTS;
/**
 * Per keyword, four i32: where its bytes start | its length << 16 | an assignment stem << 25; its
 * first four bytes as a little-endian load reads them (lowercase when folded); 0x20202020 when
 * folded, else 0 (its low byte is also the byte loop's mask); the mask of its first four bytes
 * (three for a 3-byte keyword).
 */
const WORDS_AT = ENTRIES_AT + 4 * MAX_ENTRIES;
const WORD_BYTES_AT = WORDS_AT + 16 * MAX_WORDS;
/** `confirm`'s output: per occurrence, four i32 (see `PairPass.confirm`). */
export const HITS_AT = WORD_BYTES_AT + MAX_WORD_BYTES;
/** Most occurrences `confirm` lists in one call. */
export const MAX_CONFIRMED = 8192;
const CUT_AT = HITS_AT + 16 * MAX_CONFIRMED;
const PAGE = 65536;
const PAGES = Math.ceil((CUT_AT + 4) / PAGE);

// ---- hot(pairs): the two passes over the span's pairs (see the text form above) ----

// Locals: the parameter, then six of the function's own.
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
/** Lists pair PAIR + `plus` (at COUNT), then counts it when its bit is set. */
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
/** Whether the byte at SPAN_AT + 2 * PAIR + `plus` is in the set of 32 bytes at `setAt` + SLOT. */
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

const HOT = functionBody(6, [
  // LAST = (pairs + 7) & ~7
  ...get(PAIRS),
  ...constant(7),
  ADD,
  ...constant(-8),
  AND,
  ...set(LAST),
  ...block(
    loop(
      [...get(PAIR), ...get(LAST), GE_U, ...brIf(1)],
      loadWord(0),
      listPair(0, lowBit),
      listPair(1, highBit),
      loadWord(2),
      listPair(2, lowBit),
      listPair(3, highBit),
      loadWord(4),
      listPair(4, lowBit),
      listPair(5, highBit),
      loadWord(6),
      listPair(6, lowBit),
      listPair(7, highBit),
      [...get(PAIR), ...constant(8), ADD, ...set(PAIR), ...br(0)],
    ),
  ),
  // The pairs the last turn read past the span leave the list's end.
  ...block(
    loop(
      [...get(COUNT), EQZ, ...brIf(1)],
      [...get(COUNT), ...constant(2), SHL, ...load(LIST_AT - 4), ...get(PAIRS), LT_S, ...brIf(1)],
      [...get(COUNT), ...constant(1), SUB, ...set(COUNT), ...br(0)],
    ),
  ),
  // Second pass over the list, in place: a pair stays only when the bytes either side of it may
  // stand there in one of its keywords (the first pair of the span has no byte before it).
  ...constant(0),
  ...set(LAST),
  ...block(
    loop(
      [...get(LAST), ...get(COUNT), GE_U, ...brIf(1)],
      [...get(LAST), ...constant(2), SHL, ...load(LIST_AT), ...set(PAIR)],
      // SLOT = 64 * slots[the pair's two bytes]
      [...get(PAIR), ...constant(1), SHL, ...load16(SPAN_AT), ...constant(1), SHL],
      [...load16(SLOTS_AT), ...constant(6), SHL, ...set(SLOT)],
      [...get(KEPT), ...constant(2), SHL, ...get(PAIR), ...store(LIST_AT)],
      byteIn(2, SIDES_AT + 32),
      byteIn(-1, SIDES_AT),
      [...get(PAIR), EQZ, OR, AND, ...get(KEPT), ADD, ...set(KEPT)],
      [...get(LAST), ...constant(1), ADD, ...set(LAST), ...br(0)],
    ),
  ),
  ...get(KEPT),
]);

// ---- confirm(kept, length, ascii, limit): the keywords at the listed pairs ----

// Parameters, then locals.
const C_KEPT = 0;
const C_LENGTH = 1;
const C_ASCII = 2;
const C_LIMIT = 3;
const C_K = 4;
const C_AT = 5;
const C_RANGE = 6;
const C_ENTRY = 7;
const C_LAST = 8;
const C_INFO = 9;
const C_WORD = 10;
const C_START = 11;
const C_SIZE = 12;
const C_INDEX = 13;
const C_MASK = 14;
const C_OUT = 15;
const C_NAME_FROM = 16;
const C_NAME_TO = 17;
const C_NAME_OP = 18;
const C_STOP = 19;
const C_CODE = 20;
const C_AT_OP = 21;
const C_OPERATOR = 22;
const C_FROM = 23;
const C_PTR = 24;

/** C_CODE = the span's byte at C_AT_OP, or 256 past its end (a byte no test takes). */
const readCode = [
  ...get(C_AT_OP),
  ...load8(SPAN_AT),
  ...constant(256),
  ...get(C_AT_OP),
  ...get(C_LENGTH),
  LT_S,
  SELECT,
  ...set(C_CODE),
];
const nextCode = [...get(C_AT_OP), ...constant(1), ADD, ...set(C_AT_OP), ...readCode];
const codeIs = (code: number): number[] => [...get(C_CODE), ...constant(code), EQ];
/** `operatorAtByte` of keywords.ts from C_NAME_TO: C_NAME_OP = the operator's offset, or -1. */
const operatorAt = [
  ...get(C_NAME_TO),
  ...set(C_AT_OP),
  ...readCode,
  ...block([...codeIs(34), ...codeIs(39), OR, ...codeIs(96), OR, EQZ, ...brIf(0)], nextCode),
  ...block([...codeIs(93), EQZ, ...brIf(0)], nextCode),
  ...block(
    loop(
      [...get(C_AT_OP), ...get(C_LENGTH), GE_U, ...brIf(1)],
      [...get(C_CODE), ...load8(CLASS_AT), ...constant(2), AND, EQZ, ...brIf(1)],
      nextCode,
      br(0),
    ),
  ),
  ...block([...codeIs(63), EQZ, ...brIf(0)], nextCode),
  ...get(C_AT_OP),
  ...constant(-1),
  ...get(C_AT_OP),
  ...get(C_LENGTH),
  LT_S,
  ...codeIs(61),
  ...codeIs(58),
  OR,
  ...codeIs(44),
  OR,
  AND,
  SELECT,
  ...set(C_NAME_OP),
];

const CONFIRM = functionBody(21, [
  ...constant(-1),
  ...set(C_NAME_FROM),
  ...constant(-1),
  ...set(C_NAME_TO),
  ...constant(-1),
  ...set(C_NAME_OP),
  ...constant(0),
  ...constant(-1),
  ...store(CUT_AT),
  ...block(
    loop(
      [...get(C_K), ...get(C_KEPT), GE_U, ...brIf(1)],
      [...get(C_K), ...constant(2), SHL, ...load(LIST_AT), ...constant(1), SHL, ...set(C_AT)],
      // Full: cut the span at this pair (the lines that end before it have all their keywords).
      block(
        [...get(C_OUT), ...get(C_LIMIT), GT_S, EQZ, ...brIf(0)],
        [...constant(0), ...get(C_AT), ...constant(1), SHR_U, ...store(CUT_AT), ...br(2)],
      ),
      // The pair's entries, from its slot.
      [...get(C_AT), ...load16(SPAN_AT), ...constant(1), SHL, ...load16(SLOTS_AT)],
      [...constant(2), SHL, ...load(SLOT_ENTRIES_AT), ...set(C_RANGE)],
      [...get(C_RANGE), ...constant(0xffff), AND, ...set(C_ENTRY)],
      [...get(C_ENTRY), ...get(C_RANGE), ...constant(16), SHR_U, ADD, ...set(C_LAST)],
      block(
        loop(
          [...get(C_ENTRY), ...get(C_LAST), GE_U, ...brIf(1)],
          block(
            // depth 0 here: the next entry
            [...get(C_ENTRY), ...constant(2), SHL, ...load(ENTRIES_AT), ...set(C_WORD)],
            [...get(C_AT), ...get(C_WORD), ...constant(16), SHR_U, SUB, ...set(C_START)],
            [...get(C_WORD), ...constant(0xffff), AND, ...set(C_WORD)],
            [...get(C_WORD), ...constant(4), SHL, ...set(C_PTR)],
            [...get(C_PTR), ...load(WORDS_AT), ...set(C_INFO)],
            [...get(C_START), ...constant(0), LT_S, ...brIf(0)],
            [...get(C_INFO), ...constant(16), SHR_U, ...constant(0xff), AND, ...set(C_SIZE)],
            [...get(C_START), ...get(C_SIZE), ADD, ...set(C_STOP)],
            [...get(C_STOP), ...get(C_LENGTH), GT_S, ...brIf(0)],
            // Its first four bytes in one load (most keywords that do not match fail there).
            [...get(C_START), ...load(SPAN_AT), ...get(C_PTR), ...load(WORDS_AT + 8), OR],
            [...get(C_PTR), ...load(WORDS_AT + 12), AND, ...get(C_PTR), ...load(WORDS_AT + 4)],
            [NE, ...brIf(0)],
            [...get(C_PTR), ...load(WORDS_AT + 8), ...constant(32), AND, ...set(C_MASK)],
            [...get(C_INFO), ...constant(0xffff), AND, ...set(C_FROM)],
            [...constant(4), ...set(C_INDEX)],
            // The keyword's bytes (`| 32` for a case-insensitive one, as keywords.ts compares).
            block(
              loop(
                [...get(C_INDEX), ...get(C_SIZE), GE_U, ...brIf(1)],
                [...get(C_START), ...get(C_INDEX), ADD, ...load8(SPAN_AT), ...get(C_MASK), OR],
                [...get(C_FROM), ...get(C_INDEX), ADD, ...load8(WORD_BYTES_AT), NE, ...brIf(2)],
                [...get(C_INDEX), ...constant(1), ADD, ...set(C_INDEX), ...br(0)],
              ),
            ),
            [...constant(-1), ...set(C_OPERATOR)],
            // On an ASCII span, an assignment stem counts only where its name run is assigned.
            block(
              [...get(C_ASCII), EQZ, ...brIf(0)],
              [...get(C_INFO), ...constant(25), SHR_U, ...constant(1), AND, EQZ, ...brIf(0)],
              block(
                [...get(C_STOP), ...get(C_NAME_FROM), LT_S],
                [...get(C_STOP), ...get(C_NAME_TO), GT_S, OR, EQZ, ...brIf(0)],
                [...get(C_STOP), ...set(C_NAME_FROM), ...get(C_STOP), ...set(C_NAME_TO)],
                block(
                  loop(
                    [...get(C_NAME_TO), ...get(C_LENGTH), GE_U, ...brIf(1)],
                    [...get(C_NAME_TO), ...load8(SPAN_AT), ...load8(CLASS_AT)],
                    [...constant(1), AND, EQZ, ...brIf(1)],
                    [...get(C_NAME_TO), ...constant(1), ADD, ...set(C_NAME_TO), ...br(0)],
                  ),
                ),
                operatorAt,
              ),
              [...get(C_NAME_OP), ...constant(0), LT_S, ...brIf(1)],
              [...get(C_NAME_OP), ...set(C_OPERATOR)],
            ),
            [...get(C_OUT), ...constant(4), SHL, ...get(C_AT), ...store(HITS_AT)],
            [...get(C_OUT), ...constant(4), SHL, ...get(C_START), ...store(HITS_AT + 4)],
            [...get(C_OUT), ...constant(4), SHL, ...get(C_WORD), ...store(HITS_AT + 8)],
            [...get(C_OUT), ...constant(4), SHL, ...get(C_OPERATOR), ...store(HITS_AT + 12)],
            [...get(C_OUT), ...constant(1), ADD, ...set(C_OUT)],
          ),
          [...get(C_ENTRY), ...constant(1), ADD, ...set(C_ENTRY), ...br(0)],
        ),
      ),
      [...get(C_K), ...constant(1), ADD, ...set(C_K), ...br(0)],
    ),
  ),
  ...get(C_OUT),
]);

const MODULE = Uint8Array.from([
  ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
  ...section(1, vector([functionType(1), functionType(4)])),
  // Imports: the memory, "env" "memory", exactly PAGES pages.
  ...section(
    2,
    vector([
      [...name('env'), ...name('memory'), 0x02, 0x01, ...unsignedLeb(PAGES), ...unsignedLeb(PAGES)],
    ]),
  ),
  ...section(3, vector([[0], [1]])),
  ...section(
    7,
    vector([
      [...name('hot'), 0x00, 0],
      [...name('confirm'), 0x00, 1],
    ]),
  ),
  ...section(10, vector([HOT, CONFIRM])),
]);

/** The index of the pair of bytes `first second` in the tables (see the module's comment). */
export function pairKey(first: number, second: number): number {
  return first | (second << 8);
}

/** A keyword filter's tables for the pass, keyed by `pairKey` (keywords.ts builds them). */
export interface PairTables {
  /** The pairs with entries. */
  readonly bits: Uint32Array;
  /** Per pair with entries, its slot. */
  readonly slots: Uint16Array;
  /** Per slot, 16 words: the bytes that may stand before its pair, then after it. */
  readonly sides: Int32Array;
  /** Per slot: its first entry | its entry count << 16. */
  readonly slotEntries: Uint32Array;
  /** Per entry: its keyword | the pair's offset in the keyword << 16. */
  readonly entries: Uint32Array;
  /** Per keyword, four words: see WORDS_AT. */
  readonly words: Uint32Array;
  /** The keywords' bytes (lowercase when folded). */
  readonly wordBytes: Uint8Array;
}

export interface PairPass {
  /** The module's memory: SPAN_AT, LIST_AT and HITS_AT are offsets in it. */
  readonly memory: ArrayBuffer;
  /**
   * Lists every pair i < `pairs` (bytes SPAN_AT + 2i, 2i + 1) that `tables` let through, from
   * LIST_AT on as 32-bit integers, in order; returns how many.
   */
  list(tables: PairTables, pairs: number): number;
  /**
   * For the first `kept` pairs `list` listed, the keywords that occur there in the span's
   * `length` bytes (compared on the bytes; on an `ascii` span, an assignment stem only where its
   * name run is followed by an operator, as keywords.ts's `operatorAtByte`), from HITS_AT on as
   * four i32 each — the pair's offset, the keyword's, its index, the operator's offset or -1 —
   * in order; returns how many. Stops before a pair once over `limit` (see `cut`).
   */
  confirm(kept: number, length: number, ascii: boolean, limit: number): number;
  /** The pair the last `confirm` stopped before, or -1. */
  cut(): number;
}

/** The part of the WebAssembly API used here (its types come with the DOM library, not Node's). */
interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** The characters of a name and the spaces, as keywords.ts's NAME_BYTE and SPACE_BYTE. */
export interface CharClasses {
  readonly name: Uint8Array;
  readonly space: Uint8Array;
}

/**
 * The pass; one per process is enough. Filters take turns: a filter's tables (~300 KB) are copied
 * in when another filter used the pass last. The engine has one filter for the process
 * (engine.ts), so that happens once; other filters are the tests'.
 */
export function createPairPass(classes: CharClasses): PairPass {
  const wasm = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (wasm === undefined)
    throw new Error('@scm/firewall needs WebAssembly, which this runtime lacks (node --jitless?)');
  const memory = new wasm.Memory({ initial: PAGES, maximum: PAGES });
  const instance = new wasm.Instance(new wasm.Module(MODULE), { env: { memory } });
  const hot = instance.exports.hot as (pairs: number) => number;
  const confirm = instance.exports.confirm as (
    kept: number,
    length: number,
    ascii: number,
    limit: number,
  ) => number;
  const classTable = new Uint8Array(memory.buffer, CLASS_AT, 512);
  for (let code = 0; code < 256; code++)
    classTable[code] = (classes.name[code] ?? 0) | ((classes.space[code] ?? 0) << 1);
  const views = {
    bits: new Uint32Array(memory.buffer, BITS_AT, 65536 >> 5),
    slots: new Uint16Array(memory.buffer, SLOTS_AT, 65536),
    sides: new Int32Array(memory.buffer, SIDES_AT, 16 * MAX_SLOTS),
    slotEntries: new Uint32Array(memory.buffer, SLOT_ENTRIES_AT, MAX_SLOTS),
    entries: new Uint32Array(memory.buffer, ENTRIES_AT, MAX_ENTRIES),
    words: new Uint32Array(memory.buffer, WORDS_AT, 4 * MAX_WORDS),
    wordBytes: new Uint8Array(memory.buffer, WORD_BYTES_AT, MAX_WORD_BYTES),
  };
  const cut = new Int32Array(memory.buffer, CUT_AT, 1);
  let loaded: PairTables | null = null;
  return {
    memory: memory.buffer,
    list(tables, pairs) {
      if (loaded !== tables) {
        for (const key of Object.keys(views) as (keyof typeof views)[]) {
          if (tables[key].length > views[key].length)
            throw new RangeError(`a keyword filter's ${key} table is over the pass's room`);
          views[key].set(tables[key]);
        }
        loaded = tables;
      }
      return hot(pairs);
    },
    confirm: (kept, length, ascii, limit) => confirm(kept, length, ascii ? 1 : 0, limit),
    cut: () => cut[0] ?? -1,
  };
}
