import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMITTED_DOCUMENT, committedDocumentText } from './committed-document.js';

// `pnpm --filter @scm/api openapi`: writes the OpenAPI document that @scm/client is generated from.
writeFileSync(COMMITTED_DOCUMENT, committedDocumentText());
process.stdout.write(`wrote ${fileURLToPath(COMMITTED_DOCUMENT)}\n`);
