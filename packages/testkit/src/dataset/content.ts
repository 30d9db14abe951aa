import type { Prng } from './prng.js';

const WORDS = [
  'cache',
  'cursor',
  'billing',
  'invoice',
  'webhook',
  'session',
  'router',
  'schema',
  'metrics',
  'queue',
  'retry',
  'search',
  'upload',
  'export',
  'audit',
  'profile',
  'token',
  'report',
  'sync',
  'release',
  'deploy',
  'config',
  'parser',
  'client',
  'worker',
  'limits',
  'archive',
  'mailer',
] as const;
const VERBS = [
  'Add',
  'Fix',
  'Refactor',
  'Document',
  'Speed up',
  'Test',
  'Simplify',
  'Harden',
] as const;

export function word(prng: Prng): string {
  return prng.pick(WORDS);
}

export function commitMessage(prng: Prng, subject?: string): string {
  const title =
    subject ??
    `${prng.pick(VERBS)} ${word(prng)} ${prng.pick(['handling', 'module', 'tests', 'docs', 'edge cases'])}`;
  if (!prng.chance(0.4)) return title;
  return `${title}\n\nThe ${word(prng)} path now checks its ${word(prng)} before it runs.`;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE64 = `${ALPHANUMERIC}+/`;

/** Fake but well-formed secrets, so the firewall has something real-looking to strip. */
export const secrets = {
  stripeKey: (prng: Prng): string => `sk_live_${prng.chars(24, ALPHANUMERIC)}`,
  githubToken: (prng: Prng): string => `ghp_${prng.chars(36, ALPHANUMERIC)}`,
  awsKeyId: (prng: Prng): string => `AKIA${prng.chars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
  privateKeyBlock: (prng: Prng): string => {
    const lines = ['-----BEGIN PRIVATE KEY-----'];
    for (let index = 0; index < 6; index++) lines.push(prng.chars(64, BASE64));
    lines.push(`${prng.chars(20, BASE64)}==`, '-----END PRIVATE KEY-----');
    return `${lines.join('\n')}\n`;
  },
};

function tsLine(prng: Prng): string {
  return `export const ${word(prng)}${prng.int(1, 999)} = ${prng.int(0, 10_000)};`;
}

function mdLine(prng: Prng): string {
  return `The ${word(prng)} ${prng.pick(['service', 'module', 'job'])} keeps ${word(prng)} data for ${prng.int(2, 90)} days.`;
}

/** Content for a path, its format chosen by the file name. Always ends with a newline. */
export function fileContent(prng: Prng, path: string, repoName: string): string {
  const name = path.split('/').pop() ?? path;
  if (name === '.env') {
    return [
      `API_KEY=${secrets.stripeKey(prng)}`,
      `DATABASE_URL=postgres://app:${prng.chars(12, ALPHANUMERIC)}@db.internal:5432/${repoName}`,
      `AWS_ACCESS_KEY_ID=${secrets.awsKeyId(prng)}`,
      `LOG_LEVEL=info`,
      '',
    ].join('\n');
  }
  if (name.endsWith('.pem') || name.endsWith('.key')) return secrets.privateKeyBlock(prng);
  if (name.endsWith('.yml')) {
    return [
      `service: ${repoName}`,
      'database:',
      '  user: app',
      '  password: hunter2',
      `  pool: ${prng.int(2, 20)}`,
      `cache_ttl: ${prng.int(30, 600)}`,
      '',
    ].join('\n');
  }
  if (name.endsWith('.sh')) {
    return [
      '#!/bin/sh',
      'set -eu',
      `GITHUB_TOKEN=${secrets.githubToken(prng)}`,
      `echo "deploying ${repoName}"`,
      '',
    ].join('\n');
  }
  if (name === 'package.json') {
    return `${JSON.stringify({ name: repoName, version: '0.1.0', private: true }, null, 2)}\n`;
  }
  if (name.endsWith('.md')) {
    const lines = [`# ${name === 'README.md' ? repoName : word(prng)}`, ''];
    for (let index = prng.int(3, 6); index > 0; index--) lines.push(mdLine(prng));
    return `${lines.join('\n')}\n`;
  }
  const lines = [`// ${path}`];
  for (let index = prng.int(4, 9); index > 0; index--) lines.push(tsLine(prng));
  return `${lines.join('\n')}\n`;
}

/** A small change to a file: a rotated key for `.env`, else one line replaced and some appended. */
export function editContent(prng: Prng, path: string, content: string): string {
  const lines = content.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (path.endsWith('.env')) {
    const index = lines.findIndex((line) => line.startsWith('API_KEY='));
    if (index >= 0) lines[index] = `API_KEY=${secrets.stripeKey(prng)}`;
    else lines.push(`API_KEY=${secrets.stripeKey(prng)}`);
    return `${lines.join('\n')}\n`;
  }
  if (path.endsWith('.pem') || path.endsWith('.key')) return secrets.privateKeyBlock(prng);
  const make = path.endsWith('.md')
    ? mdLine
    : path.endsWith('.ts')
      ? tsLine
      : (p: Prng) => `# ${word(p)} ${p.int(1, 99)}`;
  if (lines.length > 1) lines[prng.int(1, lines.length - 1)] = make(prng);
  for (let count = prng.int(0, 2); count > 0; count--) lines.push(make(prng));
  return `${lines.join('\n')}\n`;
}

/** Paths that appear in the first commit of every repository, secrets included. */
export const INITIAL_PATHS = [
  'README.md',
  'package.json',
  '.env',
  'config/app.yml',
  'scripts/deploy.sh',
  'deploy/certs/server.pem',
  'src/index.ts',
  'src/lib/format.ts',
  'docs/guide/getting-started.md',
] as const;

/** A path for a file added later, nested a few directories deep. */
export function newFilePath(prng: Prng): string {
  const name = `${word(prng)}-${prng.int(1, 999)}`;
  switch (prng.int(0, 3)) {
    case 0:
      return `src/api/v1/handlers/${name}.ts`;
    case 1:
      return `src/lib/${name}.ts`;
    case 2:
      return `test/${name}.test.ts`;
    default:
      return `docs/guide/${name}.md`;
  }
}
