/**
 * A realistic unified diff of any size, the same bytes for the same seed: many files of several
 * languages and config formats, hunks with context, code that mentions keys and tokens without
 * holding any, and now and then a real-looking secret, a private-key block or a blocked file.
 */

/** Mulberry32: small, fast, seeded. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE64 = `${ALNUM}+/`;
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
  'keyring',
  'tokenizer',
];

const CODE_LINES: readonly ((w: string, n: number) => string)[] = [
  (w, n) => `  const ${w}Count = items.filter((item) => item.${w} > ${n}).length;`,
  (w) => `  if (!${w}) throw new Error('missing ${w}');`,
  (w, n) => `  for (const key of Object.keys(${w}Map)) total += ${w}Map[key] * ${n};`,
  (w) => `  const response = await client.get(\`/api/v1/${w}s/\${id}\`, { signal });`,
  (w) => `  // The ${w} path retries twice before it gives up; see docs/${w}.md.`,
  (w) => `  logger.info({ ${w}, durationMs: Date.now() - started }, '${w} done');`,
  (w) => `  return { ...state, ${w}: action.payload, updatedAt: new Date().toISOString() };`,
  (w) => `  const token = await auth.getAccessToken({ scope: '${w}:read' });`,
  (w, n) => `export const ${w.toUpperCase()}_TIMEOUT_MS = ${n * 100};`,
  (w) => `import { ${w}Schema } from './schemas/${w}.js';`,
  (w) => `    expect(result.${w}).toEqual(expected.${w});`,
  () => `  }`,
  () => ``,
];
const PY_LINES: readonly ((w: string, n: number) => string)[] = [
  (w) => `    def ${w}(self, request):`,
  (w, n) => `        return self.${w}_service.fetch(limit=${n}, offset=offset)`,
  () => `        password = form.cleaned_data["password"]`,
  (w) => `        logger.debug("loaded %s ${w} rows", len(rows))`,
  (w) => `from app.${w} import ${w[0]?.toUpperCase() ?? 'X'}${w.slice(1)}Client`,
];
const YAML_LINES: readonly ((w: string, n: number) => string)[] = [
  (w) => `  ${w}:`,
  (w, n) => `    replicas: ${n % 7}`,
  (w) => `    image: registry.example.com/acme/${w}:1.${w.length}.0`,
  (w) => `    secretRef: ${w}-credentials`,
  (w, n) => `    timeout_seconds: ${n}`,
];
const MD_LINES: readonly ((w: string, n: number) => string)[] = [
  (w, n) => `The ${w} service keeps data for ${n} days and rotates its key monthly.`,
  (w) => `Set \`${w.toUpperCase()}_TOKEN\` in your environment before running \`pnpm ${w}\`.`,
  (w) => `See [the ${w} guide](https://docs.example.com/${w}) for details.`,
];

export interface GeneratedDiff {
  text: string;
  files: number;
}

/**
 * One file section of `git diff` output after another, forever, the same for the same seed.
 * The RSS children stream from it, so they never hold the whole diff.
 */
export function* diffSections(seed = 42): Generator<string, never, undefined> {
  const random = createRandom(seed);
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chars = (count: number, alphabet: string): string => {
    let out = '';
    for (let index = 0; index < count; index++)
      out += alphabet.charAt(Math.floor(random() * alphabet.length));
    return out;
  };
  // Secrets written the way each kind of file holds them.
  const codeSecret = (): string =>
    pick([
      () => `const apiKey = "${chars(32, ALNUM)}";`,
      () => `const stripe = new Stripe("sk_live_${chars(24, ALNUM)}");`,
      () => `const octokit = new Octokit({ auth: "ghp_${chars(36, ALNUM)}" });`,
      () => `  "client_secret": "${chars(40, ALNUM)}",`,
    ])();
  const configSecret = (): string =>
    pick([
      () => `    password: ${chars(14, ALNUM)}`,
      () => `    url: postgres://app:${chars(16, ALNUM)}@db.internal:5432/app`,
      () => `    aws_access_key_id: AKIA${chars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
    ])();

  let files = 0;
  for (;;) {
    files++;
    const word = pick(WORDS);
    const kind = int(0, 99);
    let path: string;
    let lines: readonly ((w: string, n: number) => string)[];
    let secret: () => string = codeSecret;
    if (kind < 60) {
      path = `src/${pick(WORDS)}/${word}-${files}.ts`;
      lines = CODE_LINES;
    } else if (kind < 75) {
      path = `app/${word}/views_${files}.py`;
      lines = PY_LINES;
    } else if (kind < 87) {
      path = `deploy/${word}-${files}.yaml`;
      lines = YAML_LINES;
      secret = configSecret;
    } else if (kind < 99) {
      path = `docs/${word}-${files}.md`;
      lines = MD_LINES;
    } else {
      path = pick(['.env', 'config/.env.production', 'certs/server.pem', 'id_rsa']);
      lines = CODE_LINES;
    }
    let out = `diff --git a/${path} b/${path}\nindex ${chars(7, '0123456789abcdef')}..${chars(7, '0123456789abcdef')} 100644\n--- a/${path}\n+++ b/${path}\n`;
    for (let hunk = int(1, 4); hunk > 0; hunk--) {
      const body: string[] = [];
      let oldCount = 0;
      let newCount = 0;
      const context = (): void => {
        body.push(` ${pick(lines)(pick(WORDS), int(1, 999))}`);
        oldCount++;
        newCount++;
      };
      for (let index = 0; index < 3; index++) context();
      for (let index = int(1, 12); index > 0; index--) {
        const roll = random();
        if (roll < 0.3) {
          body.push(`-${pick(lines)(pick(WORDS), int(1, 999))}`);
          oldCount++;
        } else if (roll < 0.9) {
          body.push(`+${pick(lines)(pick(WORDS), int(1, 999))}`);
          newCount++;
        } else context();
      }
      if (random() < 0.04) {
        body.push(`+${secret()}`);
        newCount++;
      }
      if (random() < 0.003) {
        body.push('+-----BEGIN RSA PRIVATE KEY-----');
        for (let index = 0; index < 25; index++) body.push(`+${chars(64, BASE64)}`);
        body.push('+-----END RSA PRIVATE KEY-----');
        newCount += 27;
      }
      for (let index = 0; index < 3; index++) context();
      const start = int(1, 400);
      out += `@@ -${start},${oldCount} +${start},${newCount} @@ export function ${word}${start}() {\n${body.join('\n')}\n`;
    }
    yield out;
  }
}

/** At least `bytes` characters of `git diff` output (ASCII, so bytes = characters). */
export function generateDiff(bytes: number, seed = 42): GeneratedDiff {
  const parts: string[] = [];
  let size = 0;
  for (const section of diffSections(seed)) {
    if (size >= bytes) break;
    parts.push(section);
    size += section.length;
  }
  return { text: parts.join(''), files: parts.length };
}
