/** One cached GET response, kept for conditional requests. */
export interface CachedResponse {
  etag: string | null;
  lastModified: string | null;
  status: number;
  headers: Record<string, string>;
  body: string;
  storedAt: number;
}

/**
 * Where the conditional cache keeps responses. Keys include the credentials' fingerprint, so two
 * callers never share a private response. Async so a shared store (Redis, a database) fits.
 */
export interface CacheStore {
  get(key: string): Promise<CachedResponse | undefined>;
  set(key: string, value: CachedResponse): Promise<void>;
  delete(key: string): Promise<void>;
}
