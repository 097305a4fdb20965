/**
 * Records in the order of a string key (pods by `namespace/name`, nodes by name), for paged lists:
 * a page is a binary search for its cursor and a walk of one page, not a pass over every record.
 *
 * Kept beside the state's maps by `apply()` (`put` with each record and its key, `remove` with its
 * id), cheap on that path: a put whose key did not change (a status, a binding) is one map lookup;
 * a new key waits in a list and a removed one is only marked dead. The sorted arrays catch up when
 * next read — the new keys sorted and merged in, the forgotten ones dropped: O(n + k log k) once
 * after a burst of k creations instead of O(n) per creation — so writes never pay for reads that
 * do not come. A walk reads the records from the index itself (no lookup per entry: 50,000
 * lookups in key order miss the cache one by one, ~10× a pass over a map). Keys are unique among
 * live records (the state's name indexes say so too); ties, should there be any, go by id.
 */

export interface SortedEntry<T> {
  readonly key: string
  readonly item: T
}

export interface SortedIndex<T> {
  /** Live records. */
  readonly size: number
  /**
   * The records whose key is greater than `after` (every one without it), in key order, while
   * their key starts with `prefix` (when given). Read lazily: stop early and the rest costs nothing.
   */
  after(after?: string, prefix?: string): IterableIterator<SortedEntry<T>>
}

export interface SortedIndexWriter<T> extends SortedIndex<T> {
  /** A record, new or replaced (records are replaced whole: the entry points at the latest). */
  put(id: string, key: string, item: T): void
  remove(id: string): void
}

/** One record's place: the sorted array holds these; a replaced record changes `item` in place. */
interface Slot<T> {
  readonly key: string
  readonly id: string
  item: T
  dead: boolean
}

const bySlot = <T>(a: Slot<T>, b: Slot<T>) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

export function createSortedIndex<T>(): SortedIndexWriter<T> {
  const byId = new Map<string, Slot<T>>()
  // Sorted by (key, id), dead slots included until the next merge.
  let sorted: Slot<T>[] = []
  let added: Slot<T>[] = []
  let dead = 0

  /** Merges the new slots in and drops the dead ones. */
  function settle() {
    if (added.length === 0 && dead <= sorted.length / 2) return
    added.sort(bySlot)
    const next: Slot<T>[] = []
    let i = 0
    let j = 0
    while (i < sorted.length || j < added.length) {
      const s = j >= added.length || (i < sorted.length && bySlot(sorted[i]!, added[j]!) <= 0) ? sorted[i++]! : added[j++]!
      if (!s.dead) next.push(s)
    }
    sorted = next
    added = []
    dead = 0
  }

  /** The first position whose key is greater than `key` (not less than it, when `inclusive`). */
  function seek(key: string, inclusive: boolean) {
    let lo = 0
    let hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const k = sorted[mid]!.key
      if (k < key || (!inclusive && k === key)) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  return {
    get size() {
      return byId.size
    },
    put(id, key, item) {
      const slot = byId.get(id)
      if (slot?.key === key) {
        slot.item = item
        return
      }
      if (slot) {
        slot.dead = true
        dead++
      }
      const fresh: Slot<T> = { key, id, item, dead: false }
      byId.set(id, fresh)
      added.push(fresh)
    },
    remove(id) {
      const slot = byId.get(id)
      if (!slot) return
      slot.dead = true
      dead++
      byId.delete(id)
    },
    *after(after, prefix) {
      settle()
      let i = 0
      if (prefix !== undefined && (after === undefined || after < prefix)) i = seek(prefix, true)
      else if (after !== undefined) i = seek(after, false)
      // A write between two reads of the caller's may merge into a new array: walk the one it
      // started on (what was added since is not in it, what was removed is marked dead).
      const walked = sorted
      for (; i < walked.length; i++) {
        const slot = walked[i]!
        if (prefix !== undefined && !slot.key.startsWith(prefix)) return
        if (!slot.dead) yield slot
      }
    },
  }
}
