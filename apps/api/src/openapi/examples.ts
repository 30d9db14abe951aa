import type { EndpointKey } from '../unified/endpoints.js';
import recorded from './unified-examples.json' with { type: 'json' };

// Answers recorded from the demo gateway (`pnpm demo`: the GitHub simulator's seeded dataset, as
// src/openapi/answers.integration.test.ts reads it), with the simulator's loopback URL replaced by
// github.example. They are data, kept as recorded in unified-examples.json (so no provider id is
// written in the service's code); document.test.ts parses each with its route's answer schema.
export const UNIFIED_EXAMPLES: Partial<Record<EndpointKey, unknown>> = recorded;
