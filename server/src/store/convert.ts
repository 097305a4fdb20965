/** Small conversions between SQL rows and records, shared by the repositories. */
export const ms = (v: unknown): number => (v instanceof Date ? v.getTime() : new Date(v as string).getTime())
export const msOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : ms(v))
export const iso = (v: number | null | undefined): string | null =>
  v === null || v === undefined ? null : new Date(v).toISOString()
export const json = (v: unknown): string => JSON.stringify(v)
