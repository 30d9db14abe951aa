import { describe, expect, it } from 'vitest';
import { InputBytes } from './input-bytes.js';

/** A Buffer of its own (not a slice of Node's shared pool). */
function own(text: string): Buffer {
  const bytes = Buffer.alloc(text.length);
  bytes.write(text, 'latin1');
  return bytes;
}

describe('InputBytes', () => {
  it('gives a piece as views of the input, one per Buffer it spans', () => {
    const input = new InputBytes();
    const first = own('alpha\nbeta\n');
    const second = own('gamma\n');
    input.add(first);
    input.add(second);
    const runs: Buffer[] = [];
    input.viewsOf('beta\ngam', 6, runs);
    expect(runs.map((run) => run.toString())).toEqual(['beta\n', 'gam']);
    expect(runs[0]?.buffer).toBe(first.buffer);
    expect(runs[1]?.buffer).toBe(second.buffer);
  });

  it('merges a view with the one just before it in the same Buffer', () => {
    const input = new InputBytes();
    const bytes = own('one\ntwo\nthree\n');
    input.add(bytes.subarray(0, 4));
    input.add(bytes.subarray(4));
    const runs: Buffer[] = [];
    input.viewsOf('one\n', 0, runs);
    input.viewsOf('two\nthree\n', 4, runs);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.toString()).toBe('one\ntwo\nthree\n');
    expect(runs[0]?.buffer).toBe(bytes.buffer);
  });

  it('refuses a piece whose bytes it no longer holds, or that the bytes do not spell', () => {
    const input = new InputBytes();
    input.add(own('secret=1\n'));
    input.add(own('plain\n'));
    expect(() => {
      input.viewsOf('secret=X\n', 0, []);
    }).toThrow(/differs from the input/);
    input.release(9);
    expect(() => {
      input.viewsOf('secret=1\n', 0, []);
    }).toThrow(/not in the input held/);
    const runs: Buffer[] = [];
    input.viewsOf('plain\n', 9, runs);
    expect(runs.map((run) => run.toString())).toEqual(['plain\n']);
    expect(() => {
      input.viewsOf('plain\nmore', 9, []);
    }).toThrow(/not in the input held/);
  });

  it('checks a piece longer than its scratch buffer in full', () => {
    const input = new InputBytes();
    const text = 'x'.repeat(200_000);
    input.add(own(`${text}\n`));
    const runs: Buffer[] = [];
    input.viewsOf(`${text}\n`, 0, runs);
    expect(runs[0]?.length).toBe(200_001);
    const tampered = `${'x'.repeat(150_000)}y${'x'.repeat(49_999)}\n`;
    expect(() => {
      input.viewsOf(tampered, 0, []);
    }).toThrow(/differs from the input/);
  });
});
