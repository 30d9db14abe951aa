import { DIGIT, NAME, isIn } from './chars.js';

/** Values that name a kind of thing rather than being one: types, literals, words for "secret". */
const NON_VALUES = new Set([
  'null',
  'none',
  'nil',
  'undefined',
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'string',
  'str',
  'number',
  'int',
  'integer',
  'bool',
  'boolean',
  'any',
  'unknown',
  'object',
  'bytes',
  'buffer',
  'secret',
  'secrets',
  'password',
  'passwd',
  'token',
  'apikey',
  'api_key',
  'required',
  'optional',
  'redacted',
  'hidden',
  'masked',
  'empty',
  'default',
  'string?',
  'option<string>',
  'secretstr',
  'text',
  'read',
  'write',
]);

/** Substrings that mark a documentation or template value. */
const PLACEHOLDER_WORDS = [
  'changeme',
  'change_me',
  'change-me',
  'changethis',
  'your_',
  'your-',
  'yourtoken',
  'yourpassword',
  'yoursecret',
  'example',
  'placeholder',
  'dummy',
  'redacted',
  'replace_me',
  'replaceme',
  'replace-me',
  'insert_',
  'todo',
  'fixme',
  'notasecret',
  'not-a-secret',
  'not_a_secret',
  'hashed:sha256:',
  // WordPress's wp-config-sample.php default for its keys and salts.
  'put your unique phrase here',
];

function isOneRepeatedChar(value: string): boolean {
  const first = value.charCodeAt(0);
  for (let index = 1; index < value.length; index++)
    if (value.charCodeAt(index) !== first) return false;
  return true;
}

function isAllDigits(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (!isIn(DIGIT, code) && code !== 46 && code !== 95) return false;
  }
  return true;
}

/** `process.env.TOKEN`, `os.environ`, `config.db.password`, `settings.SECRET_KEY`. */
export function isDottedReference(value: string): boolean {
  let segments = 1;
  let segmentLength = 0;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code === 46) {
      if (segmentLength === 0) return false;
      segments++;
      segmentLength = 0;
      continue;
    }
    // Identifier characters only: a dot between letters is a member access, not part of a secret.
    if (!isIn(NAME, code) || code === 45 || code === 64) return false;
    if (segmentLength === 0 && isIn(DIGIT, code)) return false;
    segmentLength++;
  }
  return segments > 1 && segmentLength > 0;
}

/**
 * True when a candidate secret value is really a reference, a template or a stand-in: these are
 * what the firewall deliberately leaves alone (README, "Not secrets").
 */
export function isPlaceholder(raw: string): boolean {
  const value = raw.trim();
  if (value.length < 4) return true;
  const lower = value.toLowerCase();
  if (NON_VALUES.has(lower)) return true;
  if (isOneRepeatedChar(value) || isAllDigits(value)) return true;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  // ${VAR} ${{ secrets.X }} $VAR $(cmd) {{ var }} <your-token> [REDACTED] %VAR% %(name)s #{var} @var@
  if (first === 36 || first === 123) return true;
  if (value.startsWith('#{') || value.startsWith('%(') || (first === 37 && last === 37))
    return true;
  if (first === 60 && last === 62) return true;
  if (first === 91 && last === 93) return true;
  if (first === 64 && last === 64) return true;
  if (lower.startsWith('xxx') || lower.startsWith('***') || lower.startsWith('...')) return true;
  // A token format's prefix in front of a run of x's: `pnu_XXXX…`, `sk_live_xxxx…` in docs.
  if (lower.includes('xxxxxxxx')) return true;
  if (lower.includes('${') || lower.includes('{{') || lower.includes('%s')) return true;
  for (const word of PLACEHOLDER_WORDS) if (lower.includes(word)) return true;
  return isDottedReference(value);
}
