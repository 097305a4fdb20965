/**
 * The scheduling flags of `pod create` and `service create` beyond selectors and tolerations:
 * a priority class, and node affinity as expressions (`--affinity 'zone In a,b'`, repeatable;
 * `'50:disk In ssd'` is a preferred term of weight 50) or as a JSON file for ORed terms.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { affinityFromExpressions, nodeAffinitySchema, type NodeAffinity } from '@stark/shared'
import { defineArgs, repeatedFlag } from './args'
import { usageError } from './errors'

export const placementArgs = defineArgs({
  'priority-class': { type: 'string', valueHint: 'name', description: 'Take the priority of this class (stark priorityclass list); not with --priority' },
  affinity: {
    type: 'string',
    valueHint: 'expr',
    description: "Node affinity (repeatable, all must match): 'zone In a,b', 'zone NotIn c', 'gpu Exists', 'spot DoesNotExist'; a weight prefers instead: '50:disk In ssd'",
  },
  'affinity-file': {
    type: 'string',
    valueHint: 'file.json',
    description: 'Node affinity as JSON: {"required":[{"matchExpressions":[{"key":"zone","operator":"In","values":["a"]}]}],"preferred":[{"weight":50,"matchExpressions":[…]}]}',
  },
})

export interface Placement {
  priorityClass?: string | undefined
  affinity?: NodeAffinity | undefined
}

export function placementFlags(
  args: { 'priority-class'?: string | undefined; 'affinity-file'?: string | undefined; priority?: string | undefined },
  rawArgs: readonly string[],
  cwd: string,
): Placement {
  const priorityClass = args['priority-class'] || undefined
  if (priorityClass && args.priority) throw usageError('give --priority or --priority-class, not both')
  const expressions = repeatedFlag(rawArgs, 'affinity')
  const file = args['affinity-file']
  if (file && expressions.length) throw usageError('give --affinity or --affinity-file, not both')
  let affinity: NodeAffinity | undefined
  if (file) affinity = readAffinityFile(resolve(cwd, file))
  else {
    try {
      affinity = affinityFromExpressions(expressions)
    } catch (error) {
      throw usageError(`--affinity: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  return { priorityClass, affinity }
}

function readAffinityFile(path: string): NodeAffinity {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw usageError(`--affinity-file ${path}: ${error instanceof Error ? error.message : String(error)}`)
  }
  const result = nodeAffinitySchema.safeParse(parsed)
  if (!result.success) {
    const issue = result.error.issues[0]
    throw usageError(`--affinity-file ${path}: ${issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : 'not a node affinity'}`)
  }
  return result.data
}
