/** `--label k=v` (repeatable) on the commands that create or update labelled objects (pods, services). */
import { defineArgs, labelsFlag } from './args'
import type { Labels } from '@stark/shared'

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
