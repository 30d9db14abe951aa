import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMITTED_DOCUMENT, committedDocumentText } from './committed-document.js';

describe('the committed OpenAPI document (packages/client/openapi.json)', () => {
  it('is the live document, so the typed client cannot drift from the routes', () => {
    const committed = readFileSync(COMMITTED_DOCUMENT, 'utf8');
    // On failure: `pnpm --filter @scm/api openapi`, then rebuild @scm/client.
    expect(committed === committedDocumentText(), 'run pnpm --filter @scm/api openapi').toBe(true);
  });
});
