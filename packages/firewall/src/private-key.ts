import { BASE64, isIn, isQuote, isSpace } from './chars.js';
import type { Finding } from './finding.js';

const BEGIN = '-----BEGIN ';
const END = '-----END ';
const DASHES = '-----';
const MAX_LABEL = 64;

/** `RSA PRIVATE KEY`, `OPENSSH PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`, `PGP PRIVATE KEY BLOCK`… */
function isPrivateKeyLabel(label: string): boolean {
  return label.endsWith('PRIVATE KEY') || label.endsWith('PRIVATE KEY BLOCK');
}

function hasContent(text: string, start: number, end: number): boolean {
  for (let index = start; index < end; index++) if (!isSpace(text.charCodeAt(index))) return true;
  return false;
}

export interface PemScan {
  findings: Finding[];
  /** True when the line opened a block that it did not close. */
  open: boolean;
}

/**
 * Finds private-key armour headers on a line. A block closed on the same line (a JSON string with
 * `\n` escapes) has everything between its header and footer hashed; an open block has the rest
 * of the line hashed and the following lines are handled by `scanPemBodyLine`. Each block counts
 * once. Certificates and public keys (`BEGIN CERTIFICATE`, `BEGIN PUBLIC KEY`) are left alone.
 */
export function scanPemHeaders(text: string): PemScan {
  const findings: Finding[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf(BEGIN, from);
    if (at < 0) return { findings, open: false };
    const labelStart = at + BEGIN.length;
    const labelEnd = text.indexOf(DASHES, labelStart);
    from = labelStart;
    if (labelEnd < 0 || labelEnd - labelStart > MAX_LABEL) continue;
    if (!isPrivateKeyLabel(text.slice(labelStart, labelEnd))) continue;
    const bodyStart = labelEnd + DASHES.length;
    const footer = text.indexOf(END, bodyStart);
    const bodyEnd = footer < 0 ? text.length : footer;
    // A zero-length finding counts the block without replacing anything.
    const span = hasContent(text, bodyStart, bodyEnd) ? bodyEnd : bodyStart;
    findings.push({ start: bodyStart, end: span, rule: 'private-key', counts: true });
    if (footer < 0) return { findings, open: true };
    from = footer + END.length;
  }
}

const MARKER_START = '[hashed:sha256:';

/**
 * A line inside an open private-key block: base64 (optionally quoted or with a `\n` escape, as in
 * code that concatenates the key), an RFC 1421 header such as `Proc-Type: 4,ENCRYPTED`, a blank
 * line, or the footer. Returns null when the line is none of these: the block is then taken as
 * over, so a missing footer never swallows the rest of a file.
 */
export function scanPemBodyLine(text: string): { finding: Finding | null; open: boolean } | null {
  const footer = text.indexOf(END);
  let end = footer < 0 ? text.length : footer;
  let start = 0;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  if (start < end && isQuote(text.charCodeAt(start))) start++;
  // Trailing whitespace, quotes, `,` `;` `+` and literal `\n` escapes around a key in source code.
  for (;;) {
    const code = text.charCodeAt(end - 1);
    if (
      end > start &&
      (isSpace(code) || isQuote(code) || code === 44 || code === 59 || code === 43)
    )
      end--;
    else if (end - 1 > start && code === 110 && text.charCodeAt(end - 2) === 92) end -= 2;
    else break;
  }
  const open = footer < 0;
  if (start >= end) return { finding: null, open };
  if (text.startsWith(MARKER_START, start)) return { finding: null, open };
  if (isPemHeader(text, start, end)) return { finding: null, open };
  for (let index = start; index < end; index++) {
    if (!isIn(BASE64, text.charCodeAt(index))) return null;
  }
  return { finding: { start, end, rule: 'private-key', counts: false }, open };
}

function isPemHeader(text: string, start: number, end: number): boolean {
  return (
    (text.startsWith('Proc-Type:', start) ||
      text.startsWith('DEK-Info:', start) ||
      text.startsWith('Comment:', start)) &&
    end > start
  );
}
