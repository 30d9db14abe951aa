/**
 * A subset of BBQL, Bitbucket's query language (developer.atlassian.com/cloud/bitbucket/rest/intro/#filtering):
 * `field op value` with `=`, `!=`, `~` (case-insensitive substring), `!~`, joined by `AND` / `OR`
 * and parentheses. Values are double-quoted strings, numbers, `true`, `false` or `null`. Fields are
 * dotted paths into the rendered JSON object, exactly as Bitbucket evaluates them.
 */
export type BbqlPredicate = (item: unknown) => boolean;

interface Token {
  kind: 'word' | 'string' | 'op' | 'open' | 'close';
  value: string;
}

const MAX_QUERY = 2048;

export class BbqlError extends Error {}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < query.length) {
    const char = query[index] as string;
    if (char === ' ' || char === '\t' || char === '\n') {
      index++;
    } else if (char === '(' || char === ')') {
      tokens.push({ kind: char === '(' ? 'open' : 'close', value: char });
      index++;
    } else if (char === '"') {
      let value = '';
      index++;
      while (index < query.length && query[index] !== '"') {
        if (query[index] === '\\' && index + 1 < query.length) index++;
        value += query[index] as string;
        index++;
      }
      if (index >= query.length) throw new BbqlError('unterminated string');
      index++;
      tokens.push({ kind: 'string', value });
    } else if (char === '!' || char === '=' || char === '~') {
      const two = query.slice(index, index + 2);
      if (two === '!=' || two === '!~') {
        tokens.push({ kind: 'op', value: two });
        index += 2;
      } else if (char === '=' || char === '~') {
        tokens.push({ kind: 'op', value: char });
        index++;
      } else throw new BbqlError(`unexpected ${char}`);
    } else {
      let value = '';
      while (index < query.length && /[A-Za-z0-9_.{}\-:]/.test(query[index] as string)) {
        value += query[index] as string;
        index++;
      }
      if (value === '') throw new BbqlError(`unexpected ${char}`);
      tokens.push({ kind: 'word', value });
    }
  }
  return tokens;
}

function resolve(item: unknown, path: string): unknown {
  let current = item;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function literal(token: Token): unknown {
  if (token.kind === 'string') return token.value;
  if (token.value === 'true') return true;
  if (token.value === 'false') return false;
  if (token.value === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(token.value)) return Number(token.value);
  throw new BbqlError(`bad value ${token.value}`);
}

function compare(actual: unknown, op: string, expected: unknown): boolean {
  switch (op) {
    case '=':
      return actual === expected || (actual === undefined && expected === null);
    case '!=':
      return !compare(actual, '=', expected);
    case '~':
      return (
        typeof actual === 'string' &&
        typeof expected === 'string' &&
        actual.toLowerCase().includes(expected.toLowerCase())
      );
    default:
      return !compare(actual, '~', expected);
  }
}

/** Compiles a BBQL query; throws `BbqlError` on a syntax error (Bitbucket answers 400). */
export function compileBbql(query: string): BbqlPredicate {
  if (query.length > MAX_QUERY) throw new BbqlError('query too long');
  const tokens = tokenize(query);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const next = (): Token => {
    const token = tokens[position++];
    if (token === undefined) throw new BbqlError('unexpected end of query');
    return token;
  };

  function primary(): BbqlPredicate {
    const token = next();
    if (token.kind === 'open') {
      const inner = disjunction();
      if (next().kind !== 'close') throw new BbqlError('expected )');
      return inner;
    }
    if (token.kind !== 'word') throw new BbqlError(`expected a field, got ${token.value}`);
    const op = next();
    if (op.kind !== 'op') throw new BbqlError(`expected an operator after ${token.value}`);
    const value = literal(next());
    return (item) => compare(resolve(item, token.value), op.value, value);
  }
  function conjunction(): BbqlPredicate {
    let left = primary();
    while (peek()?.kind === 'word' && peek()?.value.toUpperCase() === 'AND') {
      position++;
      const a = left;
      const b = primary();
      left = (item) => a(item) && b(item);
    }
    return left;
  }
  function disjunction(): BbqlPredicate {
    let left = conjunction();
    while (peek()?.kind === 'word' && peek()?.value.toUpperCase() === 'OR') {
      position++;
      const a = left;
      const b = conjunction();
      left = (item) => a(item) || b(item);
    }
    return left;
  }
  const predicate = disjunction();
  if (position !== tokens.length) throw new BbqlError('trailing input');
  return predicate;
}
