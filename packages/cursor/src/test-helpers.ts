import { ScmError } from '@scm/core';
import type { CursorScope } from './scope-hash.js';

export const SECRET_A = 'a'.repeat(16) + '0123456789abcdef';
export const SECRET_B = 'b'.repeat(16) + '0123456789abcdef';

export const baseScope: CursorScope = {
  endpoint: 'repos.pulls.list',
  provider: 'github',
  repo: 'octo/hello',
  filters: { state: 'open', branch: 'main' },
  limit: 30,
  principal: 'auth_123',
};

/** The ScmError code a call throws, `'OK'` when it returns, or the non-ScmError it threw. */
export function outcome(call: () => unknown): string {
  try {
    call();
    return 'OK';
  } catch (error) {
    if (ScmError.isInstance(error)) return error.code;
    throw error;
  }
}
