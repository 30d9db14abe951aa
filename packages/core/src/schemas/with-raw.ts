/**
 * A normalized item as its mapper built it (one object literal, `provider` first), with the
 * provider's payload attached as `raw` only when the caller asked for it.
 *
 * Mappers pass their literal here instead of spreading a shared base into it: V8 builds
 * `{ ...base(wire), sha, … }` by cloning and then defining each later field one by one, which cost
 * about 8 µs per item — more than the rest of the mapping of a commit (issue #21).
 */
export function withRaw<T extends object>(
  wire: unknown,
  context: { includeRaw: boolean },
  item: T,
): T & { raw?: unknown } {
  if (context.includeRaw) (item as T & { raw?: unknown }).raw = wire;
  return item;
}
