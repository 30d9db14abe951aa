import type { ComparisonResult } from '../harness.js';

/** A named group of comparisons; `pnpm bench <filter>` runs the cases whose name contains the filter. */
export interface BenchCase {
  name: string;
  run(): Promise<ComparisonResult[]>;
}
