import { defineCapabilities } from '@scm/core';

/**
 * What the example API serves: every operation but these three. Each one listed here throws
 * `UNSUPPORTED_ENDPOINT` (see `example-provider.ts`), never an empty result.
 */
export const exampleCapabilities = defineCapabilities({
  listSshKeys: {
    supported: false,
    notes: 'The example API has no endpoint for the user’s SSH keys.',
  },
  addLabels: { supported: false, notes: 'Labels are read-only in the example API.' },
  getFileContent: {
    supported: false,
    notes: 'The example API serves trees, not file contents.',
  },
});
