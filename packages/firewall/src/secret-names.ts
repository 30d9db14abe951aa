import { detach } from './detach.js';

/** Words that make a name secret on their own (`DB_PASSWORD`, `slackToken`, `client-secret`). */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'passphrase',
  'pass',
  'pwd',
  'secret',
  'token',
  'auth',
  'authorization',
  'credential',
  'credentials',
  'creds',
]);

/** A word before `key` that makes it a secret key (`api_key`, `privateKey`, `SIGNING_KEY`). */
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'secret',
  'private',
  'signing',
  'encryption',
  'master',
  'auth',
  'client',
  'app',
  'account',
  'license',
  'webhook',
  'session',
  'hmac',
  'subscription',
  'service',
  'admin',
]);

/**
 * A name ending in one of these describes a secret instead of holding one: `secret_name`,
 * `token_url`, `password_min_length`, `API_KEY_ID`, `tokenType`.
 */
const DESCRIPTIVE_SUFFIXES = new Set([
  'name',
  'names',
  'type',
  'types',
  'id',
  'ids',
  'url',
  'urls',
  'uri',
  'endpoint',
  'path',
  'paths',
  'file',
  'files',
  'filename',
  'dir',
  'env',
  'var',
  'variable',
  'length',
  'len',
  'size',
  'count',
  'ttl',
  'expiry',
  'expires',
  'expiration',
  'timeout',
  'lifetime',
  'header',
  'field',
  'param',
  'policy',
  'hint',
  'prompt',
  'label',
  'format',
  'mode',
  'method',
  'provider',
  'strategy',
  'required',
  'enabled',
  'disabled',
  'min',
  'max',
  'regex',
  'pattern',
  'version',
  'algorithm',
  'algo',
  'kind',
  'class',
  'prefix',
  'location',
  'ref',
  'arn',
  'scope',
  'scopes',
  'host',
  'port',
  'user',
  'username',
  'usage',
  'rotation',
  'store',
  'storage',
  'manager',
  'source',
  'error',
  'errors',
  'message',
  'description',
  'placeholder',
  'title',
  'input',
  'validation',
  'valid',
  'changed',
  'reset',
  'generator',
  'index',
  'column',
  'table',
  'model',
  'limit',
  'limits',
  'validator',
  'validators',
]);

const AWS_SECRET_NEEDS = ['aws', 'secret'] as const;

function splitWords(name: string): string[] {
  const words: string[] = [];
  let current = '';
  for (let index = 0; index < name.length; index++) {
    const char = name[index] ?? '';
    const code = name.charCodeAt(index);
    const isUpper = code >= 65 && code <= 90;
    const isLower = (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
    if (!isUpper && !isLower) {
      if (current !== '') words.push(current);
      current = '';
      continue;
    }
    if (isUpper && current !== '') {
      const previous = name.charCodeAt(index - 1);
      const next = name.charCodeAt(index + 1);
      const previousLower =
        (previous >= 97 && previous <= 122) || (previous >= 48 && previous <= 57);
      const nextLower = next >= 97 && next <= 122;
      // apiKey → api|Key; APIKey → API|Key; APIKEY stays one word.
      const previousUpper = previous >= 65 && previous <= 90;
      if (previousLower || (previousUpper && nextLower)) {
        words.push(current);
        current = '';
      }
    }
    current += char.toLowerCase();
  }
  if (current !== '') words.push(current);
  return words.map((word) => word.replace(/\d+$/, ''));
}

function isSecretWord(word: string, next: string | undefined): boolean {
  if (SECRET_WORDS.has(word)) return true;
  if (next === 'key' && KEY_QUALIFIERS.has(word)) return true;
  // Run-together forms: APIKEY, dbpassword, authtoken, clientsecret, privatekey.
  if (word.endsWith('password') || word.endsWith('passwd') || word.endsWith('secret')) return true;
  if (word.endsWith('token') && word.length > 5) return true;
  return word.endsWith('key') && KEY_QUALIFIERS.has(word.slice(0, -3));
}

export interface NameVerdict {
  secret: boolean;
  /** `AWS_SECRET_ACCESS_KEY`, `aws_secret_key`: a 40-character value is an AWS secret key. */
  aws: boolean;
}

const NOT_SECRET: NameVerdict = { secret: false, aws: false };

// Code repeats a handful of names (`password`, `apiKey`) endlessly: remember the verdicts, in a
// map that is emptied when full so it stays small whatever the input.
const verdicts = new Map<string, NameVerdict>();
const MAX_CACHED_VERDICTS = 4096;

/** Whether the name on the left of an assignment means its value is a secret. */
export function classifyName(name: string): NameVerdict {
  let verdict = verdicts.get(name);
  if (verdict === undefined) {
    if (verdicts.size >= MAX_CACHED_VERDICTS) verdicts.clear();
    verdict = classifyUncached(name);
    // Detached: the name may be a slice of a whole input chunk, which the cache must not keep.
    verdicts.set(detach(name), verdict);
  }
  return verdict;
}

function classifyUncached(name: string): NameVerdict {
  if (name.length === 0 || name.length > 128) return NOT_SECRET;
  const words = splitWords(name);
  const last = words[words.length - 1];
  if (last === undefined || DESCRIPTIVE_SUFFIXES.has(last)) return NOT_SECRET;
  let secret = false;
  for (let index = 0; index < words.length && !secret; index++) {
    secret = isSecretWord(words[index] ?? '', words[index + 1]);
  }
  if (!secret) return NOT_SECRET;
  return { secret, aws: AWS_SECRET_NEEDS.every((word) => words.includes(word)) };
}
