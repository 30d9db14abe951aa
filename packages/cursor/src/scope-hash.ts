import { createHash } from 'node:crypto';

export type ScopeValue = string | number | boolean | null | undefined;

/**
 * Everything a page depends on. A cursor minted for one scope is rejected in any other, so a
 * client cannot replay it against another repository, filter, page size or caller.
 */
export interface CursorScope {
  /** The normalized operation, e.g. `repos.pulls.list`. */
  endpoint: string;
  /** Provider id, e.g. `github`. */
  provider: string;
  /** The repository, when the endpoint is repository-scoped (`owner/name`). */
  repo?: string | undefined;
  /** Every filter of the request (`branch`, `state`, `ref`, `path`, `recursive`…); `undefined` means absent. */
  filters: Readonly<Record<string, ScopeValue>>;
  /** Page size. */
  limit: number;
  /**
   * Who the cursor was issued to: an authorization or token id. Prefer a stable id (or a hash) to
   * a raw credential; it only enters a SHA-256 here, but ids keep credentials out of every path.
   */
  principal: string;
}

type Canonical = readonly [tag: string, value?: unknown];

// Values carry a type tag so `"1"` and `1` (or `"true"` and `true`) differ, and objects become
// sorted [key, value] pairs serialised with JSON, so no choice of characters in a key or value
// (`{ a: "b,c" }` vs `{ a: "b", c: … }`) can collide with another shape.
function canonicalize(value: unknown, path: string): Canonical {
  switch (typeof value) {
    case 'string':
      return ['s', value];
    case 'boolean':
      return ['b', value];
    case 'number':
      // String() keeps NaN and ±Infinity apart (JSON would turn all three into null); -0 → "0".
      return ['n', String(value)];
    case 'object': {
      if (value === null) return ['z'];
      if (Array.isArray(value)) break;
      const entries: [string, Canonical][] = [];
      for (const key of Object.keys(value).sort()) {
        const item: unknown = (value as Record<string, unknown>)[key];
        if (item !== undefined) entries.push([key, canonicalize(item, `${path}.${key}`)]);
      }
      return ['o', entries];
    }
    case 'undefined':
    case 'bigint':
    case 'symbol':
    case 'function':
      break;
  }
  throw new TypeError(`Unsupported cursor scope value at ${path}`);
}

/** base64url SHA-256 of a canonical, type-tagged serialisation of the scope (key order and `undefined` ignored). */
export function hashScope(scope: CursorScope): string {
  const canonical = JSON.stringify(canonicalize(scope, 'scope'));
  return createHash('sha256').update(canonical, 'utf8').digest('base64url');
}
