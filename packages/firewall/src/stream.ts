import { StringDecoder } from 'node:string_decoder';
import { Transform, type TransformCallback } from 'node:stream';
import { Engine } from './engine.js';
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
  }

  get report(): FirewallReport {
    return this.builder.snapshot();
  }

  override _transform(chunk: unknown, encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.blocked) {
      callback();
      return;
    }
    const text =
      typeof chunk === 'string'
        ? encoding === 'utf8' || (encoding as string) === 'utf-8'
          ? chunk
          : Buffer.from(chunk, encoding).toString('utf8')
        : this.decoder.write(chunk as Buffer);
    if (this.engine === null) {
      callback(null, text === '' ? undefined : text);
      return;
    }
    const output = this.engine.write(text);
    callback(null, output === '' ? undefined : output);
  }

  override _flush(callback: TransformCallback): void {
    if (this.blocked) {
      callback();
      return;
    }
    const rest = this.decoder.end();
    let output = rest;
    if (this.engine !== null) output = this.engine.write(rest) + this.engine.end();
    callback(null, output === '' ? undefined : output);
  }
}

export function createFirewallStream(policy: Policy, path: string | null): FirewallStream {
  return new FirewallTransform(policy, path);
}
