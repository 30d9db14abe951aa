import { describe, expect, it } from 'vitest';
import { BbqlError, compileBbql } from './bbql.js';

const pr = {
  state: 'OPEN',
  title: 'Add Cache',
  author: { nickname: 'ada' },
  destination: { repository: { full_name: 'acme/api' } },
};

describe('compileBbql', () => {
  it('evaluates comparisons, AND / OR and parentheses over dotted fields', () => {
    expect(compileBbql('state = "OPEN"')(pr)).toBe(true);
    expect(compileBbql('title ~ "cache" AND author.nickname = "ada"')(pr)).toBe(true);
    expect(
      compileBbql(
        'state = "MERGED" OR (destination.repository.full_name = "acme/api" AND title !~ "x")',
      )(pr),
    ).toBe(true);
    expect(compileBbql('author.nickname != "ada"')(pr)).toBe(false);
    expect(compileBbql('missing.field = null')(pr)).toBe(true);
    expect(compileBbql('title = "say \\"hi\\""')({ title: 'say "hi"' })).toBe(true);
  });

  it('rejects malformed queries', () => {
    for (const query of [
      'state =',
      '= "x"',
      'state = "x" AND',
      '(state = "x"',
      'state == "x"',
      'state = "x',
    ])
      expect(() => compileBbql(query), query).toThrow(BbqlError);
  });

  it('handles a 100k-character hostile query in linear time', () => {
    const started = performance.now();
    expect(() => compileBbql(`${'('.repeat(1_000)}${'a'.repeat(100_000)}`)).toThrow(BbqlError);
    // A budget against super-linear blow-ups (seconds or worse), generous for noisy CI machines.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
