import type { IncomingHttpHeaders } from 'node:http';

/** What reading a credential needs of a request: its headers (Express's or a bare `IncomingMessage`). */
type WithHeaders = { readonly headers: IncomingHttpHeaders };

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(req: WithHeaders): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer[ ]+([^\s]{1,4096})$/i.exec(header.trim());
  return match?.[1];
}

/**
 * Why an `Authorization` header that is present gave no bearer token (another scheme, no token, a
 * token with spaces); undefined when there is no header. Names the scheme, never the credential.
 */
export function authorizationProblem(req: WithHeaders): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const scheme = /^\s*([A-Za-z][A-Za-z0-9-]{0,19})(?:\s|$)/.exec(header)?.[1];
  const expected =
    'Send the access token as Authorization: Bearer ACCESS_TOKEN (one space, the token unquoted).';
  if (scheme === undefined) return `The Authorization header has no scheme. ${expected}`;
  if (scheme.toLowerCase() !== 'bearer')
    return `The Authorization header uses the ${JSON.stringify(scheme)} scheme, which this API does not accept. ${expected}`;
  return `The Authorization header's Bearer token is missing, has spaces in it or is longer than 4096 characters. ${expected}`;
}

// Credentials callers send by mistake where an access token (`sggat_…`) belongs, by prefix. The
// provider prefixes are the documented ones (GitHub: https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/,
// GitLab: https://docs.gitlab.com/security/tokens/#token-prefixes, Atlassian: ATBB app passwords,
// ATCTT access tokens, ATATT API tokens); the gateway's own are minted with `newSecret(prefix)`.
const GET_ACCESS_TOKEN =
  'get an access token (sggat_…) from POST /oauth/token (authorization_code, refresh_token or client_credentials) and send that';
const MISPLACED_TOKENS: readonly { prefix: RegExp; what: string; instead: string }[] = [
  {
    prefix: /^(?:gh[opusr]_|github_pat_)/,
    what: 'a GitHub token',
    instead: `The gateway never takes provider tokens from API callers: connect the account through the app's consent flow (or an admin connection), then ${GET_ACCESS_TOKEN}.`,
  },
  {
    prefix: /^gl[a-z]{2,6}-/,
    what: 'a GitLab token',
    instead: `The gateway never takes provider tokens from API callers: connect the account through the app's consent flow (or an admin connection), then ${GET_ACCESS_TOKEN}.`,
  },
  {
    prefix: /^AT(?:BB|CTT|ATT)/,
    what: 'a Bitbucket (Atlassian) token',
    instead: `The gateway never takes provider tokens from API callers: connect the account through the app's consent flow (or an admin connection), then ${GET_ACCESS_TOKEN}.`,
  },
  {
    prefix: /^sggst_/,
    what: 'a developer session token (sggst_…), which signs in to the developer console and its API',
    instead: `The unified API is called by an app: ${GET_ACCESS_TOKEN}.`,
  },
  {
    prefix: /^sggpt_/,
    what: 'a personal API token (sggpt_…), which acts as its user on the console and account routes',
    instead: `The unified API is called by an app: ${GET_ACCESS_TOKEN}.`,
  },
  {
    prefix: /^sggcs_/,
    what: "an app's client secret (sggcs_…); keep it on your server",
    instead: `Exchange it (with the client id) at POST /oauth/token: ${GET_ACCESS_TOKEN}.`,
  },
  {
    prefix: /^sggrt_/,
    what: 'a refresh token (sggrt_…)',
    instead:
      'Exchange it at POST /oauth/token with grant_type=refresh_token for an access token (sggat_…), and send that.',
  },
  {
    prefix: /^sggadm_/,
    what: 'an admin API key (sggadm_…)',
    instead: `It goes in the x-admin-api-key header of the admin routes; for the unified API, ${GET_ACCESS_TOKEN}.`,
  },
];

/**
 * What a bearer credential that is not a known access token is, when its prefix says (a provider
 * token, a session token, a client secret…), and what to send instead; undefined otherwise. Never
 * repeats the credential.
 */
export function describeMisplacedToken(token: string): string | undefined {
  const match = MISPLACED_TOKENS.find((candidate) => candidate.prefix.test(token));
  return match === undefined
    ? undefined
    : `This is ${match.what}, not a gateway access token. ${match.instead}`;
}

/** One cookie's value from the `Cookie` header (no cookie-parser for one lookup). */
export function readCookie(req: WithHeaders, name: string): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index === -1) continue;
    if (part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
