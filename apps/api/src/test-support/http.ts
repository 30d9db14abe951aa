import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { request } from 'undici';

export interface CallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- see below
  json: <T>() => T;
  location: string | null;
}

export interface CallOptions {
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string | string[]>;
  jar?: CookieJar;
}

/** A minimal browser cookie jar: enough for the consent flow's cookies on one host. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(setCookie: string | string[] | undefined): void {
    for (const line of setCookie === undefined
      ? []
      : Array.isArray(setCookie)
        ? setCookie
        : [setCookie]) {
      const [pair] = line.split(';');
      const index = pair?.indexOf('=') ?? -1;
      if (pair === undefined || index < 1) continue;
      const value = pair.slice(index + 1);
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(pair.slice(0, index));
      else this.cookies.set(pair.slice(0, index), value);
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

/** A browser signed in to the gateway with this session token (the `sgg_session` cookie). */
export function signedInJar(sessionToken: string): CookieJar {
  const jar = new CookieJar();
  jar.store(`sgg_session=${sessionToken}`);
  return jar;
}

/** One HTTP call to 127.0.0.1, redirects not followed. */
export async function call(
  method: string,
  url: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(options.form))
      for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
    body = params.toString();
  }
  const cookie = options.jar?.header();
  if (cookie !== undefined && cookie !== '') headers.cookie = cookie;
  const response = await request(url, { method: method as 'GET', headers, body: body ?? null });
  const text = await response.body.text();
  options.jar?.store(response.headers['set-cookie']);
  const location = response.headers.location;
  return {
    status: response.statusCode,
    headers: response.headers,
    text,
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a test's own assertion of the body's shape
    json: <T>() => JSON.parse(text) as T,
    location: typeof location === 'string' ? location : null,
  };
}

/** A TCP port on 127.0.0.1 that was free a moment ago (for a child process that must listen on it). */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
