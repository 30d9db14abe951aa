import type { SimulatorHandle } from '../../contract/types.js';
import { generateDataset } from '../../dataset/generate-dataset.js';
import type { Dataset } from '../../dataset/types.js';
import { createFaultController } from '../../server/faults.js';
import { startSimulatorServer } from '../../server/simulator-server.js';
import { exampleRoutes, type ExampleTokens } from './example-routes.js';
import { EXAMPLE_SIGNATURE_HEADER, exampleDeliveries } from './example-webhook-deliveries.js';
import { wireError } from './wire-paging.js';

export interface ExampleSimulatorOptions {
  /** Dataset seed; ignored when `dataset` is given. Default 1. */
  seed?: number;
  dataset?: Dataset;
  /** The bearer token the simulated API accepts. Default `example-token`. */
  token?: string;
  /** The secret webhook deliveries are signed with. Default `example-webhook-secret`. */
  webhookSecret?: string;
  /** Epoch ms for created timestamps and rate-limit resets. Default `Date.now`. */
  now?: () => number;
}

export interface ExampleSimulator extends SimulatorHandle {
  /** The API base URL to give the adapter (the server's root). */
  baseUrl: string;
  /** The bearer token the API accepts now. */
  readonly token: string;
  /**
   * Expires the current token, which the API then answers with `401 token_expired`, and returns
   * the new one it accepts (for an adapter's `renewToken`).
   */
  expireToken(): string;
}

/** The "example" provider's API on 127.0.0.1, serving a seeded dataset. Stop it when done. */
export async function startExampleSimulator(
  options: ExampleSimulatorOptions = {},
): Promise<ExampleSimulator> {
  const dataset = options.dataset ?? generateDataset({ seed: options.seed ?? 1 });
  const tokens: ExampleTokens = {
    current: options.token ?? 'example-token',
    expired: new Set(),
  };
  let renewals = 0;
  const secret = options.webhookSecret ?? 'example-webhook-secret';
  const now = options.now ?? Date.now;
  const faults = createFaultController();
  const server = await startSimulatorServer({
    routes: exampleRoutes({ dataset, tokens, now }),
    faults,
    now,
    notFound: () => wireError(404, 'not_found', 'No such endpoint'),
    faultBody: (status) =>
      wireError(
        status,
        status === 429 || status === 403 ? 'rate_limited' : 'server_error',
        'Simulated failure',
      ).json,
  });
  const repository = dataset.repositories[0];
  if (repository === undefined) throw new Error('the dataset has no repository');
  return {
    url: server.url,
    baseUrl: server.url,
    get token() {
      return tokens.current;
    },
    expireToken() {
      tokens.expired.add(tokens.current);
      renewals += 1;
      tokens.current = `${options.token ?? 'example-token'}-renewed-${renewals}`;
      return tokens.current;
    },
    dataset,
    requests: server.requests,
    faults,
    webhooks: {
      secret,
      signatureHeader: EXAMPLE_SIGNATURE_HEADER,
      deliveries: () => exampleDeliveries(dataset, repository, secret),
    },
    expected: {
      repository: repository.fullName,
      repositoryId: String(repository.id),
      rawRead: { path: '/me' },
    },
    stop: () => server.stop(),
  };
}
