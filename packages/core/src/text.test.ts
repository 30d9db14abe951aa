import { describe, expect, it } from 'vitest';
import { trimSlashes } from './text.js';

describe('trimSlashes', () => {
  it('drops the slashes at the end, or at both ends, and nothing else', () => {
    expect(trimSlashes('/group/sub/project///')).toBe('/group/sub/project');
    expect(trimSlashes('/group/sub/project///', 'both')).toBe('group/sub/project');
    expect(trimSlashes('a//b', 'both')).toBe('a//b');
    expect(trimSlashes('////')).toBe('');
    expect(trimSlashes('////', 'both')).toBe('');
    expect(trimSlashes('')).toBe('');
    expect(trimSlashes('plain')).toBe('plain');
  });

  // Not a speed target: `/\/+$/` takes ~30 s of CPU on this input (it retries the run from every
  // slash), one pass ~1 ms; the timeout only says a hang is a failure.
  it('reads a long run of slashes that is not at the end once', { timeout: 10_000 }, () => {
    const path = `${'/'.repeat(200_000)}a`;
    expect(trimSlashes(path)).toBe(path);
    expect(trimSlashes(path, 'both')).toBe('a');
    expect(trimSlashes(`${path}//`)).toBe(path);
  });
});
