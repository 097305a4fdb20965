/** `--label k=v` (repeatable) on the commands that create or update labelled objects (pods, services); `k-` on an update removes one. */
import { defineArgs, labelsFlag, repeatedFlag } from './args'
import { isLabelKey, type Labels, parseLabel } from '@stark/shared'
import { usageError } from './errors'

export const labelArg = (what: string) =>
  defineArgs({
    label: {
      type: 'string',
      valueHint: 'k=v',
      description: `A label on the ${what} (repeatable; lists select on labels with -l)`,
    },
  })

/** The `--label` flags as a label map, undefined when none was given (syntax checked here, a usage error). */
export function labelsOf(rawArgs: readonly string[]): Labels | undefined {
  const labels = labelsFlag(rawArgs, 'label')
  return Object.keys(labels).length ? labels : undefined
}

/** `--label k=v` sets a label, `--label k-` removes one (as kubectl label does). */
export interface LabelChanges {
  set: Labels
  remove: string[]
}

/** The `--label` flags of an update as changes, undefined when none was given (a usage error when malformed). */
export function labelChangesOf(rawArgs: readonly string[]): LabelChanges | undefined {
  const values = repeatedFlag(rawArgs, 'label')
  if (!values.length) return undefined
  const remove = values.filter((v) => !v.includes('=') && v.endsWith('-')).map((v) => v.slice(0, -1))
  for (const key of remove) if (!isLabelKey(key)) throw usageError(`--label "${key}-": "${key}" is not a valid label key`)
  const set: Labels = {}
  for (const v of values.filter((v) => v.includes('=') || !v.endsWith('-'))) {
    try {
      const [key, value] = parseLabel(v)
      set[key] = value
    } catch (error) {
      throw usageError(`--label: ${error instanceof Error ? error.message : String(error)} (or key- to remove one)`)
    }
  }
  const both = remove.filter((k) => Object.hasOwn(set, k))
  if (both.length) throw usageError(`--label sets and removes "${both[0]}": give one of ${both[0]}=v or ${both[0]}-`)
  return { set, remove }
}

/** `labels` with the changes made: the set ones added or replaced, the removed ones gone. */
export function changedLabels(labels: Labels, changes: LabelChanges): Labels {
  const next: Labels = { ...labels, ...changes.set }
  for (const key of changes.remove) delete next[key]
  return next
}
