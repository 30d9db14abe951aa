import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULE_IDS, type RuleId } from './config.js';
import { createFirewall } from './firewall.js';

const HASH_KEY = 'corpus-test-key-0123456789';

/** The marker, computed independently of the package: HMAC-SHA256, first 12 hex characters. */
function marker(value: string): string {
  return `[hashed:sha256:${createHmac('sha256', HASH_KEY).update(value).digest('hex').slice(0, 12)}]`;
}

interface Entry {
  lineNumber: number;
  kind: 'file' | 'diff';
  path: string;
  label: 'secret' | 'clean' | 'issue-clean';
  rule: RuleId | null;
  input: string;
  expected: string;
}

function unescape(text: string): string {
  let out = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '\\' && text[index + 1] === 'n') {
      out += '\n';
      index++;
    } else if (char === '\\' && text[index + 1] === '\\') {
      out += '\\';
      index++;
    } else out += char ?? '';
  }
  return out;
}

/** `a «b» c` → input `a b c`, expected `a <marker(b)> c`. */
function split(text: string): { input: string; expected: string } {
  let input = '';
  let expected = '';
  let from = 0;
  for (;;) {
    const open = text.indexOf('«', from);
    if (open < 0) break;
    const close = text.indexOf('»', open);
    if (close < 0) throw new Error(`unclosed « in ${text}`);
    const value = text.slice(open + 1, close);
    input += text.slice(from, open) + value;
    expected += text.slice(from, open) + marker(value);
    from = close + 1;
  }
  return { input: input + text.slice(from), expected: expected + text.slice(from) };
}

function loadCorpus(): Entry[] {
  const source = readFileSync(
    new URL('./__fixtures__/secrets-corpus.txt', import.meta.url),
    'utf8',
  );
  const entries: Entry[] = [];
  let kind: Entry['kind'] = 'file';
  let path = '';
  source.split('\n').forEach((line, index) => {
    if (line === '' || line.startsWith('#')) return;
    if (line.startsWith('@file ') || line.startsWith('@diff ')) {
      kind = line.startsWith('@file ') ? 'file' : 'diff';
      path = line.slice(6);
      return;
    }
    const bar = line.indexOf('|');
    const tag = line.slice(0, bar);
    const { input, expected } = split(unescape(line.slice(bar + 1)));
    const rule = tag.startsWith('S:') ? (tag.slice(2) as RuleId) : null;
    if (rule !== null && !RULE_IDS.includes(rule)) throw new Error(`unknown rule ${rule}`);
    const label = rule !== null ? 'secret' : tag === 'N!' ? 'issue-clean' : 'clean';
    entries.push({ lineNumber: index + 1, kind, path, label, rule, input, expected });
  });
  return entries;
}

const firewall = createFirewall({ hashKey: HASH_KEY });

const WELL_KNOWN: readonly RuleId[] = RULE_IDS.filter(
  (rule) => rule !== 'secret-assignment' && rule !== 'url-credentials',
);

/** The well-known formats' rules that counted a finding in a report. */
function formatsIn(report: { byRule: Record<RuleId, number> }): RuleId[] {
  return WELL_KNOWN.filter((rule) => report.byRule[rule] > 0);
}

function run(entry: Entry): { output: string; counted: boolean; formats: RuleId[] } {
  if (entry.kind === 'file') {
    const { file, report } = firewall.applyToFile({
      path: entry.path,
      content: `${entry.input}\n`,
    });
    return {
      output: (file.content ?? '').slice(0, -1),
      counted: entry.rule !== null && report.byRule[entry.rule] > 0,
      formats: formatsIn(report),
    };
  }
  const lines = entry.input.split('\n');
  const old = lines.filter((line) => !line.startsWith('+')).length;
  const added = lines.filter((line) => !line.startsWith('-')).length;
  const header = `@@ -1,${old} +1,${added} @@\n`;
  const { diff, report } = firewall.applyToDiff({
    provider: 'github',
    sha: 'a'.repeat(40),
    baseSha: null,
    truncated: false,
    files: [
      {
        path: entry.path,
        previousPath: null,
        status: 'modified',
        additions: added,
        deletions: old,
        binary: false,
        patch: `${header}${entry.input}\n`,
      },
    ],
  });
  const patch = diff.files[0]?.patch ?? '';
  return {
    output: patch.slice(header.length, -1),
    counted: entry.rule !== null && report.byRule[entry.rule] > 0,
    formats: formatsIn(report),
  };
}

