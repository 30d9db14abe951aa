import type { RuleId } from './config.js';
import { BASE64, NAME, charClass, isIn, isQuote, isSpace } from './chars.js';
import type { Finding } from './finding.js';
import { isPlaceholder } from './placeholders.js';
import { classifyName } from './secret-names.js';
import { mentionsSecretWord } from './secret-words.js';

/**
 * How a line's unquoted values read, from the file's extension (`content-mode.ts`):
 * - `code`: an unquoted value is an expression (`token = getToken()`, `password = userPassword`),
 *   never a literal, so only quoted values can be secrets;
 * - `config` (env, YAML, INI, TOML, properties): an unquoted value at the start of a line runs to
 *   the end of the line (`password = correct horse battery`), minus a ` #` comment;
 * - `text` (shell, JSON, Markdown, unknown): an unquoted value is one word.
 */
export type ContentMode = 'code' | 'config' | 'text';

const MAX_NAME = 128;
const BARE_END = charClass(' \t\r\n\f\v"\'`,;()[]{}<>&|\\');
const SCHEMES = ['bearer ', 'basic ', 'token '] as const;
/** Characters of a type annotation between `name:` and `=` (`&str`, `Option<String>`, `string | null`). */
const TYPE_CHARS = charClass(
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_&<>[]?.|*, \t',
);
const MAX_TYPE = 64;

/** Characters before `=` that make it part of another operator (`!=`, `<=`, `+=`, …). */
const NOT_ASSIGNMENT_BEFORE = charClass('!<>=+-*/%&|^~');

/** `"` `'` and `` ` `` → 0, 1, 2. */
function quoteSlot(quote: number): number {
  return quote === 34 ? 0 : quote === 39 ? 1 : 2;
}
const MISSES: number[] = [Infinity, Infinity, Infinity];

/** Index of the closing `quote` from `from`, skipping backslash-escaped ones; -1 if none. */
function findClosingQuote(text: string, from: number, quote: number, misses: number[]): number {
  const slot = quoteSlot(quote);
  if (from >= (misses[slot] ?? Infinity)) return -1;
  const char = String.fromCharCode(quote);
  let searchFrom = from;
  for (;;) {
    const at = text.indexOf(char, searchFrom);
    if (at < 0) {
      // No closing quote from here means none from any later start either: remember it, so a line
      // of 1 MB of `"` costs one pass, not one pass per quote.
      misses[slot] = from;
      return -1;
    }
    let backslashes = 0;
    while (at - backslashes - 1 >= from && text.charCodeAt(at - backslashes - 1) === 92)
      backslashes++;
    if (backslashes % 2 === 0) return at;
    searchFrom = at + 1;
  }
}

function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  while (at - backslashes - 1 >= 0 && text.charCodeAt(at - backslashes - 1) === 92) backslashes++;
  return backslashes % 2 === 1;
}

/**
 * `name: Type = value` in code: the index just after the `=`, or -1 when what follows the colon
 * is not a short type annotation and an assignment.
 */
function afterTypeAnnotation(text: string, from: number): number {
  const limit = Math.min(text.length, from + MAX_TYPE);
  let index = from;
  while (index < limit && isIn(TYPE_CHARS, text.charCodeAt(index))) index++;
  if (text.charCodeAt(index) !== 61) return -1;
  const next = text.charCodeAt(index + 1);
  return next === 61 || next === 62 ? -1 : index + 1;
}

function isTitleCase(name: string): boolean {
  const first = name.charCodeAt(0);
  const second = name.charCodeAt(1);
  return first >= 65 && first <= 90 && second >= 97 && second <= 122;
}

/** True when `(` (after optional spaces) comes just before `at + 1`: the name opens a call. */
function opensCall(text: string, at: number): boolean {
  let index = at;
  while (index >= 0 && isSpace(text.charCodeAt(index))) index--;
  return index >= 0 && text.charCodeAt(index) === 40;
}

function bareEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && !isIn(BARE_END, text.charCodeAt(end))) end++;
  return end;
}

