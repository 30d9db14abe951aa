import { describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from './http/types.js';
import { sendRawRequest } from './raw-request.js';

function recorder(answer: Partial<HttpResponse> = {}) {
  const sent: HttpRequest[] = [];
  const send = (request: HttpRequest): Promise<HttpResponse> => {
    sent.push(request);
    return Promise.resolve({
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"a":1}',
      rateLimit: null,
      fromCache: false,
      ...answer,
    });
  };
  return { sent, send };
}

describe('sendRawRequest', () => {
  it('sends through the adapter transport and parses a JSON answer', async () => {
    const { sent, send } = recorder();
    const response = await sendRawRequest(send, 'github', {
      method: 'POST',
      path: '/repos/o/r/topics',
      query: { page: 2 },
      body: { names: ['x'] },
      headers: { accept: 'application/vnd.github.mercy-preview+json' },
    });
    expect(response).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      data: { a: 1 },
    });
    expect(sent[0]).toMatchObject({
      method: 'POST',
      path: '/repos/o/r/topics',
      query: { page: 2 },
      body: { names: ['x'] },
      responseType: 'text',
    });
  });

  it('answers text as text and an empty body as null', async () => {
    const text = recorder({ headers: { 'content-type': 'text/plain' }, body: 'diff --git' });
    expect((await sendRawRequest(text.send, 'x', { path: '/d' })).data).toBe('diff --git');
    const empty = recorder({ status: 204, headers: {}, body: '' });
    expect((await sendRawRequest(empty.send, 'x', { path: '/d' })).data).toBeNull();
  });

  it.each([
    'https://evil.example/steal',
    'http://127.0.0.1:1/x',
    '//evil.example/x',
    'javascript:alert(1)',
  ])('refuses the absolute URL %s before sending anything', async (path) => {
    const { sent, send } = recorder();
    await expect(sendRawRequest(send, 'github', { path })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      provider: 'github',
      details: { field: 'path' },
    });
    expect(sent).toHaveLength(0);
  });

  it.each(['Authorization', 'host', 'PRIVATE-TOKEN', 'cookie'])(
    'refuses to let the caller set %s',
    async (name) => {
      const { sent, send } = recorder();
      await expect(
        sendRawRequest(send, 'gitlab', { path: '/user', headers: { [name]: 'x' } }),
      ).rejects.toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'headers' } });
      expect(sent).toHaveLength(0);
    },
  );

  it('refuses an unknown method', async () => {
    const { send } = recorder();
    await expect(
      sendRawRequest(send, 'x', { path: '/a', method: 'TRACE' as 'GET' }),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'method' } });
  });
});
