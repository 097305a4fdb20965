/**
 * The leader term as one write batch sees it (write-queue.ts). A fenced change asks whether the
 * batch may write as leader of its term. Usually the batch assumes the first term asked about and
 * the term's read goes out with the batch's writes, compared before the commit (`check`): a term
 * that moved on rolls the batch back (TermMoved), and the batch is decided again with the term
 * read first (`termFirst`), which answers each question exactly.
 */
import type { Sql } from '../db/sql'

/** The batch assumed a leader term that has moved on: rolled back, to be decided again with the term read first. */
export class TermMoved extends Error {
  constructor() {
    super('the leader term moved on meanwhile')
  }
}

export interface BatchTerm {
  /** Whether the batch may write as leader of `term` (assumed until `check`, unless read first). */
  holds(term: number): boolean
  /** The term as read, when it was read first. */
  readonly known: number | undefined
  /** Resolves once the assumed term (if any) is confirmed; rejects with TermMoved when it moved on. */
  check(): Promise<void>
}

export async function batchTerm(sql: Sql, termFirst: boolean): Promise<BatchTerm> {
  let read: Promise<number | undefined> | undefined
  const readTerm = () => {
    if (!read) {
      read = currentTerm(sql)
      read.catch(() => {}) // awaited by check(), unless the transaction failed first
    }
    return read
  }
  const known = termFirst ? { term: await readTerm() } : undefined
  let assumed: number | undefined
  return {
    holds(term) {
      if (known) return known.term === term
      void readTerm()
      // Two terms in one batch: at most one is current, which the term read first tells.
      if (assumed !== undefined && assumed !== term) throw new TermMoved()
      assumed = term
      return true
    },
    known: known?.term,
    async check() {
      if (assumed !== undefined && (await readTerm()) !== assumed) throw new TermMoved()
    },
  }
}

/**
 * The leader term, read under a key-share lock: a server taking the lead locks the row for
 * update before it bumps the term, which waits for this transaction to end — so a fenced write
 * either commits before the new leader reads the state, or sees the new term and is refused.
 * The leader's lease renewal (a plain update) does not wait for it.
 */
async function currentTerm(sql: Sql): Promise<number | undefined> {
  const [row] = await sql.query<{ term: string | number }>('select term from stark_leader where id = 1 for key share')
  return row ? Number(row.term) : undefined
}
