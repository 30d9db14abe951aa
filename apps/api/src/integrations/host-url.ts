import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Resolver } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { trimSlashes } from '@scm/core';
import { gatewayError } from '../http/errors.js';

// Provider hosts registered at run time (a GitHub Enterprise Server, a self-managed GitLab) are URLs
// a tenant types in, and the gateway then sends requests — with credentials — to them. So a host
// must be a public https origin: no userinfo, no private, loopback, link-local or otherwise special
// address (the cloud metadata service at 169.254.169.254 is the classic target), checked on the URL
// and again on every address its name resolves to, at registration and at every connection.
// An operator can allow-list host names (a lab GHES on a private network; the tests and the demo
// allow-list 127.0.0.1, where the simulators listen): those may be private and may use http.

/** Host names (exactly as in the URL) that may resolve to private addresses and use http. */
export interface HostPolicy {
  allowPrivateHosts: readonly string[];
}

// https://www.iana.org/assignments/iana-ipv4-special-registry and iana-ipv6-special-registry
const SPECIAL = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  SPECIAL.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 127],
  // IPv4-compatible (deprecated, RFC 4291 §2.5.5.1) and IPv4-translated (RFC 2765) forms: an IPv4
  // address inside, which a translating network may reach.
  ['::', 96],
  ['::ffff:0:0:0', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  // Site-local (deprecated by RFC 3879, still routed inside some networks).
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  SPECIAL.addSubnet(net, prefix, 'ipv6');

/** Whether an IP address is private, loopback, link-local, reserved or otherwise not the public internet. */
export function isSpecialAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return SPECIAL.check(address, 'ipv4');
  if (family !== 6) return true;
  // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is judged as its IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] !== undefined) return SPECIAL.check(mapped[1], 'ipv4');
  return SPECIAL.check(address, 'ipv6');
}

const refuse = (message: string) => gatewayError('INVALID_REQUEST', message);

const bareHostname = (url: URL): string => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();

const allowListed = (hostname: string, policy: HostPolicy): boolean =>
  policy.allowPrivateHosts.some((allowed) => allowed.toLowerCase() === hostname.toLowerCase());

/**
 * A provider host URL as typed, checked without the network: an absolute https URL (http only for an
 * allow-listed host), no userinfo, query or fragment, and no special IP literal unless allow-listed.
 * Returns the normalized base: origin plus path, without a trailing slash.
 */
export function parseHostUrl(input: string, policy: HostPolicy): URL {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw refuse('host_url must be an absolute URL, e.g. https://gitlab.example.com.');
  }
  const hostname = bareHostname(url);
  const allowed = allowListed(hostname, policy);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowed))
    throw refuse('host_url must use https.');
  if (url.username !== '' || url.password !== '')
    throw refuse('host_url must not carry a user name or password.');
  if (url.search !== '' || url.hash !== '')
    throw refuse('host_url must not carry a query or fragment.');
  if (hostname === '' || hostname.endsWith('.')) throw refuse('host_url has no valid host name.');
  if (isIP(hostname) !== 0 && isSpecialAddress(hostname) && !allowed)
    throw refuse(`host_url points at a private or reserved address (${hostname}).`);
  url.pathname = trimSlashes(url.pathname);
  return url;
}

type Lookup = (
  hostname: string,
  options: { all: true },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** How long one DNS query for a tenant's host name may take, and how many times it is sent. */
const DNS_TIMEOUT_MS = 1_500;
const DNS_TRIES = 2;
/**
 * c-ares codes of a DNS that failed to answer (no answer, connection refused, query refused, server
 * failure), as opposed to one that said the name or record does not exist.
 */
const DNS_OUTAGE = new Set(['ETIMEOUT', 'ECONNREFUSED', 'EREFUSED', 'ESERVFAIL']);

const resolver = new Resolver({ timeout: DNS_TIMEOUT_MS, tries: DNS_TRIES });

/**
 * The addresses of a host name a tenant typed, asked of DNS directly (c-ares, on the event loop,
 * with a timeout) rather than through the system's getaddrinfo, which runs on one of libuv's four
 * pool threads with no timeout of its own: a few names whose DNS never answers, submitted at once,
 * would otherwise hold the whole pool — password hashing, gzip, file reads — for the system
 * resolver's timeout each. It does not read /etc/hosts; allow-listed names (which may be there)
 * use the system lookup.
 */
export const publicLookup: Lookup = (hostname, _options, callback) => {
  const family = isIP(hostname);
  if (family !== 0) {
    callback(null, [{ address: hostname, family }]);
    return;
  }
  void Promise.allSettled([resolver.resolve4(hostname), resolver.resolve6(hostname)]).then(
    ([v4, v6]) => {
      const addresses: LookupAddress[] = [
        ...(v4.status === 'fulfilled' ? v4.value.map((address) => ({ address, family: 4 })) : []),
        ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({ address, family: 6 })) : []),
      ];
      if (addresses.length > 0) {
        callback(null, addresses);
        return;
      }
      const reasons = [v4, v6].flatMap((settled) =>
        settled.status === 'rejected' ? [settled.reason as NodeJS.ErrnoException] : [],
      );
      // A name that does not exist (NXDOMAIN, for every type) is told first; then a DNS that failed
      // to answer either question (see DNS_OUTAGE); then whatever the A question got.
      callback(
        reasons.find((reason) => reason.code === 'ENOTFOUND') ??
          reasons.find((reason) => DNS_OUTAGE.has(reason.code ?? '')) ??
          reasons[0] ??
          Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }),
        [],
      );
    },
  );
};

