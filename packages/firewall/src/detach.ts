/**
 * A copy of `text` that does not keep a larger string alive. V8 represents `big.slice(a, b)` as a
 * view into `big`: a path or a secret value cut out of a 64 KB chunk keeps the whole chunk in
 * memory for as long as it is referenced. What outlives its chunk (report paths, the marker
 * cache's keys) is detached with this: concatenation then a slice makes V8 build a new string
 * of the value's own length.
 */
export function detach(text: string): string {
  return `${text} `.slice(0, -1);
}
