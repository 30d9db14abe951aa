import type { ContentMode } from './assignment-rule.js';
import { contentModeFor } from './content-mode.js';
import { headerLinePaths, isExtendedHeader, keepsWhenBlocked } from './diff-paths.js';
import { ALL_FAMILIES, createKeywordFilter } from './keywords.js';
import { scanLine } from './line-scanner.js';
import type { Policy } from './policy.js';
import type { ReportBuilder } from './report.js';
import { TOKEN_KEYWORDS } from './token-rules.js';

/** The keyword pre-filter every engine shares (it holds no state between calls). */
const KEYWORDS = createKeywordFilter(TOKEN_KEYWORDS);

/** Header lines held back while deciding whether a file is blocked; more than this decides. */
const MAX_HEADER_LINES = 64;
const MAX_HEADER_CHARS = 64 * 1024;

interface Section {
  /** Path for the report and for the content mode; '' when unknown. */
  path: string;
  paths: string[];
  mode: ContentMode;
  /** null while the header is still being read. */
  blocked: boolean | null;
  held: string[];
  heldChars: number;
}

export type EngineKind =
  /** Unified diff text: `diff --git` sections, hunks, several files. */
  | 'diff'
  /** Plain file content: every line is content. */
  | 'file';

function parseCount(text: string, from: number): { value: number; end: number } | null {
  let end = from;
  let value = 0;
  while (end < text.length && end - from < 10) {
    const code = text.charCodeAt(end);
    if (code < 48 || code > 57) break;
    value = value * 10 + (code - 48);
    end++;
  }
  return end === from ? null : { value, end };
}

/** `@@ -a[,b] +c[,d] @@` → line counts b and d (1 when omitted); null when malformed. */
export function parseHunkCounts(line: string): { old: number; new: number } | null {
  if (!line.startsWith('@@ -')) return null;
  let index = 4;
  const oldStart = parseCount(line, index);
  if (oldStart === null) return null;
  index = oldStart.end;
  let oldCount = 1;
  if (line.charCodeAt(index) === 44) {
    const count = parseCount(line, index + 1);
    if (count === null) return null;
    oldCount = count.value;
    index = count.end;
  }
  if (!line.startsWith(' +', index)) return null;
  const newStart = parseCount(line, index + 2);
  if (newStart === null) return null;
  index = newStart.end;
  let newCount = 1;
  if (line.charCodeAt(index) === 44) {
    const count = parseCount(line, index + 1);
    if (count === null) return null;
    newCount = count.value;
    index = count.end;
  }
  return line.startsWith(' @@', index) ? { old: oldCount, new: newCount } : null;
}

/**
 * The streaming core behind every entry point. Text goes in by `write` in chunks of any size and
 * comes out line by line; the output for a given input is the same however it is chunked,
 * because every decision depends only on the line and on state carried from earlier lines (hunk
 * counts, the current file, an open private-key block). Memory is bounded by `maxLineLength`
 * plus a few header lines: a longer line is cut into pieces of exactly that length, at positions
 * that depend only on the line.
 */
export class Engine {
  private readonly max: number;
  private carry: string[] = [];
  private carryLength = 0;
  private section: Section;
  private oldLeft = 0;
  private newLeft = 0;
  private inPem = false;
  /** The previous piece ended without a newline: the next piece continues the same line. */
  private continuing = false;
  private continuingAs: 'drop' | 'pass' | 'content' = 'pass';
  private out: string[] = [];

  constructor(
    private readonly policy: Policy,
    private readonly report: ReportBuilder,
    private readonly kind: EngineKind,
    path: string | null,
  ) {
    this.max = policy.maxLineLength;
    this.section = this.newSection(path);
    if (path !== null) this.section.blocked = false;
  }

  private newSection(path: string | null): Section {
    return {
      path: path ?? '',
      paths: [],
      mode: contentModeFor(path),
      blocked: path === null ? null : false,
      held: [],
      heldChars: 0,
    };
  }

