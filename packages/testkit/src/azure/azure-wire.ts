import type { SimulatorRequest, SimulatorResponse } from '../server/simulator-server.js';

/**
 * Azure DevOps' error body: a serialized .NET exception (`typeName`, `typeKey`), the same shape
 * for every service (https://learn.microsoft.com/en-us/rest/api/azure/devops/?view=azure-devops-rest-7.1#response).
 */
export function azureError(
  status: number,
  message: string,
  typeKey: string,
  namespace = 'Microsoft.TeamFoundation.Framework.Server',
): SimulatorResponse {
  return {
    status,
    json: {
      $id: '1',
      innerException: null,
      message,
      typeName: `${namespace}.${typeKey}, ${namespace}`,
      typeKey,
      errorCode: 0,
      eventId: 3000,
    },
  };
}

/** The error an injected fault answers with, per status. */
export function faultError(status: number): unknown {
  switch (status) {
    case 429:
      return azureError(
        429,
        "TF400733: The request has been blocked due to exceeding usage of resource 'Core' in namespace 'User'.",
        'RequestBlockedException',
      ).json;
    case 403:
      return azureError(
        403,
        "TF400733: The request has been delayed due to exceeding usage of resource 'Core' in namespace 'User'.",
        'RequestBlockedException',
      ).json;
    default:
      return azureError(
        status,
        status === 503
          ? 'TF400898: An Internal Error Occurred. The service is unavailable.'
          : 'TF400898: An Internal Error Occurred.',
        'VssServiceException',
        'Microsoft.VisualStudio.Services.Common',
      ).json;
  }
}

/** A list answer: Azure wraps every collection in `{ count, value }`. */
export function list(items: readonly unknown[], continuationToken?: string): SimulatorResponse {
  return {
    json: { count: items.length, value: items },
    ...(continuationToken === undefined
      ? {}
      : { headers: { 'x-ms-continuationtoken': continuationToken } }),
  };
}

/** A non-negative integer query parameter (several spellings), or the default; NaN when malformed. */
export function intParam(
  request: SimulatorRequest,
  names: readonly string[],
  fallback: number,
): number {
  for (const name of names) {
    const value = request.query[name];
    if (value === undefined) continue;
    return /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
  }
  return fallback;
}

/** `$top`/`$skip` over items, or Azure's 400 for a malformed one. */
export function topSkip<T>(
  request: SimulatorRequest,
  items: readonly T[],
  names: { top: readonly string[]; skip: readonly string[] } = {
    top: ['$top'],
    skip: ['$skip'],
  },
  defaultTop = 100,
): T[] | SimulatorResponse {
  const top = intParam(request, names.top, defaultTop);
  const skip = intParam(request, names.skip, 0);
  if (Number.isNaN(top) || Number.isNaN(skip))
    return badArgument(`${names.top[0] ?? '$top'} / ${names.skip[0] ?? '$skip'}`);
  return items.slice(skip, skip + top);
}

export function badArgument(name: string): SimulatorResponse {
  return azureError(
    400,
    `The value specified for the following variable must be a non-negative integer: ${name}.`,
    'InvalidArgumentValueException',
    'Microsoft.VisualStudio.Services.Common',
  );
}

/**
 * Continuation-token paging (refs, builds): the token names the first item of the next page, as
 * Azure's opaque tokens do; `x-ms-continuationtoken` carries it when more items follow.
 */
export function continuationPage<T>(
  request: SimulatorRequest,
  items: readonly T[],
  keyOf: (item: T) => string,
  defaultTop: number,
): SimulatorResponse {
  const top = intParam(request, ['$top'], defaultTop);
  if (Number.isNaN(top) || top === 0) return badArgument('$top');
  const token = request.query.continuationToken;
  let start = 0;
  if (token !== undefined) {
    const key = Buffer.from(token, 'base64url').toString('utf8');
    start = items.findIndex((item) => keyOf(item) === key);
    if (start === -1)
      return azureError(
        400,
        'The continuation token provided is invalid.',
        'InvalidContinuationTokenException',
        'Microsoft.VisualStudio.Services.WebApi',
      );
  }
  const page = items.slice(start, start + top);
  const next = items[start + top];
  return list(
    page,
    next === undefined ? undefined : Buffer.from(keyOf(next), 'utf8').toString('base64url'),
  );
}

/** Seconds-precision ISO time, as Azure writes most dates (with fractions on some). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
