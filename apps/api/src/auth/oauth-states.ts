import { hashSecret } from '../crypto/tokens.js';
import type { GatewayServices } from '../services.js';

// A provider round trip in flight (the consent flow's OAuth, the integrations' GitHub App manifest
// and GitLab OAuth): the state is stored only as its hash, single use, short-lived, with a payload
// its flow defines and, for OAuth, the PKCE verifier sealed.

/** Stores a provider OAuth state: only its hash, and the PKCE verifier sealed. */
export async function createOAuthState(
  services: GatewayServices,
  input: {
    id: string;
    state: string;
    provider: string;
    providerHostId: string;
    payload: object;
    /** PKCE verifier of an OAuth round trip; omitted where the provider takes none. */
    codeVerifier?: string | undefined;
    expiresAt: Date;
  },
): Promise<void> {
  await services.prisma.oAuthState.create({
    data: {
      id: input.id,
      stateHash: hashSecret(input.state),
      provider: input.provider,
      providerHostId: input.providerHostId,
      payload: JSON.stringify(input.payload),
      codeVerifierEnc:
        input.codeVerifier === undefined ? null : services.secretBox.encrypt(input.codeVerifier),
      expiresAt: input.expiresAt,
    },
  });
}

/** The stored state of a provider's `state` value, with its payload; null when unknown or of another provider. */
export async function findOAuthState<Payload>(
  services: GatewayServices,
  state: string,
  provider: string,
  /** The flow's payload from the stored JSON, or null when the state belongs to another flow. */
  parse: (payload: unknown) => Payload | null,
) {
  const row = await services.prisma.oAuthState.findUnique({
    where: { stateHash: hashSecret(state) },
  });
  if (row === null || row.provider !== provider) return null;
  const payload = parse(JSON.parse(row.payload));
  if (payload === null) return null;
  return {
    id: row.id,
    providerHostId: row.providerHostId,
    expiresAt: row.expiresAt,
    usedAt: row.usedAt,
    /** The stored payload text, for compare-and-set. */
    rawPayload: row.payload,
    payload,
    hasCodeVerifier: row.codeVerifierEnc !== null,
    /** The PKCE verifier, unsealed when asked for; null for a state stored without one. */
    codeVerifier: (): string | null =>
      row.codeVerifierEnc === null ? null : services.secretBox.decrypt(row.codeVerifierEnc),
  };
}

/**
 * Binds an unused state to a browser: compare-and-set on the payload, so of two browsers opening
 * the link at once, one wins (false for the other).
 */
export async function bindOAuthState(
  services: GatewayServices,
  state: { id: string; rawPayload: string; payload: object },
  bindingHash: string,
): Promise<boolean> {
  const claimed = await services.prisma.oAuthState.updateMany({
    where: { id: state.id, payload: state.rawPayload, usedAt: null },
    data: { payload: JSON.stringify({ ...state.payload, bindingHash }) },
  });
  return claimed.count === 1;
}

/** Marks a state used; false when it already was (a replayed callback). */
export async function spendOAuthState(
  services: GatewayServices,
  stateId: string,
): Promise<boolean> {
  const claimed = await services.prisma.oAuthState.updateMany({
    where: { id: stateId, usedAt: null },
    data: { usedAt: new Date(services.now()) },
  });
  return claimed.count > 0;
}
