import { FileContentSchema, FileTreeEntrySchema } from '@scm/core';
import { expectGolden, goldenPath, readFixture } from '@scm/testkit/golden';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WireTreeSchema } from './github-schemas.js';
import { mapFileContent, mapFileTreeEntry } from './map-file-tree.js';

// Inputs: GitHub's own response examples (@octokit/openapi), kept as __fixtures__/<name>.json
// (fixture-sources.test.ts checks them against the package); outputs: <name>.golden.json.
const context = { includeRaw: false };

describe('mapFileTreeEntry against GitHub’s own examples', () => {
  it('maps git-tree-response-recursively-retrieving-a-tree to __fixtures__/file-tree.golden.json', () => {
    const mapped = WireTreeSchema.parse(readFixture(import.meta.url, 'file-tree')).tree.map(
      (entry) => mapFileTreeEntry(entry, context),
    );
    expect(z.array(FileTreeEntrySchema).parse(mapped)).toEqual(mapped);
    expectGolden(mapped, goldenPath(import.meta.url, 'file-tree'));
  });
});

// Raw file answers shaped as the provider documents them (the route and headers its simulator
// serves too): a text file and a binary one. The mapping: bytes → UTF-8 or base64, the blob id.
describe('mapFileContent', () => {
  it('maps raw answers to __fixtures__/file-content.golden.json', () => {
    const answers = readFixture(import.meta.url, 'file-content') as {
      path: string;
      ref?: string;
      headers: Record<string, string>;
      bodyBase64: string;
    }[];
    const mapped = answers.map((answer) =>
      mapFileContent(
        {
          path: answer.path,
          ref: answer.ref,
          headers: answer.headers,
          body: new Uint8Array(Buffer.from(answer.bodyBase64, 'base64')),
        },
        context,
      ),
    );
    expect(z.array(FileContentSchema).parse(mapped)).toEqual(mapped);
    expect(mapped.map((content) => content.encoding)).toEqual(['utf-8', 'base64']);
    expectGolden(mapped, goldenPath(import.meta.url, 'file-content'));
  });
});
