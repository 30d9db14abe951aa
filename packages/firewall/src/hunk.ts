/**
 * Hunk headers, `@@ -a[,b] +c[,d] @@`: the line counts that say where a hunk ends. Read from the
 * string, or from the bytes of an ASCII span (see `KeywordHits.ascii`), without allocating.
 */

import { hasAt } from './chars.js';

/** The counts the last successful `readHunkCounts` read. */
export const HUNK = { old: 0, new: 0 };

/** Digits at `from` (at most 10, before `end`): their value, with the end in `digitsEnd`. */
let digitsEnd = 0;
function readDigits(text: string, from: number, end: number): number {
  let at = from;
  let value = 0;
  while (at < end && at - from < 10) {
    const code = text.charCodeAt(at);
    if (code < 48 || code > 57) break;
    value = value * 10 + (code - 48);
    at++;
  }
  digitsEnd = at;
  return value;
}

/** `@@ -a[,b] +c[,d] @@` at [start, end) → HUNK = { old: b, new: d } (1 when omitted); false when malformed. */
export function readHunkCounts(text: string, start: number, end: number): boolean {
  if (!hasAt(text, start, '@@ -')) return false;
  readDigits(text, start + 4, end);
  if (digitsEnd === start + 4) return false;
  let index = digitsEnd;
  let oldCount = 1;
  if (index < end && text.charCodeAt(index) === 44) {
    oldCount = readDigits(text, index + 1, end);
    if (digitsEnd === index + 1) return false;
    index = digitsEnd;
  }
  if (index + 2 > end || !hasAt(text, index, ' +')) return false;
  readDigits(text, index + 2, end);
  if (digitsEnd === index + 2) return false;
  index = digitsEnd;
  let newCount = 1;
  if (index < end && text.charCodeAt(index) === 44) {
    newCount = readDigits(text, index + 1, end);
    if (digitsEnd === index + 1) return false;
    index = digitsEnd;
  }
  if (index + 3 > end || !hasAt(text, index, ' @@')) return false;
  HUNK.old = oldCount;
  HUNK.new = newCount;
  return true;
}

/** `readDigits` over bytes. */
function readDigitBytes(bytes: Uint8Array, from: number, end: number): number {
  let at = from;
  let value = 0;
  while (at < end && at - from < 10) {
    const code = bytes[at] as number;
    if (code < 48 || code > 57) break;
    value = value * 10 + (code - 48);
    at++;
  }
  digitsEnd = at;
  return value;
}

/** `readHunkCounts` over the bytes of an ASCII span (positions in `bytes`). */
export function readHunkCountBytes(bytes: Uint8Array, start: number, end: number): boolean {
  if (
    start + 4 > end ||
    bytes[start] !== 64 ||
    bytes[start + 1] !== 64 ||
    bytes[start + 2] !== 32 ||
    bytes[start + 3] !== 45
  )
    return false;
  readDigitBytes(bytes, start + 4, end);
  if (digitsEnd === start + 4) return false;
  let index = digitsEnd;
  let oldCount = 1;
  if (index < end && bytes[index] === 44) {
    oldCount = readDigitBytes(bytes, index + 1, end);
    if (digitsEnd === index + 1) return false;
    index = digitsEnd;
  }
  if (index + 2 > end || bytes[index] !== 32 || bytes[index + 1] !== 43) return false;
  readDigitBytes(bytes, index + 2, end);
  if (digitsEnd === index + 2) return false;
  index = digitsEnd;
  let newCount = 1;
  if (index < end && bytes[index] === 44) {
    newCount = readDigitBytes(bytes, index + 1, end);
    if (digitsEnd === index + 1) return false;
    index = digitsEnd;
  }
  if (index + 3 > end || bytes[index] !== 32 || bytes[index + 1] !== 64 || bytes[index + 2] !== 64)
    return false;
  HUNK.old = oldCount;
  HUNK.new = newCount;
  return true;
}

/** `@@ -a[,b] +c[,d] @@` → line counts b and d (1 when omitted); null when malformed. */
export function parseHunkCounts(line: string): { old: number; new: number } | null {
  return readHunkCounts(line, 0, line.length) ? { old: HUNK.old, new: HUNK.new } : null;
}
