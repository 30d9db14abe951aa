import { mayAssignInCode, type ContentMode } from './assignment-rule.js';
import { bytesEqual, bytesHave, hasAt } from './chars.js';
import { contentModeFor } from './content-mode.js';
import {
  headerLinePaths,
  isExtendedHeader,
  isExtendedHeaderAt,
  isExtendedHeaderByte,
  keepsWhenBlocked,
  plainGitPath,
  plainGitPathBytes,
} from './diff-paths.js';
import { HUNK, readHunkCountBytes, readHunkCounts } from './hunk.js';
import {
  ALL_FAMILIES,
  ASSIGNMENT,
  KeywordHits,
  SPAN_BYTES,
  WINDOW,
  createKeywordFilter,
} from './keywords.js';
import { scanLine } from './line-scanner.js';
import type { Policy } from './policy.js';
import type { ReportBuilder } from './report.js';
import { TOKEN_KEYWORDS } from './token-rules.js';

/** The keyword pre-filter every engine shares (it holds no state between calls). */
const KEYWORDS = createKeywordFilter(TOKEN_KEYWORDS);

/**
 * The keyword occurrences of the span being read (`KeywordFilter.index`), one for the process: an
 * engine fills and reads it within one `process` call, which never runs another engine.
 */
const HITS = new KeywordHits();

/**
 * The operators of the line `families` last read from HITS, relative to its content start, in
 * order (`opCount` of them; -1 when it read the range instead, and they are unknown).
 */
const OPS = new Int32Array(HITS.operator.length);
let opCount = -1;

/** A section's empty `held` and `paths` until it has some: most sections hold nothing. */
const NOTHING: string[] = [];
Object.freeze(NOTHING);

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

/** Whether the line at [start, end) of `text` starts with `prefix`. */
function lineHas(text: string, start: number, end: number, prefix: string): boolean {
  return end - start >= prefix.length && hasAt(text, start, prefix);
}

