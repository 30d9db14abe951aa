/**
 * `value` without the slashes at its end (and, with `'both'`, at its start), in one pass. The
 * regular expression `/\/+$/` does the same in time quadratic in a run of slashes that is not at
 * the end (it retries the run from every slash in it): a caller's 100,000-slash URL path held the
 * event loop for a minute.
 */
export function trimSlashes(value: string, ends: 'end' | 'both' = 'end'): string {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 47) end--;
  let start = 0;
  if (ends === 'both') while (start < end && value.charCodeAt(start) === 47) start++;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}
