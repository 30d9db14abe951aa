import { compilePattern, splitPath, type CompiledPattern } from './route-pattern.js';

interface FaultOptions {
  /** Applies to the next `times` matching requests, then clears itself. Persists when omitted. */
  times?: number;
  /** Delay before the fault (or the normal answer) is served. */
  latencyMs?: number;
}

/** What to do to a matching request. */
export type Fault = FaultOptions &
  (
    | { latencyMs: number }
    | { status: 429; retryAfterSeconds: number }
    | { status: 403; rateLimited: true; resetInSeconds: number }
    | { status: 500 | 502 | 503 }
    | { hang: true }
    | { reset: true }
    | { malformedJson: true }
  );

/** Which requests a fault applies to: a method (or any) and a route pattern (or `*`). */
export type FaultTarget = '*' | { method?: string | undefined; route: string };

export interface InjectedFault {
  readonly id: number;
  readonly target: FaultTarget;
  readonly fault: Fault;
  /** Requests left before it clears; null when it persists. */
  readonly remaining: number | null;
}

export interface FaultController {
  /** Adds a fault; later faults win over earlier ones for the same request. */
  inject(target: FaultTarget, fault: Fault): InjectedFault;
  /** Removes one fault, or every fault. */
  clear(id?: number): void;
  list(): readonly InjectedFault[];
  /** The fault for a request, consuming one of its `times`. Used by the server. */
  take(method: string, path: string): Fault | undefined;
}

interface Entry {
  id: number;
  target: FaultTarget;
  fault: Fault;
  remaining: number | null;
  method: string | undefined;
  pattern: CompiledPattern;
}

/** Run-time settable fault injection, matched by method + route pattern (or `*`). */
export function createFaultController(): FaultController {
  let entries: Entry[] = [];
  let nextId = 1;
  const snapshot = (entry: Entry): InjectedFault => ({
    id: entry.id,
    target: entry.target,
    fault: entry.fault,
    remaining: entry.remaining,
  });
  return {
    inject(target, fault) {
      if (fault.times !== undefined && (!Number.isInteger(fault.times) || fault.times < 1)) {
        throw new RangeError('fault times must be a positive integer');
      }
      const entry: Entry = {
        id: nextId++,
        target,
        fault,
        remaining: fault.times ?? null,
        method: target === '*' ? undefined : target.method?.toUpperCase(),
        pattern: compilePattern(target === '*' ? '*' : target.route),
      };
      entries.push(entry);
      return snapshot(entry);
    },
    clear(id) {
      entries = id === undefined ? [] : entries.filter((entry) => entry.id !== id);
    },
    list: () => entries.map(snapshot),
    take(method, path) {
      const segments = splitPath(path);
      for (let index = entries.length - 1; index >= 0; index--) {
        const entry = entries[index] as Entry;
        if (entry.method !== undefined && entry.method !== method.toUpperCase()) continue;
        if (entry.pattern.match(segments) === undefined) continue;
        if (entry.remaining !== null && --entry.remaining <= 0) entries.splice(index, 1);
        return entry.fault;
      }
      return undefined;
    },
  };
}
