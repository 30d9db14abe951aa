import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { Transform, type TransformCallback } from 'node:stream';
import { Engine } from './engine.js';
import { InputBytes } from './input-bytes.js';
import { isAsciiText } from './keywords.js';
import type { Policy } from './policy.js';
import { ReportBuilder, type FirewallReport } from './report.js';

/** A Transform from UTF-8 text (Buffers or strings) to filtered UTF-8 text. */
export interface FirewallStream extends Transform {
  /** Counts so far; final after the stream has ended. */
  readonly report: FirewallReport;
}

class FirewallTransform extends Transform implements FirewallStream {
  private readonly decoder = new StringDecoder('utf8');
  private readonly builder = new ReportBuilder();
  private readonly engine: Engine | null;
  private readonly blocked: boolean = false;
  /**
   * Whether every character in so far was ASCII: then so is every character out (the output is
   * made of input and markers), and it is encoded as Latin-1, a copy, rather than as UTF-8, which
   * reads it twice (the same bytes).
   */
  private ascii = true;
  /**
   * While every chunk in so far was an ASCII Buffer: the input the output may still pass on, so
   * that what goes out unchanged goes out as views of it (input-bytes.ts); null after a string or
   * a non-ASCII chunk.
   */
  private input: InputBytes | null = null;

  constructor(policy: Policy, path: string | null) {
    super({ decodeStrings: false });
    // A blocked file's stream emits nothing; a disabled firewall passes bytes through.
    if (path !== null && policy.active && policy.isBlocked(path)) {
      this.builder.blocked(path);
      this.engine = null;
      this.blocked = true;
    } else {
      this.engine = policy.active
        ? new Engine(policy, this.builder, path === null ? 'diff' : 'file', path)
        : null;
    }
    if (this.engine !== null) this.input = new InputBytes();
  }

  get report(): FirewallReport {
    return this.builder.snapshot();
  }

  override _transform(chunk: unknown, encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.blocked) {
      callback();
      return;
    }
    let text: string;
    if (typeof chunk === 'string') {
      text =
        encoding === 'utf8' || (encoding as string) === 'utf-8'
          ? chunk
          : Buffer.from(chunk, encoding).toString('utf8');
      if (this.ascii) this.ascii = isAsciiText(text);
      this.input = null;
    } else {
      if (this.ascii) this.ascii = isAscii(chunk as Buffer);
      text = this.decoder.write(chunk as Buffer);
      if (!this.ascii) this.input = null;
      else this.input?.add(chunk as Buffer);
    }
    if (this.engine === null) {
      callback(null, text === '' ? undefined : text);
      return;
    }
    const parts = this.engine.writeParts(text);
    if (this.input === null) {
      callback(null, this.encode(parts));
      return;
    }
    try {
      this.pushRuns(parts, this.engine, this.input);
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback();
  }

  /** The output of an ASCII stream: its unchanged pieces as views of the input, the rest copied. */
  private pushRuns(parts: readonly string[], engine: Engine, input: InputBytes): void {
    const starts = engine.partStarts();
    const runs: Buffer[] = [];
    for (let index = 0; index < parts.length; index++) {
      const part = parts[index] ?? '';
      const from = starts[index] ?? -1;
      if (from >= 0) input.viewsOf(part, from, runs);
      else if (part !== '') runs.push(Buffer.from(part, 'latin1'));
    }
    input.release(engine.retainedFrom());
    for (const run of runs) this.push(run);
  }

  /**
   * The output as bytes (a string pushed would be encoded as UTF-8 by the stream). ASCII pieces
   * are copied straight into one buffer, with no string joined first.
   */
  private encode(parts: readonly string[]): Buffer | undefined {
    let length = 0;
    for (const part of parts) length += part.length;
    if (length === 0) return undefined;
    if (!this.ascii) return Buffer.from(parts.join(''), 'utf8');
    if (parts.length === 1) return Buffer.from(parts[0] ?? '', 'latin1');
    const bytes = Buffer.allocUnsafe(length);
    let offset = 0;
    for (const part of parts) offset += bytes.write(part, offset, 'latin1');
    return bytes;
  }

  override _flush(callback: TransformCallback): void {
    if (this.blocked) {
      callback();
      return;
    }
    const rest = this.decoder.end();
    if (rest !== '') {
      this.ascii = false;
      this.input = null;
    }
    if (this.engine === null) {
      callback(null, rest === '' ? undefined : rest);
      return;
    }
    if (this.input !== null) {
      // Nothing is left in the decoder of an ASCII stream: only what the engine still holds.
      try {
        this.pushRuns(this.engine.endParts(), this.engine, this.input);
      } catch (error) {
        callback(error as Error);
        return;
      }
      callback();
      return;
    }
    const parts = [...this.engine.writeParts(rest)];
    for (const part of this.engine.endParts()) parts.push(part);
    callback(null, this.encode(parts));
  }
}

export function createFirewallStream(policy: Policy, path: string | null): FirewallStream {
  return new FirewallTransform(policy, path);
}
