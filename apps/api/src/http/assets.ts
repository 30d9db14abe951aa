import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The pages' static files (`apps/api/assets/`): one stylesheet, two small scripts and the logo.
 * They are read once, from the package's `assets/` folder (found from this module's location, so
 * the same code serves them from `src/` under tsx and vitest, and from the `dist/` bundle, which
 * sits beside `assets/`), and served by `GET /assets/:file` (src/routes/assets/router.ts) with a
 * content hash: pages link `/assets/app.css?v=<hash>`, cached for a year, and a changed file gets a
 * new URL.
 */
export const ASSET_NAMES = [
  'app.css',
  'landing-page.js',
  'secure-git-connect-page.js',
  'gitflare-logo.svg',
] as const;

export type AssetName = (typeof ASSET_NAMES)[number];

export interface Asset {
  name: AssetName;
  body: Buffer;
  contentType: string;
  /** The first 16 hex digits of the body's SHA-256: the `v` of its URL and its ETag. */
  hash: string;
}

const CONTENT_TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};

export function isAssetName(value: string): value is AssetName {
  return (ASSET_NAMES as readonly string[]).includes(value);
}

/** The nearest `assets/` folder holding app.css, walking up from this module (src/http or dist). */
function assetsDirectory(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth += 1) {
    const candidate = join(directory, 'assets');
    if (existsSync(join(candidate, 'app.css'))) return candidate;
    directory = dirname(directory);
  }
  throw new Error('apps/api/assets/ not found: the pages cannot be served without their assets');
}

let loaded: ReadonlyMap<AssetName, Asset> | undefined;

/** Every asset, read on first use and kept (they change only with a deploy). */
export function assets(): ReadonlyMap<AssetName, Asset> {
  if (loaded !== undefined) return loaded;
  const directory = assetsDirectory();
  const map = new Map<AssetName, Asset>();
  for (const name of ASSET_NAMES) {
    const body = readFileSync(join(directory, name));
    const extension = name.slice(name.lastIndexOf('.') + 1);
    map.set(name, {
      name,
      body,
      contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
      hash: createHash('sha256').update(body).digest('hex').slice(0, 16),
    });
  }
  loaded = map;
  return map;
}

export function assetOf(name: AssetName): Asset {
  const asset = assets().get(name);
  if (asset === undefined) throw new Error(`asset ${name} is not loaded`);
  return asset;
}

/** `/assets/app.css?v=0123456789abcdef`: the URL a page links, unique per content. */
export function assetUrl(name: AssetName): string {
  return `/assets/${name}?v=${assetOf(name).hash}`;
}
