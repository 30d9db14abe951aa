/**
 * Parses an RFC 8288 `Link` header as GitHub and GitLab send it
 * (`<https://…?page=2>; rel="next", <https://…?page=5>; rel="last"`) into rel → URL. A hand
 * scanner rather than a regex: the header comes from the network, and every character is visited
 * a bounded number of times whatever its shape. A rel listing several values (`rel="next last"`)
 * yields each; the first link for a rel wins.
 */
export function parseLinkHeader(value: string): Record<string, string> {
  const links = new Map<string, string>();
  let index = 0;
  while (index < value.length) {
    const open = value.indexOf('<', index);
    if (open === -1) break;
    const close = value.indexOf('>', open + 1);
    if (close === -1) break;
    const url = value.slice(open + 1, close).trim();
    const paramsEnd = endOfLinkValue(value, close + 1);
    for (const rel of relValues(value.slice(close + 1, paramsEnd))) {
      if (url !== '' && !links.has(rel)) links.set(rel, url);
    }
    index = paramsEnd + 1;
  }
  return Object.fromEntries(links);
}

/** Index of the comma that ends one link-value (outside quotes), or the end of the header. */
function endOfLinkValue(value: string, from: number): number {
  let quoted = false;
  for (let index = from; index < value.length; index++) {
    const character = value.charAt(index);
    if (character === '"') quoted = !quoted;
    else if (character === '\\' && quoted) index++;
    else if (character === ',' && !quoted) return index;
  }
  return value.length;
}

function relValues(params: string): string[] {
  for (const param of params.split(';')) {
    const eq = param.indexOf('=');
    if (eq === -1 || param.slice(0, eq).trim().toLowerCase() !== 'rel') continue;
    let raw = param.slice(eq + 1).trim();
    if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) raw = raw.slice(1, -1);
    return raw
      .split(/\s+/)
      .filter((rel) => rel !== '')
      .map((rel) => rel.toLowerCase());
  }
  return [];
}

/**
 * The page pointer (one query parameter's value) of a next-link, or null. Providers keep this in
 * their cursor instead of the URL, so a cursor can never point a request at another host.
 */
export function pageFromLink(url: string, param = 'page'): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://link.invalid');
  } catch {
    return null;
  }
  const value = parsed.searchParams.get(param);
  return value === null || value === '' ? null : value;
}