/** `config` values at the start of a line run to the end of it, less a ` #` comment. */
function restOfLineEnd(text: string, from: number): number {
  let end = text.length;
  const comment = text.indexOf(' #', from);
  const tabComment = text.indexOf('\t#', from);
  if (comment >= 0) end = comment;
  if (tabComment >= 0 && tabComment < end) end = tabComment;
  // A trailing `;` or `,` ends a statement or list item, it is not part of the value.
  while (end > from) {
    const code = text.charCodeAt(end - 1);
    if (!isSpace(code) && code !== 59 && code !== 44) break;
    end--;
  }
  return end;
}

/** True when only indentation, a YAML `- ` or a shell keyword comes before the name. */
function startsLine(text: string, nameStart: number): boolean {
  let index = nameStart - 1;
  while (index >= 0 && (isSpace(text.charCodeAt(index)) || text.charCodeAt(index) === 45)) index--;
  if (index < 0) return true;
  const before = text.slice(Math.max(0, index - 7), index + 1);
  return /(?:^|\s)(?:export|set|ENV|ARG|readonly|local|declare)$/.test(before);
}

function looksLikeAwsSecret(text: string, start: number, end: number): boolean {
  if (end - start !== 40) return false;
  for (let index = start; index < end; index++)
    if (!isIn(BASE64, text.charCodeAt(index))) return false;
  return true;
}

/** Skips an HTTP auth scheme (`Bearer abc` → `abc`), returning the new value start. */
function skipAuthScheme(text: string, start: number, end: number): number {
  const head = text.slice(start, start + 7).toLowerCase();
  for (const scheme of SCHEMES) {
    if (head.startsWith(scheme)) {
      let from = start + scheme.length;
      while (from < end && isSpace(text.charCodeAt(from))) from++;
      return from;
    }
  }
  return start;
}

/**
 * In code, whether `scanAssignments` can find anything on the line at [start, end) of `text`,
 * given the operators after a name with a secret word stem, `operators[0, count)` (relative to
 * `start`, in order): false only when each is an `=` (`=`, `=>`, `?=`, `==`) with no quote
 * before it on the line, so the name is not inside a string, and an unquoted value after it,
 * which in code is an expression (`const token = await auth.getToken()`,
 * `password = form.cleaned_data["password"]`). A quick test that spares the rule most
 * assignments in code, which assign expressions.
 */
export function mayAssignInCode(
  text: string,
  start: number,
  end: number,
  operators: Int32Array,
  count: number,
): boolean {
  let quotes = 0;
  let quotesTo = start;
  for (let index = 0; index < count; index++) {
    const op = start + (operators[index] as number);
    if (text.charCodeAt(op) !== 61) return true;
    for (; quotesTo < op; quotesTo++) if (isQuote(text.charCodeAt(quotesTo))) quotes++;
    if (quotes > 0) return true;
    const next = text.charCodeAt(op + 1);
    if (next === 61) continue;
    let value = op + (next === 62 ? 2 : 1);
    while (value < end && isSpace(text.charCodeAt(value))) value++;
    if (value < end && isQuote(text.charCodeAt(value))) return true;
  }
  return false;
}

/**
 * Finds `name <op> value` where the name means a secret, for `=`, `:`, `=>`, `:=`, `?=`, and a
 * call's two quoted arguments (`define('AUTH_KEY', '…')`), and adds the value's span. Every character is read a bounded number of times: the scan resumes
 * after each value it reads, and the look-back for a name stops at the previous value and at
 * MAX_NAME characters.
 */
