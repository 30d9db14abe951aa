import { describe, expect, expectTypeOf, it } from 'vitest';
import { createScmClient, paginate, ScmApiError, type ItemOf } from './index.js';

interface Call {
  url: URL;
  authorization: string | null;
}

/** A fake gateway: answers each request with the next of `answers`, recording what was asked. */
function fakeGateway(
  answers: { status: number; body: unknown; headers?: Record<string, string> }[],
) {
  const calls: Call[] = [];
  const fetch = (request: Request): Promise<Response> => {
    calls.push({ url: new URL(request.url), authorization: request.headers.get('authorization') });
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`unexpected request ${request.url}`);
    return Promise.resolve(
      new Response(JSON.stringify(answer.body), {
        status: answer.status,
        headers: { 'content-type': 'application/json', ...answer.headers },
      }),
    );
  };
  return { calls, fetch };
}

const branch = (name: string) => ({
  provider: 'github',
  name,
  sha: 'a1b2',
  protected: null,
  isDefault: null,
});
const page = (names: string[], next: string | null) => ({
  status: 200,
  body: {
    data: names.map(branch),
    page_info: { limit: 2, has_next_page: next !== null, next_cursor: next },
  },
});

describe('createScmClient', () => {
  it('sends the access token, from a function called for every request', async () => {
    let issued = 0;
    const gateway = fakeGateway([page([], null), page([], null)]);
    const scm = createScmClient({
      baseUrl: 'https://gateway.example/',
      accessToken: () => `sggat_${String(++issued)}`,
      fetch: gateway.fetch,
    });
    const path = { provider: 'github', repoId: '7' } as const;
    await scm.GET('/v1/repositories/{provider}/{repoId}/branches', { params: { path } });
    await scm.GET('/v1/repositories/{provider}/{repoId}/branches', { params: { path } });
    expect(gateway.calls.map((call) => call.authorization)).toEqual([
      'Bearer sggat_1',
      'Bearer sggat_2',
    ]);
    expect(gateway.calls[0]?.url.href).toBe(
      'https://gateway.example/v1/repositories/github/7/branches',
    );
  });

  it('rejects with ScmApiError built from the canonical error body', async () => {
    const body = {
      error: {
        code: 'INVALID_CURSOR',
        message: 'The cursor was issued for another endpoint; restart without cursor.',
        source: 'gitflare',
        provider: null,
        retryable: false,
        user_action_required: true,
        suggested_action: 'restart_pagination',
        upstream_status: null,
        request_id: 'req_1',
        provider_request_id: null,
        retry_after_seconds: null,
      },
    };
    const gateway = fakeGateway([{ status: 400, body }]);
    const scm = createScmClient({
      baseUrl: 'https://gateway.example',
      accessToken: 't',
      fetch: gateway.fetch,
    });
    const error: unknown = await scm
      .GET('/v1/repositories/{provider}/{repoId}/tags', {
        params: { path: { provider: 'gitlab', repoId: '1' }, query: { cursor: 'x' } },
      })
      .catch((caught: unknown) => caught);
    expect(ScmApiError.isInstance(error)).toBe(true);
    const scmError = error as ScmApiError;
    expect(scmError).toMatchObject({
      name: 'ScmApiError',
      code: 'INVALID_CURSOR',
      status: 400,
      message: body.error.message,
      requestId: 'req_1',
      suggestedAction: 'restart_pagination',
      retryable: false,
      body,
    });
  });

  it('reads an RFC 6749 error body (the token endpoint): its canonical error_code and description', async () => {
    const gateway = fakeGateway([
      {
        status: 400,
        body: {
          error: 'invalid_grant',
          error_description: 'The code was already used.',
          error_code: 'INVALID_REQUEST',
          request_id: 'req_9',
        },
      },
    ]);
    const scm = createScmClient({ baseUrl: 'https://gateway.example', fetch: gateway.fetch });
    const error = (await scm
      .POST('/oauth/token', { body: { grant_type: 'authorization_code', code: 'c' } })
      .catch((caught: unknown) => caught)) as ScmApiError;
    expect(error).toMatchObject({
      code: 'INVALID_REQUEST',
      status: 400,
      message: 'The code was already used.',
      requestId: 'req_9',
    });
    expect(gateway.calls[0]?.authorization).toBeNull();
  });

  it('falls back on the status when the body is not the gateway’s (a proxy’s page)', async () => {
    const gateway = fakeGateway([
      { status: 503, body: 'Service Unavailable', headers: { 'x-request-id': 'req_p' } },
    ]);
    const scm = createScmClient({ baseUrl: 'https://gateway.example', fetch: gateway.fetch });
    await expect(scm.GET('/health')).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      status: 503,
      retryable: true,
      requestId: 'req_p',
      body: 'Service Unavailable',
    });
  });
});

describe('paginate', () => {
  it('walks every page, sending next_cursor back unchanged with the same filters', async () => {
    const gateway = fakeGateway([
      page(['main', 'dev'], 'c1.sig+/='),
      page(['feature'], 'c2'),
      page([], null),
    ]);
    const scm = createScmClient({
      baseUrl: 'https://gateway.example',
      accessToken: 't',
      fetch: gateway.fetch,
    });
    const names: string[] = [];
    for await (const item of paginate(scm, '/v1/repositories/{provider}/{repoId}/branches', {
      path: { provider: 'github', repoId: '7' },
      query: { limit: '2' },
    }))
      names.push(item.name);
    expect(names).toEqual(['main', 'dev', 'feature']);
    expect(gateway.calls.map((call) => Object.fromEntries(call.url.searchParams))).toEqual([
      { limit: '2' },
      { limit: '2', cursor: 'c1.sig+/=' },
      { limit: '2', cursor: 'c2' },
    ]);
  });

  it('stops at the first error with ScmApiError', async () => {
    const gateway = fakeGateway([
      page(['main'], 'c1'),
      { status: 410, body: { error: { code: 'CURSOR_EXPIRED', message: 'expired' } } },
    ]);
    const scm = createScmClient({
      baseUrl: 'https://gateway.example',
      accessToken: 't',
      fetch: gateway.fetch,
    });
    const seen: string[] = [];
    const walk = async () => {
      for await (const item of paginate(scm, '/v1/repositories/{provider}/{repoId}/tags', {
        path: { provider: 'github', repoId: '7' },
      }))
        seen.push(item.name);
    };
    await expect(walk()).rejects.toMatchObject({ code: 'CURSOR_EXPIRED', status: 410 });
    expect(seen).toEqual(['main']);
  });

  it('types items by path', () => {
    expectTypeOf<ItemOf<'/v1/repositories/{provider}/{repoId}/commits'>>().toHaveProperty('sha');
    expectTypeOf<ItemOf<'/v1/repositories'>>().toHaveProperty('fullName');
    expectTypeOf<ItemOf<'/v1/subscriptions'>>().toHaveProperty('callbackUrl');
  });
});