  /** Feeds a chunk; returns the output for every line it completed. */
  write(chunk: string): string {
    if (chunk.length === 0) return '';
    if (chunk.indexOf('\n') < 0 && this.carryLength + chunk.length <= this.max) {
      this.carry.push(chunk);
      this.carryLength += chunk.length;
      return '';
    }
    let from = 0;
    if (this.carryLength > 0) {
      // Only the line the carry belongs to is joined with it; the rest of the chunk is read in
      // place (no copy of the chunk).
      const newline = chunk.indexOf('\n');
      from = newline < 0 ? chunk.length : newline + 1;
      const head = this.carry.join('') + chunk.slice(0, from);
      this.carry = [];
      this.carryLength = 0;
      this.process(head, false, 0);
    }
    if (from < chunk.length) this.process(chunk, false, from);
    return this.drain();
  }

  /** Flushes the last line (without a newline) and any held header. */
  end(): string {
    if (this.carryLength > 0) {
      const text = this.carry.join('');
      this.carry = [];
      this.carryLength = 0;
      this.process(text, true, 0);
    }
    this.decide();
    const held = this.takeHeld();
    if (held !== '') this.out.push(held);
    return this.drain();
  }

  private drain(): string {
    const output = this.out.length === 1 ? (this.out[0] ?? '') : this.out.join('');
    this.out = [];
    return output;
  }

  private process(text: string, final: boolean, from: number): void {
    const length = text.length;
    let start = from;
    // Untouched lines are copied as one slice: [passFrom, start).
    let passFrom = from;
    while (start < length) {
      const newline = text.indexOf('\n', start);
      let end: number;
      let terminated: boolean;
      if (newline >= 0 && newline - start <= this.max) {
        end = newline + 1;
        terminated = true;
      } else if (length - start > this.max) {
        end = start + this.max;
        terminated = false;
      } else if (final) {
        end = length;
        terminated = false;
      } else {
        this.carry.push(text.slice(start));
        this.carryLength = length - start;
        break;
      }
      const contentEnd = terminated ? end - 1 : end;
      const replacement = this.line(text, start, contentEnd, end, terminated);
      if (replacement !== null) {
        if (passFrom < start) this.out.push(text.slice(passFrom, start));
        if (replacement !== '') this.out.push(replacement);
        passFrom = end;
      }
      start = end;
    }
    if (passFrom < start) this.out.push(text.slice(passFrom, start));
  }

  /**
   * Handles one line or piece at [start, end) (content up to contentEnd). Returns null to copy it
   * unchanged, or its replacement ('' to drop it).
   */
  private line(
    text: string,
    start: number,
    contentEnd: number,
    end: number,
    terminated: boolean,
  ): string | null {
    const continuing = this.continuing;
    this.continuing = !terminated;
    if (continuing) {
      switch (this.continuingAs) {
        case 'drop':
          return '';
        case 'pass':
          return null;
        case 'content':
          return this.content(text, start, start, contentEnd, end);
      }
    }
    if (this.kind === 'file') {
      this.continuingAs = 'content';
      return this.content(text, start, start, contentEnd, end);
    }
    const first = start < contentEnd ? text.charCodeAt(start) : -1;
    if (this.oldLeft > 0 || this.newLeft > 0) {
      let inHunk = true;
      if (first === 32 || first === -1 || (first === 13 && contentEnd === start + 1)) {
        this.oldLeft--;
        this.newLeft--;
      } else if (first === 45) this.oldLeft--;
      else if (first === 43) this.newLeft--;
      else if (first !== 92) inHunk = false;
      if (inHunk) {
        if (this.oldLeft < 0) this.oldLeft = 0;
        if (this.newLeft < 0) this.newLeft = 0;
        if (this.section.blocked === true) {
          this.continuingAs = 'drop';
          return '';
        }
        if (first === 92) {
          this.continuingAs = 'pass';
          return null;
        }
        this.continuingAs = 'content';
        return this.content(text, start, first === -1 ? start : start + 1, contentEnd, end);
      }
      this.oldLeft = 0;
      this.newLeft = 0;
    }
    return this.header(text, start, contentEnd, end);
  }

