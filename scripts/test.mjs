// `pnpm test`: everything CI checks. The repository stands on its own (check-self-contained.mjs),
// prettier, then turbo's build, typecheck, lint, check-exports and test of every package, two tasks
// at a time, going on past a failure so one run shows them all.
//
// A failure early in the run (a typecheck, say) would scroll away behind half an hour of test
// output, leaving only turbo's "Failed: <task>" at the end. So when turbo fails, the end of each
// failed task's log is printed again last, from the run summary turbo writes (`--summarize`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const TAIL_LINES = 80;
// vitest lists its failures under "Failed Tests N" ahead of its closing counts; a task that runs
// vitest twice (apps/api: SQLite, then PostgreSQL) has the first run's list far from the end.
const SECTION_LINES = 150;
const ANSI = /\x1b\[[0-9;]*m/g;
// The workspace's own prettier and turbo, also when this file is run with `node` directly.
const bin = (name) => join('node_modules', '.bin', name);
const RUNS = '.turbo/runs';

function run(command, args) {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.error) {
    console.error(`could not run ${command}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

// Only this run's summary is there afterwards (turbo writes under .turbo/runs only when asked):
// one file, replaced by the next run.
rmSync(RUNS, { recursive: true, force: true });
const steps = [
  [process.execPath, ['scripts/check-self-contained.mjs']],
  [bin('prettier'), ['--check', '.', '--log-level', 'warn']],
];
for (const [command, args] of steps) {
  const status = run(command, args);
  if (status !== 0) process.exit(status);
}

const tasks = ['build', 'typecheck', 'lint', 'check-exports', 'test'];
const status = run(bin('turbo'), ['run', ...tasks, '--continue', '--concurrency=2', '--summarize']);

const summary = (existsSync(RUNS) ? readdirSync(RUNS) : [])
  .filter((name) => name.endsWith('.json'))
  .map((name) => join(RUNS, name))[0];

if (status !== 0 && summary !== undefined) {
  const { tasks: ran } = JSON.parse(readFileSync(summary, 'utf8'));
  const failed = ran.filter(
    (task) => typeof task.execution?.exitCode === 'number' && task.execution.exitCode !== 0,
  );
  for (const task of failed) {
    const rule = '='.repeat(Math.max(8, 70 - task.taskId.length));
    console.error(`\n======== ${task.taskId} failed (exit ${task.execution.exitCode}) ${rule}`);
    if (typeof task.logFile !== 'string' || !existsSync(task.logFile)) {
      console.error('(turbo kept no log of it)');
      continue;
    }
    const lines = readFileSync(task.logFile, 'utf8').trimEnd().split('\n');
    const plain = lines.map((line) => line.replace(ANSI, ''));
    plain.forEach((line, at) => {
      if (!/Failed Tests \d+/.test(line) || at >= lines.length - TAIL_LINES) return;
      // To the separator after the last failure (`⎯[3/3]⎯`), at most SECTION_LINES.
      let end = at + 1;
      while (end < lines.length && end - at < SECTION_LINES)
        if (/\[(\d+)\/\1\]⎯/.test(plain[end++])) break;
      console.error(lines.slice(at, end).join('\n'));
    });
    if (lines.length > TAIL_LINES)
      console.error(`… the last ${TAIL_LINES} lines of ${task.logFile}:`);
    console.error(lines.slice(-TAIL_LINES).join('\n'));
  }
}
// The summary stays where turbo's last line says it is, until the next run replaces it.
process.exit(status);
