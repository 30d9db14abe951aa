import { isDeepStrictEqual } from 'node:util';
import type { MockAgent } from 'undici';
import { readPackageJson } from './octokit-data.js';

/** One recorded api.github.com exchange of `@octokit/fixtures` (nock's normalized format). */
export interface RecordedFixture {
  scope: string;
  method: string;
  path: string;
  body?: unknown;
  status: number;
  headers?: Record<string, string>;
  response?: unknown;
}

export function loadScenario(name: string): RecordedFixture[] {
  return readPackageJson(
    '@octokit/fixtures',
    `scenarios/api.github.com/${name}/normalized-fixture.json`,
  ) as RecordedFixture[];
}

function sameBody(recorded: unknown, sent: string | null | undefined): boolean {
  // undici hands the matcher `null` (or nothing) for a request without a body.
  const none = (value: unknown): boolean => value === undefined || value === null || value === '';
  if (none(recorded)) return none(sent);
  if (sent === undefined || sent === null) return false;
  try {
    return isDeepStrictEqual(JSON.parse(sent), recorded);
  } catch {
    return false;
  }
}

/**
 * Replays recorded exchanges through undici's MockAgent, each once and in order: a request must
 * match the recorded method, path (with query) and JSON body to get the recorded answer.
 */
export function replay(agent: MockAgent, fixtures: readonly RecordedFixture[]): void {
  for (const fixture of fixtures) {
    const origin = fixture.scope.replace(/:443$/, '');
    agent
      .get(origin)
      .intercept({
        method: fixture.method.toUpperCase(),
        path: fixture.path,
        body: (sent: string | null | undefined) => sameBody(fixture.body, sent),
      })
      .reply(
        fixture.status,
        fixture.response === undefined ? '' : JSON.stringify(fixture.response),
        { headers: replayHeaders(fixture.headers) },
      );
  }
}

// The body is re-serialized, so the recorded length and framing no longer apply.
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection']);

function replayHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).filter(([name]) => !FRAMING_HEADERS.has(name.toLowerCase())),
  );
}
