/**
 * Run in a child process by the firewall bench case: streams a generated diff of FIREWALL_RSS_MB
 * megabytes through the firewall's Transform (or, with FIREWALL_RSS_MODE=raw, through a plain
 * pass-through) into a sink, and prints one JSON line with the peak RSS. One process per
 * measurement, so one size's garbage cannot inflate another's peak.
 */
import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createFirewall } from '@scm/firewall';
import { diffSections } from './generate-diff.js';

const megabytes = Number(process.env.FIREWALL_RSS_MB ?? '10');
const mode = process.env.FIREWALL_RSS_MODE === 'raw' ? 'raw' : 'firewall';
const limit = megabytes * 1_000_000;

/** Chunks of about 64 KB, the size a socket or a file read hands over. */
const CHUNK = 64 * 1024;

/** Buffers, as a socket or a file read hands them. */
function* chunks(): Generator<Buffer> {
  let sent = 0;
  let parts: string[] = [];
  let size = 0;
  for (const section of diffSections(7)) {
    if (sent >= limit) break;
    sent += section.length;
    parts.push(section);
    size += section.length;
    if (size >= CHUNK) {
      yield Buffer.from(parts.join(''), 'utf8');
      parts = [];
      size = 0;
    }
  }
  if (size > 0) yield Buffer.from(parts.join(''), 'utf8');
}

const firewall = createFirewall({ hashKey: 'bench-rss-key-0123456789abcdef' });
const transform = mode === 'raw' ? new PassThrough() : firewall.createStream();
let bytes = 0;
const started = performance.now();
await pipeline(
  Readable.from(chunks()),
  transform,
  new Writable({
    write(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback();
    },
  }),
);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({
    mode,
    megabytes,
    outBytes: bytes,
    seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
