import { z } from 'zod';

const arrays = new WeakMap<z.ZodType, z.ZodArray<z.ZodType>>();

/**
 * `z.array(item)`, built once per item schema. Adapters parse every page with an array of their
 * item schema; building a zod schema costs more than parsing a small page with it (about 10 µs
 * per request under load, issue #21).
 */
export function arrayOf<S extends z.ZodType>(item: S): z.ZodArray<S> {
  let array = arrays.get(item);
  if (array === undefined) {
    array = z.array(item);
    arrays.set(item, array);
  }
  return array as z.ZodArray<S>;
}
