import { z } from 'zod';
import type { IngestAnswer } from '../webhooks/ingest.js';
import { answers } from './route-doc.js';

// Answers of the provider connection, provider webhook and document routes.

/** What `GET /v1/auth/:provider/start` answers a JSON (API) start. */
export const AuthStart = z.object({
  path: z
    .string()
    .describe(
      "The gateway's callback path (`/v1/auth/{provider}/callback`) the provider returns to.",
    ),
  host: z.string().describe('The provider host the flow signs in at (`github.com`…).'),
  authorizationUrl: z
    .string()
    .describe(
      "Open it in the browser that signs in: the gateway's `/v1/auth/{provider}/begin` link, which binds the flow to that browser and goes on to the provider.",
    ),
  state: z.string().describe('`sgst_…`: the OAuth state of this flow.'),
  expiresAt: z.string().describe('When the flow expires unless completed (ISO 8601, UTC).'),
});

const WebhookAck = answers<IngestAnswer['body']>()(
  z.object({
    id: z.string().describe('`whe_…`: the stored delivery (the first one, for a duplicate).'),
    status: z.enum(['accepted', 'duplicate']),
    deliveries: z.number().int().describe('Subscription deliveries queued by this call.'),
  }),
);

/** 202: a new delivery, stored and fanned out. */
export const WebhookAccepted = WebhookAck.extend({ status: z.literal('accepted') });

/** 200: a delivery already stored (a redelivery, or the same one twice at once): nothing queued. */
export const WebhookDuplicate = WebhookAck.extend({
  status: z.literal('duplicate'),
  deliveries: z.literal(0),
});

/**
 * `/openapi.json`: its top level described; below it the document is open on purpose, since it is
 * OpenAPI 3.1 itself (its schema is the OpenAPI specification's, not this API's).
 */
export const OpenApiDocumentAnswer = z
  .object({
    openapi: z.literal('3.1.0'),
    info: z.object({
      title: z.string(),
      version: z.string(),
      description: z.string(),
      license: z.object({ name: z.string(), identifier: z.string() }),
    }),
    servers: z
      .array(z.object({ url: z.string() }))
      .optional()
      .describe("The gateway's PUBLIC_URL."),
    security: z.array(z.record(z.string(), z.array(z.string()))),
    tags: z.array(z.object({ name: z.string(), description: z.string() })),
    paths: z
      .record(z.string(), z.object({}).catchall(z.unknown()))
      .describe(
        'OpenAPI 3.1 Path Item Objects, by path: open here, as the specification defines them.',
      ),
    components: z
      .object({})
      .catchall(z.unknown())
      .describe(
        'OpenAPI 3.1 Components (schemas, security schemes, examples): open here, as the specification defines them.',
      ),
    webhooks: z.record(z.string(), z.unknown()).optional(),
  })
  .describe(
    'This OpenAPI 3.1 document. Open below its top level on purpose: it is described by the OpenAPI 3.1 specification (https://spec.openapis.org/oas/v3.1.0), not by itself.',
  );
