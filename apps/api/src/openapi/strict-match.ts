import type { z } from 'zod';

// A strict check of an answer against its documented zod schema, for tests: zod object schemas
// strip unknown keys, so `parse` alone would pass a body carrying fields the document never
// mentions. `strictMismatches` walks the schema and the body together and names every key the
// body sends that the schema does not document (unless the object has a catchall), besides every
// issue `safeParse` reports (a missing required field, a wrong type, a value outside an enum).

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: readonly z.ZodType[];
  valueType?: z.ZodType;
  keyType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  items?: readonly z.ZodType[];
  rest?: z.ZodType | null;
  getter?: () => z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The keys `value` sends that `schema` does not document, as `$.a.b.0.c` paths. */
function undocumented(schema: z.ZodType, value: unknown, path: string): string[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      if (!isPlainObject(value)) return [];
      const shape = def.shape ?? {};
      // This object's own undocumented keys first, then those deeper down.
      const own: string[] = [];
      const deeper: string[] = [];
      for (const [key, field] of Object.entries(value)) {
        const documented = shape[key];
        if (documented !== undefined)
          deeper.push(...undocumented(documented, field, `${path}.${key}`));
        else if (def.catchall !== undefined && defOf(def.catchall).type !== 'never')
          deeper.push(...undocumented(def.catchall, field, `${path}.${key}`));
        else own.push(`${path}.${key}: not documented`);
      }
      return [...own, ...deeper];
    }
    case 'array':
      return Array.isArray(value) && def.element !== undefined
        ? value.flatMap((item, index) =>
            undocumented(def.element as z.ZodType, item, `${path}.${String(index)}`),
          )
        : [];
    case 'tuple':
      return Array.isArray(value)
        ? value.flatMap((item, index) => {
            const itemSchema = def.items?.[index] ?? def.rest ?? undefined;
            return itemSchema ? undocumented(itemSchema, item, `${path}.${String(index)}`) : [];
          })
        : [];
    case 'record':
      return isPlainObject(value) && def.valueType !== undefined
        ? Object.entries(value).flatMap(([key, field]) =>
            undocumented(def.valueType as z.ZodType, field, `${path}.${key}`),
          )
        : [];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      if (value === undefined || value === null) return [];
      return def.innerType ? undocumented(def.innerType, value, path) : [];
    case 'union': {
      // The option the value parses as, and has the fewest undocumented keys against.
      const options = (def.options ?? []).filter((option) => option.safeParse(value).success);
      let best: string[] | null = null;
      for (const option of options) {
        const found = undocumented(option, value, path);
        if (best === null || found.length < best.length) best = found;
      }
      return best ?? [];
    }
    case 'intersection':
      return [def.left, def.right]
        .filter((side): side is z.ZodType => side !== undefined)
        .flatMap((side) => undocumented(side, value, path))
        .filter((line, index, all) => all.indexOf(line) === index);
    case 'pipe':
      return def.in ? undocumented(def.in, value, path) : [];
    case 'lazy':
      return def.getter ? undocumented(def.getter(), value, path) : [];
    default:
      return [];
  }
}

/**
 * Every way `body` departs from `schema`: the issues of `schema.safeParse(body)` (as
 * `path: message`) and each key the body sends that the schema does not document. Empty when
 * the body is exactly what the schema describes.
 */
export function strictMismatches(schema: z.ZodType, body: unknown): string[] {
  const parsed = schema.safeParse(body);
  const issues = parsed.success
    ? []
    : parsed.error.issues.map(
        (issue) => `$${issue.path.map((key) => `.${String(key)}`).join('')}: ${issue.message}`,
      );
  return [...issues, ...undocumented(schema, body, '$')];
}
