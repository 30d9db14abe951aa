import { createPkcePair } from '@scm/core';
import {
  bindOAuthState,
  createOAuthState,
  findOAuthState,
  spendOAuthState,
} from '../auth/oauth-states.js';
import { newId, newSecret } from '../crypto/tokens.js';
import { gatewayError } from '../http/errors.js';
import { currentRole } from '../members/service.js';
import type { GatewayServices } from '../services.js';

// The browser round trips of the integrations plane: a GitHub App manifest (create page → provider
// → callback), its installation (install page → provider → setup URL), and a provider OAuth
// application (authorize → callback). Each `state` is single use, expires, belongs to the user
// session that started it, and is bound to the first browser that opens its link (a cookie whose
// hash the state keeps; src/auth/browser-binding.ts).

/** Long enough to fill in GitHub's app creation page; GitHub's manifest code itself lives an hour. */
export const FLOW_TTL_MS = 30 * 60_000;

export type FlowKind = 'app_manifest' | 'app_install' | 'oauth';

export interface FlowPayload {
  kind: 'integration';
  flow: FlowKind;
  tenantId: string;
  userId: string;
  sessionId: string;
  hostId: string;
  /** The organization to create the app under (manifest flow); the user's account otherwise. */
  organization?: string;
  displayName?: string;
  /** The integration an installation flow belongs to. */
  connectionId?: string;
  /** Where the browser goes when the flow is done: a path on this gateway, or null for a JSON answer. */
  returnTo: string | null;
  bindingHash?: string;
}

export function parseFlowPayload(payload: unknown): FlowPayload | null {
  return typeof payload === 'object' &&
    payload !== null &&
    (payload as { kind?: unknown }).kind === 'integration'
    ? (payload as FlowPayload)
    : null;
}

export interface StartedFlow {
  state: string;
  stateId: string;
  expiresAt: Date;
  /** The PKCE verifier's challenge (OAuth flows). */
  codeChallenge: string | null;
}

export async function startFlow(
  services: GatewayServices,
  input: { provider: string; payload: Omit<FlowPayload, 'kind'>; pkce?: boolean },
): Promise<StartedFlow> {
  const state = newSecret('sgis');
  const stateId = newId('ost');
  const expiresAt = new Date(services.now() + FLOW_TTL_MS);
  const pkce = input.pkce === true ? createPkcePair() : null;
  await createOAuthState(services, {
    id: stateId,
    state,
    provider: input.provider,
    providerHostId: input.payload.hostId,
    payload: { kind: 'integration', ...input.payload } satisfies FlowPayload,
    codeVerifier: pkce?.verifier,
    expiresAt,
  });
  return { state, stateId, expiresAt, codeChallenge: pkce?.challenge ?? null };
}

export type FlowState = NonNullable<Awaited<ReturnType<typeof findFlow>>>;

/** The flow of a `state`, of this provider and kind; INVALID_REQUEST when unknown, used or expired. */
export async function findFlow(
  services: GatewayServices,
  input: { state: string; provider: string; flows: readonly FlowKind[] },
) {
  const row = await findOAuthState(services, input.state, input.provider, parseFlowPayload);
  if (row === null || !input.flows.includes(row.payload.flow))
    throw gatewayError('INVALID_REQUEST', 'Unknown integration state; start again.');
  if (row.usedAt !== null || row.expiresAt.getTime() <= services.now())
    throw gatewayError(
      'INVALID_REQUEST',
      'This integration link has expired or was used; start again.',
    );
  return row;
}

/** Binds an unbound flow to a browser (the first one to open its link wins). */
export async function bindFlow(
  services: GatewayServices,
  row: FlowState,
  bindingHash: string,
): Promise<void> {
  if (row.payload.bindingHash !== undefined || !(await bindOAuthState(services, row, bindingHash)))
    throw gatewayError('INVALID_REQUEST', 'This integration link was already opened; start again.');
}

/** Spends a flow's state (single use) and checks its session still stands. */
export async function spendFlow(services: GatewayServices, row: FlowState): Promise<void> {
  if (!(await spendOAuthState(services, row.id)))
    throw gatewayError('INVALID_REQUEST', 'This integration state was already used.');
  const session = await services.prisma.session.findUnique({
    where: { id: row.payload.sessionId },
    select: { revokedAt: true, expiresAt: true, userId: true },
  });
  if (
    session === null ||
    session.revokedAt !== null ||
    session.expiresAt.getTime() <= services.now() ||
    session.userId !== row.payload.userId
  )
    throw gatewayError(
      'AUTH_EXPIRED',
      'The session that started this integration has ended; sign in and start again.',
    );
  const role = await currentRole(services, row.payload);
  if (role === null || role === 'member')
    throw gatewayError(
      'INSUFFICIENT_SCOPE',
      'Role owner or admin is required to add an integration.',
    );
}