  /** A line outside any hunk: a file header, a hunk header, or free text (a commit message). */
  private header(text: string, start: number, contentEnd: number, end: number): string | null {
    // Only the few lines that can be headers are turned into strings.
    const first = text.charCodeAt(start);
    const maybeHeader =
      first === 100 ||
      first === 64 ||
      first === 45 ||
      first === 43 ||
      first === 105 ||
      first === 111 ||
      first === 110 ||
      first === 115 ||
      first === 114 ||
      first === 99 ||
      first === 66 ||
      first === 71 ||
      first === 92;
    const line = maybeHeader ? text.slice(start, contentEnd) : '';
    // A unified diff without git's `diff --git` line starts each file at `--- `.
    const starts =
      line.startsWith('diff --git ') || (line.startsWith('--- ') && this.section.blocked !== null);
    if (starts) {
      this.decide();
      const previous = this.takeHeld();
      this.startSection();
      return previous + this.hold(text.slice(start, end), line);
    }
    if (this.section.blocked === null && isExtendedHeader(line))
      return this.hold(text.slice(start, end), line);
    this.decide();
    const blocked = this.section.blocked === true;
    const held = this.takeHeld();
    if (line.startsWith('@@ ')) {
      const counts = parseHunkCounts(line);
      this.oldLeft = counts === null ? Number.POSITIVE_INFINITY : counts.old;
      this.newLeft = counts === null ? Number.POSITIVE_INFINITY : counts.new;
    }
    if (blocked) {
      this.continuingAs = 'drop';
      return held;
    }
    if (line.startsWith('\\')) {
      this.continuingAs = 'pass';
      return held === '' ? null : held + text.slice(start, end);
    }
    this.continuingAs = 'content';
    const scanned = this.content(text, start, start, contentEnd, end);
    if (held === '') return scanned;
    return held + (scanned ?? text.slice(start, end));
  }

  private startSection(): void {
    this.section = this.newSection(null);
    this.inPem = false;
  }

  private hold(raw: string, line: string): string {
    const section = this.section;
    section.held.push(raw);
    section.heldChars += raw.length;
    const named = headerLinePaths(line, section.paths);
    if (named.path !== '' && (named.isNew || section.path === '')) section.path = named.path;
    // A header cut into pieces, or too many of them, settles the file now so output keeps its order.
    const settle =
      !raw.endsWith('\n') ||
      section.held.length >= MAX_HEADER_LINES ||
      section.heldChars >= MAX_HEADER_CHARS;
    if (!settle) {
      this.continuingAs = 'pass';
      return '';
    }
    this.decide();
    this.continuingAs = section.blocked === true ? 'drop' : 'pass';
    return this.takeHeld();
  }

  /** Settles whether the current file is blocked, once its header lines are in. */
  private decide(): void {
    const section = this.section;
    if (section.blocked !== null) return;
    section.mode = contentModeFor(section.path === '' ? null : section.path);
    section.blocked = false;
    const paths = section.paths;
    for (let index = 0; index < paths.length; index++) {
      const path = paths[index] ?? '';
      // A header names each path up to four times; each distinct one is checked once.
      if (paths.indexOf(path) < index) continue;
      if (this.policy.isBlocked(path)) {
        section.blocked = true;
        break;
      }
    }
    if (section.blocked) this.report.blocked(section.path);
  }

  private takeHeld(): string {
    const section = this.section;
    if (section.held.length === 0) return '';
    const held =
      section.blocked === true ? section.held.filter((raw) => keepsWhenBlocked(raw)) : section.held;
    section.held = [];
    section.heldChars = 0;
    return held.join('');
  }

  /**
   * Scans content at [contentStart, contentEnd) of a line [start, end) and returns the line with
   * secrets replaced, or null when nothing changed.
   */
  private content(
    text: string,
    start: number,
    contentStart: number,
    contentEnd: number,
    end: number,
  ): string | null {
    // Most lines stop here: no rule's keyword on them, nothing sliced or allocated.
    const families = this.inPem ? ALL_FAMILIES : KEYWORDS.families(text, contentStart, contentEnd);
    if (families === 0) return null;
    const content = text.slice(contentStart, contentEnd);
    const scan = scanLine(content, this.section.mode, this.inPem, this.policy.enabled, families);
    this.inPem = scan.inPem;
    if (scan.findings.length === 0) return null;
    let output = text.slice(start, contentStart);
    let from = 0;
    for (const finding of scan.findings) {
      if (finding.counts) this.report.secret(this.section.path, finding.rule);
      if (finding.end === finding.start) continue;
      output +=
        content.slice(from, finding.start) +
        this.policy.mark(content.slice(finding.start, finding.end));
      from = finding.end;
    }
    return output + content.slice(from) + text.slice(contentEnd, end);
  }
}