export function scanAssignments(
  text: string,
  mode: ContentMode,
  prior: readonly Finding[],
  out: Finding[],
  enabled: (rule: RuleId) => boolean,
  /**
   * When known, the operators whose name holds a secret word stem (`line-scanner.ts`), in order:
   * the only ones that can change what the scan does (at any other the name means no secret, and
   * the scan only moves past it), so the search for operators visits just these.
   */
  operators: Int32Array | null = null,
  /** How many of `operators` there are. */
  operatorCount = operators === null ? 0 : operators.length,
): void {
  const generic = enabled('secret-assignment');
  const aws = enabled('aws-secret-access-key');
  if (!generic && !aws) return;
  // Where a search for each closing quote failed (none: Infinity). Reused: no allocation per line.
  const misses = MISSES;
  misses[0] = misses[1] = misses[2] = Infinity;
  const length = text.length;
  let pos = 0;
  let floor = 0;
  // `prior` is sorted and non-overlapping, and values are found left to right: one moving index
  // answers "does this value overlap a token already found?" in constant amortised time.
  let priorIndex = 0;
  // In code, whether the scan is inside a string literal: an unquoted value there is text
  // (`"Server=db;Password=hunter2"`), outside it an expression. Worked out lazily, only up to
  // the operators whose name means a secret, and never twice over the same characters.
  const trackStrings = mode === 'code';
  let stringQuote = 0;
  let trackedTo = 0;
  let nextEquals = -1;
  let nextColon = -1;
  let nextComma = -1;
  let nextOperator = 0;
  while (pos < length) {
    let op: number;
    if (operators !== null) {
      while (nextOperator < operatorCount && (operators[nextOperator] as number) < pos)
        nextOperator++;
      if (nextOperator === operatorCount) return;
      op = operators[nextOperator++] as number;
    } else {
      if (nextEquals < pos && nextEquals !== length) {
        nextEquals = text.indexOf('=', pos);
        if (nextEquals < 0) nextEquals = length;
      }
      if (nextColon < pos && nextColon !== length) {
        nextColon = text.indexOf(':', pos);
        if (nextColon < 0) nextColon = length;
      }
      if (nextComma < pos && nextComma !== length) {
        nextComma = text.indexOf(',', pos);
        if (nextComma < 0) nextComma = length;
      }
      op = Math.min(nextEquals, nextColon, nextComma);
    }
    if (op >= length) return;
    const code = text.charCodeAt(op);
    const next = text.charCodeAt(op + 1);
    let opLength = 1;
    let nameEndSearch = op - 1;
    // A comma counts only between a call's quoted first argument and a quoted second one:
    // `define('AUTH_KEY', '…')`, `setenv("API_TOKEN", "…")` (checked once the name is read).
    const callArgument = code === 44;
    if (code === 58) {
      if (next === 58) {
        pos = op + 2;
        continue;
      }
      if (next === 47 && text.charCodeAt(op + 2) === 47) {
        pos = op + 3;
        continue;
      }
      if (next === 61) opLength = 2;
    } else if (!callArgument) {
      if (next === 61) {
        let end = op;
        while (end < length && text.charCodeAt(end) === 61) end++;
        pos = end;
        continue;
      }
      const previous = text.charCodeAt(op - 1);
      if (previous === 63) nameEndSearch = op - 2;
      else if (isIn(NOT_ASSIGNMENT_BEFORE, previous)) {
        pos = op + 1;
        continue;
      }
      if (next === 62) opLength = 2;
    }
    pos = op + opLength;

    // The name, looking back: spaces, an optional `]` and closing quote, then name characters.
    const lowest = Math.max(floor, op - MAX_NAME - 8);
    let cursor = nameEndSearch;
    while (cursor >= lowest && isSpace(text.charCodeAt(cursor))) cursor--;
    if (cursor >= lowest && text.charCodeAt(cursor) === 93) cursor--;
    let closingQuote = 0;
    if (cursor >= lowest && isQuote(text.charCodeAt(cursor)))
      closingQuote = text.charCodeAt(cursor--);
    const nameEnd = cursor + 1;
    while (cursor >= lowest && nameEnd - cursor <= MAX_NAME && isIn(NAME, text.charCodeAt(cursor)))
      cursor--;
    const nameStart = cursor + 1;
    if (nameStart >= nameEnd) continue;
    let insideQuote = 0;
    if (callArgument && (closingQuote === 0 || !opensCall(text, cursor - 1))) continue;
    if (closingQuote !== 0) {
      if (text.charCodeAt(cursor) !== closingQuote) continue;
    } else if (!trackStrings && cursor >= 0 && isQuote(text.charCodeAt(cursor))) {
      // `"token=" + token`: the name opened a string literal that the value would close.
      insideQuote = text.charCodeAt(cursor);
    }
    const name = text.slice(nameStart, nameEnd);
    // A call's Title-case first argument is a label (`__('Password', 'my-theme')`), not a name.
    if (callArgument && isTitleCase(name)) continue;
    if (!mentionsSecretWord(name)) continue;
    const verdict = classifyName(name);
    if (!verdict.secret) continue;
    if (trackStrings) {
      // Up to the name, or to its opening quote when it has one (`"password": …` in JS).
      const trackEnd = closingQuote === 0 ? nameStart : nameStart - 1;
      for (; trackedTo < trackEnd; trackedTo++) {
        const char = text.charCodeAt(trackedTo);
        if (!isQuote(char)) continue;
        if (stringQuote === 0) stringQuote = char;
        else if (char === stringQuote && !isEscaped(text, trackedTo)) stringQuote = 0;
      }
      insideQuote = stringQuote;
    }

    let valueStart = pos;
    while (valueStart < length && isSpace(text.charCodeAt(valueStart))) valueStart++;
    if (mode === 'code' && code === 58 && opLength === 1 && insideQuote === 0) {
      const assigned = afterTypeAnnotation(text, valueStart);
      if (assigned >= 0) {
        valueStart = assigned;
        while (valueStart < length && isSpace(text.charCodeAt(valueStart))) valueStart++;
      }
    }
    if (valueStart >= length) return;
    const first = text.charCodeAt(valueStart);
    if (callArgument && !isQuote(first)) continue;
    let valueEnd: number;
    let resume: number;
    if (isQuote(first) && first !== insideQuote) {
      const close = findClosingQuote(text, valueStart + 1, first, misses);
      if (close < 0) {
        pos = valueStart + 1;
        continue;
      }
      valueStart += 1;
      valueEnd = close;
      resume = close + 1;
    } else if (isQuote(first)) {
      // The quote closes the string the name is in (`"token=" + token`): nothing assigned here.
      // The string tracker reads the quote again to leave the string.
      pos = valueStart;
      continue;
    } else {
      // In code an unquoted value is an expression: when no operator is left to look at, where it
      // ends no longer matters.
      if (
        mode === 'code' &&
        insideQuote === 0 &&
        operators !== null &&
        nextOperator === operatorCount
      )
        return;
      const lineValue =
        mode === 'config' && startsLine(text, closingQuote === 0 ? nameStart : nameStart - 1);
      valueEnd = lineValue ? restOfLineEnd(text, valueStart) : bareEnd(text, valueStart);
      resume = Math.max(valueEnd, valueStart + 1);
      // In code an unquoted value is an expression (unless inside a string); `name(` is a call.
      if ((mode === 'code' && insideQuote === 0) || text.charCodeAt(valueEnd) === 40) {
        pos = floor = resume;
        continue;
      }
      // A YAML alias, tag or anchor (`*default`, `!vault |`, `&pw`) refers to a value elsewhere.
      if (first === 42 || first === 33 || first === 38) {
        pos = floor = resume;
        continue;
      }
      if (!lineValue && valueEnd < length && isSpace(text.charCodeAt(valueEnd))) {
        const word = text.slice(valueStart, valueEnd).toLowerCase();
        if (word === 'bearer' || word === 'basic' || word === 'token') {
          let next = valueEnd;
          while (next < length && isSpace(text.charCodeAt(next))) next++;
          valueEnd = bareEnd(text, next);
          resume = Math.max(valueEnd, next);
        }
      }
    }
    pos = floor = resume;
    valueStart = skipAuthScheme(text, valueStart, valueEnd);
    if (valueEnd <= valueStart || isPlaceholder(text.slice(valueStart, valueEnd))) continue;
    while (priorIndex < prior.length && (prior[priorIndex]?.end ?? 0) <= valueStart) priorIndex++;
    if ((prior[priorIndex]?.start ?? Infinity) < valueEnd) continue;
    const rule: RuleId | null =
      verdict.aws && aws && looksLikeAwsSecret(text, valueStart, valueEnd)
        ? 'aws-secret-access-key'
        : generic
          ? 'secret-assignment'
          : null;
    if (rule !== null) out.push({ start: valueStart, end: valueEnd, rule, counts: true });
  }
}
