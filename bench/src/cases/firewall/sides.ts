// The two sides of the firewall case's throughput rows, shared by the in-process comparison
// (firewall.ts) and the one-process-per-side measurement (throughput-child.ts).
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { lintSource } from '@secretlint/core';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import type { createFirewall } from '@scm/firewall';

/**
 * The diff in sources of about 1 MB, cut at `diff --git` lines, for secretlint's `lintSource`.
 * Not one source per file: secretlint's profiler keeps every performance mark it ever saw and
 * searches that list on each one (@secretlint/profiler 12.0.0, `SecretLintProfiler`), so its cost
 * per call grows with the number of calls made in the process — the quadratic behaviour on Node 20.
 * A hundred calls for 100 MB keep that out of the measurement.
 */
const SOURCE_BYTES = 1_000_000;

export function splitSources(text: string): string[] {
  const sources: string[] = [];
  let from = 0;
  while (from < text.length) {
    const next = text.indexOf('\ndiff --git ', from + SOURCE_BYTES);
    const end = next < 0 ? text.length : next + 1;
    sources.push(text.slice(from, end));
    from = end;
  }
  return sources;
}

/** What a socket or a file read hands a stream: about 64 KB at a time. */
export const STREAM_CHUNK = 64 * 1024;

/** secretlint's recommended preset, detection only, over the sources; answers the findings. */
export async function secretlintDetect(sources: readonly string[]): Promise<number> {
  const config = {
    rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedPreset }],
  };
  let found = 0;
  for (let index = 0; index < sources.length; index++) {
    const result = await lintSource({
      source: {
        content: sources[index] ?? '',
        filePath: `diff-${index}.diff`,
        contentType: 'text',
      },
      options: { config, noPhysicFilePath: true },
    });
    found += result.messages.length;
  }
  return found;
}

/** Streams `chunks` through `createStream()` into a sink that only counts; resolves the count. */
export async function streamThrough(
  firewall: ReturnType<typeof createFirewall>,
  chunks: readonly Buffer[],
): Promise<number> {
  let out = 0;
  await pipeline(
    Readable.from(chunks),
    firewall.createStream(),
    new Writable({
      decodeStrings: false,
      write(chunk: string | Buffer, _encoding, callback) {
        out += chunk.length;
        callback();
      },
    }),
  );
  return out;
}

/**
 * The diff's UTF-8 bytes cut into `STREAM_CHUNK` pieces, each a Buffer of its own, as a socket or
 * a file read feeds a stream (a cut may fall inside a character: the stream decodes across it).
 */
export function streamChunks(input: string): Buffer[] {
  const bytes = Buffer.from(input, 'utf8');
  const chunks: Buffer[] = [];
  for (let from = 0; from < bytes.length; from += STREAM_CHUNK)
    chunks.push(Buffer.from(bytes.subarray(from, from + STREAM_CHUNK)));
  return chunks;
}
