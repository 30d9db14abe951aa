import type { Logger } from '@scm/core';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

// Field names whose values are never written, at any depth.
const SECRET_FIELD = /token|secret|password|authorization|cookie|api[-_]?key|private[-_]?key|code_verifier|^code$/i;

/** Copies `value`, replacing secret-named fields with `[redacted]`; the original is untouched. */
export function redactFields(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactFields(item, depth + 1));
  if (value instanceof Error) return { name: value.name, message: value.message };
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SECRET_FIELD.test(key) ? '[redacted]' : redactFields(item, depth + 1);
  }
  return copy;
}

/** One JSON object per line on stdout (or `write`), secret fields redacted on a copy. */
export function createJsonLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const threshold = ORDER[level];
  const log = (lvl: Exclude<LogLevel, 'silent'>) => (message: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < threshold) return;
    const entry = { time: new Date().toISOString(), level: lvl, msg: message, ...(redactFields(fields ?? {}) as object) };
    write(`${JSON.stringify(entry)}\n`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