/**
 * The streaming core behind every entry point. Text goes in by `write` in chunks of any size and
 * comes out line by line; the output for a given input is the same however it is chunked,
 * because every decision depends only on the line and on state carried from earlier lines (hunk
 * counts, the current file, an open private-key block). Memory is bounded by `maxLineLength`
 * plus a few header lines: a longer line is cut into pieces of exactly that length, at positions
 * that depend only on the line.
 *
 * Text is read a span (up to 64 KiB, from a line start) at a time: the keyword pre-filter lists
 * the span's keywords in one pass (`KeywordFilter.index`), then a line without a
 * keyword costs a look at its first character (hunk lines, counted in a loop) or nothing (file
 * content), a file header is read ahead and settled at once when all of it is in the text, and
 * only the lines with a keyword reach the rules. Lines the span does not cover (longer than a
 * span, or cut into pieces) are read one by one as before; both ways give the same answer.
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
  /** Header lines of the current file still to come that `readHeader` has already read. */
  private headerLeft = 0;
  private out: string[] = [];
  /**
   * For each piece of `out`, where it starts in the input (in characters since the first `write`)
   * when it is a slice of the input as it came; -1 for a piece the engine made (a replaced line,
   * held header lines). A stream of ASCII bytes copies no byte of the former (stream.ts).
   */
  private outFrom: number[] = [];
  /** Characters fed before the current chunk, and where the carried line starts in the input. */
  private fed = 0;
  private carryStart = 0;

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
      paths: NOTHING,
      mode: contentModeFor(path),
      blocked: path === null ? null : false,
      held: NOTHING,
      heldChars: 0,
    };
  }

  /** Feeds a chunk; returns the output for every line it completed. */
  write(chunk: string): string {
    this.feed(chunk);
    return this.drain();
  }

  /**
   * `write`, with the output as the pieces it is made of (slices of the input, replaced lines),
   * in order, for a caller that copies them straight into bytes. Valid until the next call.
   */
  writeParts(chunk: string): readonly string[] {
    this.feed(chunk);
    return this.takeParts();
  }

  /** `end`, as pieces (see `writeParts`). */
  endParts(): readonly string[] {
    this.finish();
    return this.takeParts();
  }

  /**
   * For each piece the last `writeParts` or `endParts` returned, its start in the input (in
   * characters since the first call) when it is a slice of the input, else -1.
   */
  partStarts(): readonly number[] {
    return this.lastFrom;
  }

  /** Where the input the engine still holds (a carried line) starts: none before it is needed. */
  retainedFrom(): number {
    return this.carryLength > 0 ? this.carryStart : this.fed;
  }

  private lastFrom: number[] = [];

  private emit(part: string, from: number): void {
    this.out.push(part);
    this.outFrom.push(from);
  }

  private feed(chunk: string): void {
    if (chunk.length === 0) return;
    const chunkStart = this.fed;
    this.fed += chunk.length;
    if (chunk.indexOf('\n') < 0 && this.carryLength + chunk.length <= this.max) {
      if (this.carryLength === 0) this.carryStart = chunkStart;
      this.carry.push(chunk);
      this.carryLength += chunk.length;
      return;
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
      this.process(head, false, 0, this.carryStart);
    }
    if (from < chunk.length) this.process(chunk, false, from, chunkStart);
  }

  /** Flushes the last line (without a newline) and any held header. */
  end(): string {
    this.finish();
    return this.drain();
  }

  private finish(): void {
    if (this.carryLength > 0) {
      const text = this.carry.join('');
      this.carry = [];
      this.carryLength = 0;
      this.process(text, true, 0, this.carryStart);
    }
    this.decide();
    const held = this.takeHeld();
    if (held !== '') this.emit(held, -1);
  }

  private drain(): string {
    const output = this.out.length === 1 ? (this.out[0] ?? '') : this.out.join('');
    this.out = [];
    this.outFrom = [];
    return output;
  }

  private takeParts(): readonly string[] {
    const parts = this.out;
    this.lastFrom = this.outFrom;
    this.out = [];
    this.outFrom = [];
    return parts;
  }

  /**
   * The span of the current `process` call's text that HITS covers: [spanFrom, spanTo), where
   * spanTo is HITS.to; -1 outside `process` or before the first span.
   */
  private spanFrom = 0;
  private spanTo = -1;
  private hitCount = 0;
  /** HITS entries before hitCursor belong to lines already read. */
  private hitCursor = 0;

  /** Indexes the text being processed from `from` (a line start) on. */
  private indexSpan(text: string, from: number): void {
    this.hitCount = KEYWORDS.index(text, from, Math.min(text.length, from + WINDOW), HITS);
    this.hitCursor = 0;
    this.spanFrom = from;
    this.spanTo = HITS.to;
  }

  /**
   * The rule families whose keyword is in `text` at [start, end): from HITS when the span covers
   * the line and `end` is its newline (the common case), else by reading the range.
   */
  private families(text: string, start: number, end: number): number {
    opCount = -1;
    if (start < this.spanFrom || end >= this.spanTo || text.charCodeAt(end) !== 10)
      return KEYWORDS.families(text, start, end);
    const count = this.hitCount;
    const at = HITS.at;
    let hit = this.hitCursor;
    while (hit < count && (at[hit] as number) < start) hit++;
    // Lines are read in order: nothing before this line is asked for again.
    this.hitCursor = hit;
    let found = 0;
    let ops = 0;
    for (; hit < count && (at[hit] as number) < end; hit++) {
      if ((HITS.start[hit] as number) < start) continue;
      found |= HITS.family[hit] as number;
      const operator = HITS.operator[hit] as number;
      if (operator < 0) continue;
      // In order and once each (stems in one name share its operator).
      const relative = operator - start;
      let slot = ops;
      while (slot > 0 && (OPS[slot - 1] as number) > relative) slot--;
      if (slot > 0 && OPS[slot - 1] === relative) continue;
      if (slot < ops) OPS.copyWithin(slot + 1, slot, ops);
      OPS[slot] = relative;
      ops++;
    }
    opCount = ops;
    return found;
  }

  /** Reads `text` from `from` on; `text` starts at `base` in the input (see `outFrom`). */
  private process(text: string, final: boolean, from: number, base: number): void {
    const length = text.length;
    const max = this.max;
    const file = this.kind === 'file';
    const at = HITS.at;
    let start = from;
    // Untouched lines are copied as one slice: [passFrom, start).
    let passFrom = from;
    this.spanTo = -1;
    while (start < length) {
      const newline = text.indexOf('\n', start);
      // The fast path: a whole line of content with no keyword on it, in a file or in a hunk of a
      // file that is not blocked, with no private-key block open. It only counts the line; most
      // lines of a diff end here, without a call or an allocation.
      if (newline >= 0 && newline - start <= max && !this.continuing && !this.inPem) {
        if (newline >= this.spanTo && newline - start < WINDOW) this.indexSpan(text, start);
        if (newline < this.spanTo) {
          const count = this.hitCount;
          let hit = this.hitCursor;
          while (hit < count && (at[hit] as number) < start) hit++;
          this.hitCursor = hit;
          // A keyword on the line? (In a hunk, one that starts at the `+`/`-`/` ` is not content:
          // `line` decides.)
          const cold = hit === count || (at[hit] as number) >= newline;
          if (file) {
            if (cold) {
              start = this.skipColdLines(text, newline);
              continue;
            }
          } else if (this.section.blocked === false) {
            // (The span's bytes are its characters when it is ASCII: no `charCodeAt`.)
            const ascii = HITS.ascii;
            const first =
              start >= newline
                ? -1
                : ascii
                  ? (SPAN_BYTES[start - this.spanFrom] as number)
                  : text.charCodeAt(start);
            if (this.oldLeft > 0 || this.newLeft > 0) {
              if (cold && (first === 32 || first === 45 || first === 43)) {
                start = this.skipHunkLines(text, newline, first);
                continue;
              }
            } else if (
              cold &&
              first === 64 &&
              this.headerLeft === 0 &&
              this.section.held.length === 0 &&
              (ascii
                ? readHunkCountBytes(SPAN_BYTES, start - this.spanFrom, newline - this.spanFrom)
                : readHunkCounts(text, start, newline))
            ) {
              // A hunk header with no keyword on it, as `header` reads it.
              this.oldLeft = HUNK.old;
              this.newLeft = HUNK.new;
              start = newline + 1;
              continue;
            }
          }
        }
      }
      let end: number;
      let terminated: boolean;
      if (newline >= 0 && newline - start <= max) {
        end = newline + 1;
        terminated = true;
      } else if (length - start > max) {
        end = start + max;
        terminated = false;
      } else if (final) {
        end = length;
        terminated = false;
      } else {
        this.carry.push(text.slice(start));
        this.carryLength = length - start;
        this.carryStart = base + start;
        break;
      }
      const contentEnd = terminated ? end - 1 : end;
      const replacement = this.line(text, start, contentEnd, end, terminated);
      if (replacement !== null) {
        if (passFrom < start) this.emit(text.slice(passFrom, start), base + passFrom);
        if (replacement !== '') this.emit(replacement, -1);
        passFrom = end;
      }
      start = end;
    }
    if (passFrom < start) this.emit(text.slice(passFrom, start), base + passFrom);
    this.spanTo = -1;
  }

  /**
   * In a file, from a line without a keyword that ends at `newline` inside the span: skips it and
   * every line after it that ends before the span's next keyword (or the span's end). Returns
   * where the first line not skipped starts.
   */
  private skipColdLines(text: string, newline: number): number {
    // The span's next keyword, or its end: every keyword before it is listed (HITS.to).
    const nextHit =
      this.hitCursor < this.hitCount ? (HITS.at[this.hitCursor] as number) : this.spanTo;
    let lineEnd = newline;
    let following = text.indexOf('\n', lineEnd + 1);
    while (following >= 0 && following < nextHit && following - lineEnd - 1 <= this.max) {
      lineEnd = following;
      following = text.indexOf('\n', lineEnd + 1);
    }
    return lineEnd + 1;
  }

  /**
   * In a hunk, from a line without a keyword that ends at `newline` and starts with `first` (` `,
   * `-` or `+`): counts it as `line` does, and the lines after it while they are such lines too,
   * the hunk is not over and they end before the span's next keyword (or the span's end). Returns
   * where the first line not counted starts.
   */
  private skipHunkLines(text: string, newline: number, first: number): number {
    const nextHit =
      this.hitCursor < this.hitCount ? (HITS.at[this.hitCursor] as number) : this.spanTo;
    let oldLeft = this.oldLeft;
    let newLeft = this.newLeft;
    let lineEnd = newline;
    let code = first;
    const ascii = HITS.ascii;
    const from = this.spanFrom;
    for (;;) {
      if (code !== 43 && oldLeft > 0) oldLeft--;
      if (code !== 45 && newLeft > 0) newLeft--;
      if (oldLeft === 0 && newLeft === 0) break;
      const following = text.indexOf('\n', lineEnd + 1);
      const lineStart = lineEnd + 1;
      if (following < 0 || following >= nextHit || following - lineStart > this.max) break;
      code =
        lineStart >= following
          ? -1
          : ascii
            ? (SPAN_BYTES[lineStart - from] as number)
            : text.charCodeAt(lineStart);
      if (code !== 32 && code !== 45 && code !== 43) break;
      lineEnd = following;
    }
    this.oldLeft = oldLeft;
    this.newLeft = newLeft;
    return lineEnd + 1;
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
    if (this.headerLeft > 0) {
      // A header line `readHeader` has read: the file is settled, the line is kept or dropped.
      this.headerLeft--;
      this.continuingAs = 'pass';
      if (this.section.blocked !== true) return null;
      return keepsWhenBlocked(text.slice(start, contentEnd)) ? null : '';
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
    // The line is turned into a string only where a header line needs one (rarely).
    // A unified diff without git's `diff --git` line starts each file at `--- `.
    const starts =
      lineHas(text, start, contentEnd, 'diff --git ') ||
      (this.section.blocked !== null && lineHas(text, start, contentEnd, '--- '));
    if (starts) {
      this.decide();
      const previous = this.takeHeld();
      this.startSection();
      const lines = this.readHeader(text, start);
      if (lines > 0) {
        // The whole header is in this text: the file is settled now and its header lines are
        // copied through (or dropped) where they stand, with nothing held.
        this.headerLeft = lines - 1;
        this.continuingAs = 'pass';
        const keep =
          this.section.blocked !== true || keepsWhenBlocked(text.slice(start, contentEnd));
        if (previous === '') return keep ? null : '';
        return previous + (keep ? text.slice(start, end) : '');
      }
      return previous + this.hold(text.slice(start, end), text.slice(start, contentEnd));
    }
    if (this.section.blocked === null) {
      const line = text.slice(start, contentEnd);
      if (isExtendedHeader(line)) return this.hold(text.slice(start, end), line);
    }
    this.decide();
    const blocked = this.section.blocked === true;
    const held = this.takeHeld();
    if (lineHas(text, start, contentEnd, '@@ ')) {
      const counts = readHunkCounts(text, start, contentEnd);
      this.oldLeft = counts ? HUNK.old : Number.POSITIVE_INFINITY;
      this.newLeft = counts ? HUNK.new : Number.POSITIVE_INFINITY;
    }
    if (blocked) {
      this.continuingAs = 'drop';
      return held;
    }
    if (lineHas(text, start, contentEnd, '\\')) {
      this.continuingAs = 'pass';
      return held === '' ? null : held + text.slice(start, end);
    }
    this.continuingAs = 'content';
    const scanned = this.content(text, start, start, contentEnd, end);
    if (held === '') return scanned;
    return held + (scanned ?? text.slice(start, end));
  }

  /**
   * Reads ahead the header of the file that starts at `start`: when all of it (the lines up to
   * the first that is not a header line) is in `text`, and it is short enough that `hold` would
   * not have settled the file early, sets the file's paths, settles it as `hold` then `decide`
   * would, and returns the number of header lines (the first included); otherwise returns 0 and
   * changes nothing.
   */
  private readHeader(text: string, start: number): number {
    let paths: string[] = NOTHING;
    let path = '';
    let at = start;
    let lines = 0;
    let chars = 0;
    // `diff --git a/P b/P` with a plain P (git's usual header): its paths are a/P, P and b/P,
    // and `--- a/P`, `+++ b/P` or `/dev/null` add none (what `headerLinePaths` reads, in short).
    let plain = '';
    let plainAt = 0;
    // Lines inside an ASCII span are read from its bytes (`KeywordHits.ascii`).
    const base = this.spanFrom;
    const bytesEnd = HITS.ascii && start >= base ? this.spanTo : -1;
    const bytes = SPAN_BYTES;
    for (;;) {
      const newline = text.indexOf('\n', at);
      if (newline < 0 || newline - at > this.max) return 0;
      const inBytes = newline < bytesEnd;
      if (
        lines > 0 &&
        !(inBytes ? isExtendedHeaderByte(bytes, at - base) : isExtendedHeaderAt(text, at))
      )
        break;
      lines++;
      chars += newline + 1 - at;
      if (lines >= MAX_HEADER_LINES || chars >= MAX_HEADER_CHARS) return 0;
      // Only `diff --git`, `---`, `+++`, `rename …` and `copy …` name a path.
      const first = inBytes ? (bytes[at - base] as number) : text.charCodeAt(at);
      if (
        lines === 1 &&
        (plain = inBytes
          ? plainGitPathBytes(text, bytes, base, at, newline)
          : plainGitPath(text, at, newline)) !== ''
      ) {
        const restStart = at + 11;
        plainAt = restStart + 2;
        // a/P, P and b/P share a file name, and a/P is the longest: when the blocked patterns look
        // at names only (and a path's length), it answers for all three.
        const aPath = text.slice(restStart, restStart + plain.length + 2);
        paths = this.policy.byNameOnly
          ? [aPath]
          : [aPath, plain, text.slice(newline - plain.length - 2, newline)];
        path = plain;
      } else if (
        (first === 45 || first === 43) &&
        plain !== '' &&
        (newline - at === 13
          ? inBytes
            ? bytesHave(bytes, at - base + 4, '/dev/null')
            : hasAt(text, at + 4, '/dev/null')
          : newline - at === plain.length + 6 &&
            (inBytes && plainAt >= base
              ? bytesHave(bytes, at - base, first === 45 ? '--- a/' : '+++ b/') &&
                bytesEqual(bytes, at - base + 6, plainAt - base, plain.length)
              : hasAt(text, at, first === 45 ? '--- a/' : '+++ b/') &&
                text.slice(at + 6, newline) === plain))
      ) {
        // `--- a/P`, `+++ b/P`, `--- /dev/null`, `+++ /dev/null`: nothing new.
      } else if (first === 100 || first === 45 || first === 43 || first === 114 || first === 99) {
        if (paths === NOTHING) paths = [];
        const named = headerLinePaths(text.slice(at, newline), paths);
        if (named.path !== '' && (named.isNew || path === '')) path = named.path;
      }
      at = newline + 1;
    }
    this.section.paths = paths;
    this.section.path = path;
    this.decide();
    return lines;
  }

  private startSection(): void {
    this.section = this.newSection(null);
    this.inPem = false;
  }

  private hold(raw: string, line: string): string {
    const section = this.section;
    if (section.held === NOTHING) section.held = [];
    if (section.paths === NOTHING) section.paths = [];
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
    section.held = NOTHING;
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
    const families = this.inPem ? ALL_FAMILIES : this.families(text, contentStart, contentEnd);
    if (families === 0) return null;
    // Code that assigns expressions to secret-sounding names: nothing for the rule to find.
    if (
      families === ASSIGNMENT &&
      opCount > 0 &&
      this.section.mode === 'code' &&
      !mayAssignInCode(text, contentStart, contentEnd, OPS, opCount)
    )
      return null;
    const content = text.slice(contentStart, contentEnd);
    const scan = scanLine(
      content,
      this.section.mode,
      this.inPem,
      this.policy.enabled,
      families,
      opCount < 0 || this.inPem ? null : OPS,
      opCount,
    );
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
