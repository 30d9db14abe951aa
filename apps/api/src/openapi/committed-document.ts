import { buildOpenApiDocument } from './document.js';

/**
 * Where the document is committed: @scm/client generates its types from this file at build time,
 * so the client builds without the gateway. A test fails when it differs from the live document.
 */
export const COMMITTED_DOCUMENT = new URL(
  '../../../../packages/client/openapi.json',
  import.meta.url,
);

/** The committed document's text: the document without servers, two-space JSON, a final newline. */
export function committedDocumentText(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}
