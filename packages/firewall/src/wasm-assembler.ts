/**
 * Just enough of WebAssembly's binary format (https://webassembly.github.io/spec/core/binary/) to
 * write the firewall's few functions by hand (hot-pairs.ts): numbers, sections, and one helper per
 * instruction used, each returning its bytes. No compiler to download, no build step.
 */

export const unsignedLeb = (value: number): number[] => {
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

export const vector = (items: readonly (readonly number[])[]): number[] => [
  ...unsignedLeb(items.length),
  ...items.flat(),
];
export const section = (id: number, body: readonly number[]): number[] => [
  id,
  ...unsignedLeb(body.length),
  ...body,
];
export const name = (text: string): number[] => [...unsignedLeb(text.length), ...Buffer.from(text)];

/** The value type i32, and a function type of i32 parameters and one i32 result. */
export const I32 = 0x7f;
export const functionType = (parameters: number): number[] => [
  0x60,
  ...vector(Array.from({ length: parameters }, () => [I32])),
  ...vector([[I32]]),
];
/** A function body: `locals` i32 locals after the parameters, then the code. */
export const functionBody = (locals: number, code: readonly number[]): number[] => {
  const body = [...vector([[locals, I32]]), ...code, END];
  return [...unsignedLeb(body.length), ...body];
};

export const get = (local: number): number[] => [0x20, local];
export const set = (local: number): number[] => [0x21, local];
export const tee = (local: number): number[] => [0x22, local];
export const constant = (value: number): number[] => [0x41, ...signedLeb(value)];
/** Loads and stores at an address on the stack plus a constant offset. */
export const load = (offset: number): number[] => [0x28, 2, ...unsignedLeb(offset)];
export const load16 = (offset: number): number[] => [0x2f, 1, ...unsignedLeb(offset)];
export const load8 = (offset: number): number[] => [0x2d, 0, ...unsignedLeb(offset)];
export const store = (offset: number): number[] => [0x36, 2, ...unsignedLeb(offset)];
export const call = (index: number): number[] => [0x10, index];

export const SELECT = 0x1b;
export const [EQZ, EQ, NE, LT_S, LT_U, GT_S, LE_S, GE_U] = [
  0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4c, 0x4f,
];
export const [ADD, SUB, AND, OR, SHL, SHR_U] = [0x6a, 0x6b, 0x71, 0x72, 0x74, 0x76];
export const [BLOCK, LOOP, BR, BR_IF, END, RETURN, EMPTY] = [
  0x02, 0x03, 0x0c, 0x0d, 0x0b, 0x0f, 0x40,
];
/** `block … end` and `loop … end` with no result. */
export const block = (...code: (readonly number[])[]): number[] => [
  BLOCK,
  EMPTY,
  ...code.flat(),
  END,
];
export const loop = (...code: (readonly number[])[]): number[] => [
  LOOP,
  EMPTY,
  ...code.flat(),
  END,
];
/** Branch out of (a block) or back to the start of (a loop) the `depth`-th enclosing label. */
export const br = (depth: number): number[] => [BR, depth];
export const brIf = (depth: number): number[] => [BR_IF, depth];
