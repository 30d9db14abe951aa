import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { strictMismatches } from './strict-match.js';

const Item = z.object({ id: z.string(), note: z.string().nullable().optional() });
const Schema = z.object({
  data: z.array(Item),
  owner: z.union([z.object({ kind: z.literal('user'), login: z.string() }), z.null()]),
  extra: z.object({}).catchall(z.unknown()).optional(),
});

describe('strictMismatches', () => {
  it('agrees with a body that sends exactly the documented fields', () => {
    const body = { data: [{ id: 'a' }, { id: 'b', note: null }], owner: null, extra: { x: 1 } };
    expect(strictMismatches(Schema, body)).toEqual([]);
  });

  it('names an undocumented key, deep in arrays and unions', () => {
    const body = {
      data: [{ id: 'a', secret: 1 }],
      owner: { kind: 'user', login: 'octo', avatar: 'x' },
      more: true,
    };
    expect(strictMismatches(Schema, body)).toEqual([
      '$.more: not documented',
      '$.data.0.secret: not documented',
      '$.owner.avatar: not documented',
    ]);
  });

  it('names a missing required field and a wrong type', () => {
    const found = strictMismatches(Schema, { data: [{ id: 3 }] });
    expect(found.some((line) => line.startsWith('$.data.0.id:'))).toBe(true);
    expect(found.some((line) => line.startsWith('$.owner:'))).toBe(true);
  });
});
