/**
 * The scheduling flags `pod create` and `service create` share: selectors, tolerations, resource
 * requests (per pod), a priority or a priority class, and node affinity as expressions
 * (`--affinity 'zone In a,b'`, repeatable; `'50:disk In ssd'` is a preferred term of weight 50)
 * or as a JSON file for ORed terms.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { affinityFromExpressions, nodeAffinitySchema, WEBGPU_LABEL, type NodeAffinity, type PlacementInput } from '@stark/shared'
import { defineArgs, intFlag, labelsFlag, repeatedFlag, tolerationsFlag } from './args'
import { usageError } from './errors'

export const placementArgs = defineArgs({
  selector: { type: 'string', valueHint: 'k=v', description: 'Run only on nodes with this label (repeatable)' },
  gpu: {
    type: 'boolean',
    description: 'Needs WebGPU: run only on browser nodes with a WebGPU adapter (the selector stark.io/webgpu=true)',
  },
  toleration: {
    type: 'string',
    valueHint: 'k=v:Effect',
    description: 'Tolerate a node taint: k=v:Effect, k:Effect, or * (repeatable)',
  },
  cpu: { type: 'string', valueHint: 'milli', description: 'CPU request per pod in millicores (default 100)' },
  memory: { type: 'string', valueHint: 'MB', description: 'Memory request per pod in MB (default 64)' },
  priority: { type: 'string', valueHint: 'n', description: 'Priority 0–1000 (higher is scheduled first)' },
  'priority-class': {
    type: 'string',
    valueHint: 'name',
    description: 'Take the priority of this class (stark priorityclass list); not with --priority',
  },
  affinity: {
    type: 'string',
    valueHint: 'expr',
    description:
      "Node affinity (repeatable, all must match): 'zone In a,b', 'zone NotIn c', 'gpu Exists', 'spot DoesNotExist'; a weight prefers instead: '50:disk In ssd'",
  },
  'affinity-file': {
    type: 'string',
    valueHint: 'file.json',
    description:
      'Node affinity as JSON: {"required":[{"matchExpressions":[{"key":"zone","operator":"In","values":["a"]}]}],"preferred":[{"weight":50,"matchExpressions":[…]}]}',
  },
})

export function placementFlags(
  args: {
    'priority-class'?: string | undefined
    'affinity-file'?: string | undefined
    priority?: string | undefined
    cpu?: string | undefined
    memory?: string | undefined
    gpu?: boolean | undefined
  },
  rawArgs: readonly string[],
  cwd: string,
): PlacementInput {
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
  const cpu = intFlag(args.cpu, 'cpu', { max: 1_000_000 })
  const memory = intFlag(args.memory, 'memory', { max: 10_000_000 })
  const selector = labelsFlag(rawArgs, 'selector')
  if (args.gpu) selector[WEBGPU_LABEL] = 'true'
  const tolerations = tolerationsFlag(rawArgs)
  return {
    selector: Object.keys(selector).length ? selector : undefined,
    tolerations: tolerations.length ? tolerations : undefined,
    resources: cpu !== undefined || memory !== undefined ? { cpu, memory } : undefined,
    priority: intFlag(args.priority, 'priority', { max: 1000 }),
    priorityClass,
    affinity,
  }
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
    throw usageError(
      `--affinity-file ${path}: ${issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : 'not a node affinity'}`,
    )
  }
  return result.data
}
