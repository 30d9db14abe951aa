import { describe, expect, it } from 'vitest';
import { pageFromLink, parseLinkHeader } from './link-header.js';

describe('parseLinkHeader', () => {
  it('parses GitHub’s Link header', () => {
    const header =
      '<https://api.github.com/repositories/1300192/issues?page=2>; rel="prev", ' +
      '<https://api.github.com/repositories/1300192/issues?page=4>; rel="next", ' +
      '<https://api.github.com/repositories/1300192/issues?page=515>; rel="last", ' +
      '<https://api.github.com/repositories/1300192/issues?page=1>; rel="first"';
    expect(parseLinkHeader(header)).toEqual({
      prev: 'https://api.github.com/repositories/1300192/issues?page=2',
      next: 'https://api.github.com/repositories/1300192/issues?page=4',
      last: 'https://api.github.com/repositories/1300192/issues?page=515',
      first: 'https://api.github.com/repositories/1300192/issues?page=1',
    });
  });

  it('parses GitLab’s keyset Link header, extra params and several rels in one value', () => {
    const header =
      '<https://gitlab.example.com/api/v4/projects?id_after=42&order_by=id&pagination=keyset&per_page=20>; rel="next", ' +
      '<https://x.example/a>; title="a, b"; rel="first last", <https://x.example/b>; rel=prev';
    expect(parseLinkHeader(header)).toEqual({
      next: 'https://gitlab.example.com/api/v4/projects?id_after=42&order_by=id&pagination=keyset&per_page=20',
      first: 'https://x.example/a',
      last: 'https://x.example/a',
      prev: 'https://x.example/b',
    });
  });

  it('ignores links without rel and does not let a rel touch the prototype', () => {
    const parsed = parseLinkHeader('<https://x.example/a>, <https://x.example/b>; rel="__proto__"');
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__']);
  });

  it('returns {} for empty or malformed input', () => {
    expect(parseLinkHeader('')).toEqual({});
    expect(parseLinkHeader('https://x; rel="next"')).toEqual({});
    expect(parseLinkHeader('<https://x; rel="next"')).toEqual({});
  });

  it.each([
    ['<'.repeat(100_000)],
    ['<a>; rel="'.repeat(10_000)],
    [`<${'a'.repeat(100_000)}`],
    ['<>,'.repeat(33_334)],
    [`<a>${';'.repeat(100_000)}`],
    [`<a>; rel="${' '.repeat(100_000)}x`],
  ])('finishes quickly on a hostile 100k-character input (#%#)', (input) => {
    const started = performance.now();
    parseLinkHeader(input);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('pageFromLink', () => {
  it('extracts only the page pointer', () => {
    expect(pageFromLink('https://api.github.com/user/repos?per_page=100&page=3')).toBe('3');
    expect(pageFromLink('https://gitlab.example.com/api/v4/projects?id_after=42', 'id_after')).toBe(
      '42',
    );
    expect(pageFromLink('/relative?page=9')).toBe('9');
  });

  it('is null when the parameter is missing or empty', () => {
    expect(pageFromLink('https://x.example/a?per_page=100')).toBeNull();
    expect(pageFromLink('https://x.example/a?page=')).toBeNull();
  });
});
