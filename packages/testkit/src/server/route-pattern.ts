/**
 * Route patterns: `/repos/:repo/commits/:sha`. A `:name` segment captures one raw path segment,
 * percent-decoded after matching, so an encoded full path (`acme%2Fapi`) stays one segment.
 * A last `:name*` captures the rest of the path (one segment or more, each decoded, joined by
 * `/`): a file path (`/contents/:path*`). `*` alone matches every path.
 */
export interface CompiledPattern {
  source: string;
  match(segments: readonly string[]): Record<string, string> | undefined;
}

export function compilePattern(
  pattern: string,
  options: { caseInsensitive?: boolean } = {},
): CompiledPattern {
  if (pattern === '*') return { source: pattern, match: () => ({}) };
  const parts = splitPath(pattern);
  const same =
    options.caseInsensitive === true
      ? (part: string, segment: string) => part.toLowerCase() === segment.toLowerCase()
      : (part: string, segment: string) => part === segment;
  return {
    source: pattern,
    match(segments) {
      const last = parts[parts.length - 1] ?? '';
      const rest = last.startsWith(':') && last.endsWith('*');
      if (rest ? segments.length < parts.length : segments.length !== parts.length)
        return undefined;
      const params: Record<string, string> = {};
      for (let index = 0; index < parts.length; index++) {
        const part = parts[index] as string;
        const segment = segments[index] as string;
        if (rest && index === parts.length - 1) {
          const values = segments.slice(index).map(safeDecode);
          if (values.some((value) => value === undefined || value === '')) return undefined;
          params[part.slice(1, -1)] = values.join('/');
        } else if (part.startsWith(':')) {
          const value = safeDecode(segment);
          if (value === undefined || value === '') return undefined;
          params[part.slice(1)] = value;
        } else if (!same(part, segment)) {
          return undefined;
        }
      }
      return params;
    },
  };
}

/** `/a/b/` → `['a', 'b']`; segments stay percent-encoded. */
export function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