const resolveAll = (hostname: string, lookup: Lookup): Promise<LookupAddress[]> =>
  new Promise((resolve, reject) => {
    lookup(hostname, { all: true }, (error, addresses) => {
      if (error === null) resolve(addresses);
      else reject(error);
    });
  });

/**
 * Resolves the URL's host name and refuses it when any address is special (a name that resolves to
 * 127.0.0.1 is as dangerous as the literal), unless the host is allow-listed.
 */
export async function assertPublicHost(
  url: URL,
  policy: HostPolicy,
  lookup: Lookup = publicLookup,
): Promise<void> {
  const hostname = bareHostname(url);
  if (allowListed(hostname, policy)) return;
  // One answer whether the name resolves to nothing or to a private address, and never the
  // address: the error must not map the gateway's internal DNS for whoever submits a URL.
  const notPublic = () =>
    refuse(
      `host_url's host name ${hostname} does not resolve to a public address (it resolves to none, or to a private or reserved one).`,
    );
  let addresses: LookupAddress[];
  try {
    addresses =
      isIP(hostname) !== 0
        ? [{ address: hostname, family: isIP(hostname) }]
        : await resolveAll(hostname, lookup);
  } catch (error) {
    // A DNS that failed to answer says nothing about the name: try again, not "fix your URL".
    if (DNS_OUTAGE.has((error as NodeJS.ErrnoException).code ?? ''))
      throw gatewayError(
        'UPSTREAM_UNAVAILABLE',
        `host_url's host name ${hostname} could not be looked up now (DNS failed to answer); try again.`,
      );
    throw notPublic();
  }
  if (addresses.length === 0 || addresses.some((entry) => isSpecialAddress(entry.address)))
    throw notPublic();
}

/**
 * A `lookup` for the sockets of tenant-registered hosts: every connection re-checks the addresses
 * the name resolves to then (a DNS answer changed after registration — rebinding — is refused).
 */
export function guardedLookup(policy: HostPolicy, lookup: Lookup = publicLookup): LookupFunction {
  return (hostname: string, options: LookupOptions, callback): void => {
    const answer = (addresses: LookupAddress[]) => {
      if (options.all === true) callback(null, addresses);
      else callback(null, addresses[0]?.address ?? '', addresses[0]?.family ?? 4);
    };
    // An allow-listed name may be private, and may live in /etc/hosts: the system's lookup.
    if (allowListed(hostname, policy)) {
      dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
        if (error === null) answer(addresses);
        else callback(error, '');
      });
      return;
    }
    lookup(hostname, { all: true }, (error, found) => {
      if (error !== null) {
        callback(error, '');
        return;
      }
      const addresses =
        options.family === 4 || options.family === 6
          ? found.filter((entry) => entry.family === options.family)
          : found;
      if (found.length === 0 || found.some((entry) => isSpecialAddress(entry.address))) {
        const refused: NodeJS.ErrnoException = new Error(
          `${hostname} resolves to a private or reserved address; refused.`,
        );
        refused.code = 'EAI_FAIL';
        callback(refused, '');
        return;
      }
      if (addresses.length === 0) {
        const none: NodeJS.ErrnoException = new Error(
          `${hostname} has no IPv${String(options.family)} address.`,
        );
        none.code = 'ENOTFOUND';
        callback(none, '');
        return;
      }
      answer(addresses);
    });
  };
}
