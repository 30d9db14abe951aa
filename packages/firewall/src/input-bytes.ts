/**
 * The input bytes of an ASCII stream that its output may still pass on (stream.ts). Most of a
 * diff goes out exactly as it came in, and the engine says which pieces of its output are such
 * slices of the input (`Engine.partStarts`): those go out as views of the input's own Buffers
 * instead of being copied into a new Buffer per chunk. A new Buffer is fresh memory, and writing
 * into fresh memory cost ~1 ns a byte here (page faults), several times the copy itself.
 *
 * Every view is compared with the piece of output it stands for before it is used (a copy into
 * a scratch buffer that stays in the cache, then a memcmp: a few hundredths of a ns a byte), so a
 * wrong position can never let input through in place of a redaction.
 */

const SCRATCH_BYTES = 64 * 1024;

export class InputBytes {
  private buffers: Buffer[] = [];
  /** Where each buffer starts in the input, in bytes (characters: the input is ASCII). */
  private starts: number[] = [];
  private end = 0;
  private readonly scratch = Buffer.allocUnsafeSlow(SCRATCH_BYTES);

  /** Keeps the next chunk of input. */
  add(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.buffers.push(chunk);
    this.starts.push(this.end);
    this.end += chunk.length;
  }

  /** The index of the first buffer held that ends after `at` (`buffers.length` when none does). */
  private firstEndingAfter(at: number): number {
    let index = 0;
    while (
      index < this.buffers.length &&
      (this.starts[index] as number) + (this.buffers[index] as Buffer).length <= at
    )
      index++;
    return index;
  }

  /** Lets go of the buffers that end at or before `from`: no output will need them. */
  release(from: number): void {
    const drop = this.firstEndingAfter(from);
    if (drop === 0) return;
    this.buffers.splice(0, drop);
    this.starts.splice(0, drop);
  }

  /**
   * Appends to `runs` the input bytes [from, from + part.length), which must spell `part`, as
   * views of the input (merged with the last run when it is the view just before). Throws when
   * they are not held or do not spell it: the engine said the piece is a slice of the input.
   */
  viewsOf(part: string, from: number, runs: Buffer[]): void {
    let at = from;
    const to = from + part.length;
    let index = this.firstEndingAfter(at);
    while (at < to) {
      const buffer = this.buffers[index];
      const start = this.starts[index];
      if (buffer === undefined || start === undefined || start > at)
        throw new Error('firewall stream: an output piece is not in the input held');
      const a = at - start;
      const b = Math.min(buffer.length, to - start);
      this.check(part, at - from, buffer, a, b);
      const last = runs.at(-1);
      // The view just before, of the same input Buffer: one run.
      if (
        last !== undefined &&
        last.buffer === buffer.buffer &&
        last.byteOffset + last.length === buffer.byteOffset + a
      )
        runs[runs.length - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + b - a);
      else runs.push(buffer.subarray(a, b));
      at = start + b;
      index++;
    }
  }

  /** Throws unless `buffer[a, b)` spells `part` from `offset` (Latin-1: the text is ASCII). */
  private check(part: string, offset: number, buffer: Buffer, a: number, b: number): void {
    const scratch = this.scratch;
    for (let done = 0; done < b - a; done += SCRATCH_BYTES) {
      const size = Math.min(SCRATCH_BYTES, b - a - done);
      const piece =
        offset + done === 0 && size === part.length
          ? part
          : part.slice(offset + done, offset + done + size);
      scratch.write(piece, 0, size, 'latin1');
      if (scratch.compare(buffer, a + done, a + done + size, 0, size) !== 0)
        throw new Error('firewall stream: an output piece differs from the input it names');
    }
  }
}