describe('labelled corpus', () => {
  const entries = loadCorpus();
  const results = entries.map((entry) => ({ entry, ...run(entry) }));

  it('has at least 300 labelled lines across formats', () => {
    expect(entries.length).toBeGreaterThanOrEqual(300);
    expect(new Set(entries.map((entry) => entry.path)).size).toBeGreaterThanOrEqual(20);
    expect(entries.filter((entry) => entry.kind === 'diff').length).toBeGreaterThanOrEqual(40);
  });

  it('proves every rule with at least one labelled secret', () => {
    const proven = new Set(entries.map((entry) => entry.rule));
    expect(RULE_IDS.filter((rule) => !proven.has(rule))).toEqual([]);
  });

  it('prints precision and recall, and meets the bars', () => {
    let truePositive = 0;
    let falsePositive = 0;
    let falseNegative = 0;
    let exact = 0;
    const misses: string[] = [];
    const perRule = new Map<string, { found: number; total: number }>();
    for (const { entry, output, counted } of results) {
      const flagged = output !== entry.input;
      if (entry.label === 'secret') {
        const stats = perRule.get(entry.rule ?? '') ?? { found: 0, total: 0 };
        stats.total++;
        if (flagged) {
          truePositive++;
          stats.found++;
        } else falseNegative++;
        perRule.set(entry.rule ?? '', stats);
        if (output === entry.expected && counted) exact++;
        else
          misses.push(
            `line ${entry.lineNumber} [${entry.rule ?? ''}] ${entry.input}\n  → ${output}`,
          );
      } else if (flagged) {
        falsePositive++;
        misses.push(`line ${entry.lineNumber} [false positive] ${entry.input}\n  → ${output}`);
      }
    }
    const precision = truePositive / (truePositive + falsePositive);
    const recall = truePositive / (truePositive + falseNegative);
    const secrets = truePositive + falseNegative;
    const lines = [
      `corpus: ${entries.length} entries, ${secrets} secrets, ${entries.length - secrets} clean`,
      `precision ${(precision * 100).toFixed(1)}%  recall ${(recall * 100).toFixed(1)}%  exact spans ${exact}/${secrets}`,
      ...[...perRule].map(([rule, stats]) => `  ${rule.padEnd(22)} ${stats.found}/${stats.total}`),
      ...misses,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);

    for (const { entry, output, counted, formats } of results) {
      // A token format's near-miss (`npm_config_registry`, `GLC_Create…`, a placeholder) is never
      // one: the 97 % precision bar below is the secret-assignment heuristic's allowance only.
      if (entry.label !== 'secret')
        expect({ line: entry.lineNumber, formats }).toEqual({
          line: entry.lineNumber,
          formats: [],
        });
      if (entry.rule !== null && WELL_KNOWN.includes(entry.rule)) {
        expect({ line: entry.lineNumber, output, counted }).toEqual({
          line: entry.lineNumber,
          output: entry.expected,
          counted: true,
        });
      }
      if (entry.label === 'issue-clean')
        expect({ line: entry.lineNumber, output }).toEqual({
          line: entry.lineNumber,
          output: entry.input,
        });
    }
    expect(recall).toBeGreaterThanOrEqual(0.97);
    expect(precision).toBeGreaterThanOrEqual(0.97);
  });
});
