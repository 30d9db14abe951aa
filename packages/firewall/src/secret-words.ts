/** `text` at `at` equals the lowercase ASCII `word`, ignoring case. */
function foldedAt(text: string, at: number, word: string): boolean {
  if (at + word.length > text.length) return false;
  for (let index = 0; index < word.length; index++) {
    if ((text.charCodeAt(at + index) | 32) !== word.charCodeAt(index)) return false;
  }
  return true;
}

/**
 * Whether `text` contains a secret word stem (`pass`, `pwd`, `secret`, `token`, `auth`, `cred`,
 * `key`) in any case. A hand loop: `toLowerCase()` plus a search per stem, or a case-insensitive
 * regex, cost several times more on the many lines that have an operator and no secret word.
 * (`| 32` lowercases ASCII letters; the other characters it changes never equal a letter.)
 */
export function mentionsSecretWord(text: string): boolean {
  const last = text.length - 3;
  for (let index = 0; index <= last; index++) {
    switch (text.charCodeAt(index) | 32) {
      case 112: // p
        if (foldedAt(text, index + 1, 'ass') || foldedAt(text, index + 1, 'wd')) return true;
        break;
      case 115: // s
        if (foldedAt(text, index + 1, 'ecret')) return true;
        break;
      case 116: // t
        if (foldedAt(text, index + 1, 'oken')) return true;
        break;
      case 97: // a
        if (foldedAt(text, index + 1, 'uth')) return true;
        break;
      case 99: // c
        if (foldedAt(text, index + 1, 'red')) return true;
        break;
      case 107: // k
        if (foldedAt(text, index + 1, 'ey')) return true;
        break;
      default:
        break;
    }
  }
  return false;
}
