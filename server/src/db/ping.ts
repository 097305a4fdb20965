import type { Sql } from './sql'

/** Seconds one `select 1` takes, or null when the database does not answer within `timeoutMs`. */
export async function pingDatabase(db: Sql, timeoutMs = 2000): Promise<number | null> {
  const t0 = performance.now()
  let timer: ReturnType<typeof setTimeout> | undefined
  const ok = await Promise.race([
    db.query('select 1').then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs)
      timer.unref?.()
    }),
  ])
  clearTimeout(timer)
  return ok ? (performance.now() - t0) / 1000 : null
}
