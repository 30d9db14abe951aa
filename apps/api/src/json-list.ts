/** Lists are stored as JSON text (one model for SQLite and PostgreSQL); read them tolerantly. */
export function readList(value: string | null | undefined): string[] {
  if (value === null || value === undefined || value === '') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed)
      ? parsed.filter((item): item is string => typeof item === 'string')
      : [];
  } catch {
    return [];
  }
}

export function writeList(values: Iterable<string>): string {
  return JSON.stringify([...new Set(values)]);
}
