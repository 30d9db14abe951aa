import type { ScmClient, paths } from './client.js';

/** The collections envelope's `page_info`. */
interface PageInfo {
  limit: number;
  has_next_page: boolean;
  next_cursor: string | null;
}

type JsonOf<Operation> = Operation extends {
  responses: { 200: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

/** The GET paths that answer a collection `{ data, page_info }` (walked with `cursor`). */
export type CollectionPath = {
  [P in keyof paths]: paths[P] extends { get: infer Operation }
    ? JsonOf<Operation> extends { data: unknown[]; page_info: PageInfo }
      ? P
      : never
    : never;
}[keyof paths];

type OperationOf<P extends CollectionPath> = paths[P] extends { get: infer Operation }
  ? Operation
  : never;

/** An item of the collection at `P`. */
export type ItemOf<P extends CollectionPath> =
  JsonOf<OperationOf<P>> extends { data: (infer Item)[] } ? Item : never;

/** The parameters of the collection at `P`, without `cursor` (the iterator passes it). */
export type CollectionParams<P extends CollectionPath> =
  OperationOf<P> extends { parameters: infer Parameters }
    ? {
        [K in keyof Parameters as Parameters[K] extends undefined ? never : K]: K extends 'query'
          ? Omit<NonNullable<Parameters[K]>, 'cursor'>
          : Parameters[K];
      }
    : never;

/**
 * Every item of a collection, page after page: each page's `page_info.next_cursor` is sent back
 * as `cursor`, unchanged, until it is null. Errors reject the iteration with `ScmApiError`.
 *
 * ```ts
 * for await (const branch of paginate(scm, '/v1/repositories/{provider}/{repoId}/branches', {
 *   path: { provider: 'github', repoId: '1' },
 * })) console.log(branch.name);
 * ```
 */
export async function* paginate<P extends CollectionPath>(
  client: ScmClient,
  path: P,
  params: CollectionParams<P>,
): AsyncGenerator<ItemOf<P>, void, undefined> {
  const given = params as { query?: Record<string, unknown>; path?: Record<string, unknown> };
  let cursor: string | null = null;
  do {
    const query: Record<string, unknown> = {
      ...given.query,
      ...(cursor === null ? {} : { cursor }),
    };
    // The path is one of the typed collection paths; openapi-fetch's overloads cannot see it
    // through the generic, hence the widening.
    const get = client.GET as unknown as (
      url: string,
      init: { params: { path?: Record<string, unknown>; query: Record<string, unknown> } },
    ) => Promise<{ data?: { data: ItemOf<P>[]; page_info: PageInfo } }>;
    const { data: page } = await get(path, {
      params: { ...(given.path === undefined ? {} : { path: given.path }), query },
    });
    if (page === undefined) return;
    yield* page.data;
    cursor = page.page_info.next_cursor;
  } while (cursor !== null);
}
