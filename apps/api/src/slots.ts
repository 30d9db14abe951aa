/**
 * At most `concurrency` tasks run at once; up to `queue` more wait in order (unbounded by
 * default); beyond that `refuse()` is thrown at once instead of piling up.
 */
export function createSlots(options: {
  concurrency: number;
  queue?: number;
  refuse?: () => Error;
}): <T>(task: () => Promise<T>) => Promise<T> {
  const queue = options.queue ?? Number.POSITIVE_INFINITY;
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running < options.concurrency) running++;
    else if (waiting.length < queue) await new Promise<void>((resolve) => waiting.push(resolve));
    else throw options.refuse?.() ?? new Error('no slot free');
    try {
      return await task();
    } finally {
      // Hand the slot to the next waiter as it is, or free it.
      const next = waiting.shift();
      if (next === undefined) running--;
      else next();
    }
  };
}
