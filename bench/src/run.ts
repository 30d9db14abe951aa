import { formatSummary, type ComparisonResult } from './harness.js';
import type { BenchCase } from './cases/case.js';
import { cursorCase } from './cases/cursor.js';
import { firewallCase } from './cases/firewall.js';
import { gatewayCase } from './cases/gateway.js';
import { gatewayReadCase } from './cases/gateway-read.js';
import { startCase } from './cases/start.js';
import { transportCase } from './cases/transport.js';
import { upstreamCallsCase } from './cases/upstream-calls.js';
import { usageLogCase } from './cases/usage-log.js';
import { webhooksCase } from './cases/webhooks.js';

const cases: readonly BenchCase[] = [
  cursorCase,
  transportCase,
  firewallCase,
  gatewayCase,
  gatewayReadCase,
  webhooksCase,
  upstreamCallsCase,
  usageLogCase,
  startCase,
];

async function main(filter: string | undefined): Promise<void> {
  const selected = cases.filter(
    (benchCase) => filter === undefined || benchCase.name.includes(filter),
  );
  if (selected.length === 0) {
    process.stderr.write(
      `No bench case matches "${filter ?? ''}". Cases: ${cases.map((c) => c.name).join(', ')}\n`,
    );
    process.exitCode = 1;
    return;
  }
  process.stdout.write(
    `Node ${process.version}, ${process.platform}/${process.arch}. Ratios are candidate / baseline from this run; absolute numbers are noisy.\n`,
  );
  const results: ComparisonResult[] = [];
  for (const benchCase of selected) results.push(...(await benchCase.run()));
  if (results.length > 0) process.stdout.write(`\nSummary\n${formatSummary(results)}\n`);
}

await main(process.argv[2]);
