/**
 * A service's pod template from what a caller asked for, checked the same way at create and at
 * update: priority or priorityClass (not both; a class must exist; priorities above the users'
 * ceiling are for admins), requests defaulted. At update, a field left out keeps its current
 * value (a resource left out of `resources` too); an empty affinity (`{}`) asks for nothing; `priority`
 * replaces a priority class, `priorityClass` sets the class's value again.
 */
import { DEFAULT_POD_REQUEST, type PlacementInput } from '@stark/shared'
import { assertMayUsePriority } from '../auth/policy'
import type { Principal } from '../auth/principal'
import { badRequest } from '../errors'
import type { ServiceTemplate } from '../store/services'

export interface TemplateInput extends PlacementInput {
  env?: Record<string, string> | undefined
  args?: string[] | undefined
}

/** The template fields of an input, for telling whether an update touches the template at all. */
export const TEMPLATE_FIELDS = [
  'selector',
  'tolerations',
  'resources',
  'priority',
  'priorityClass',
  'affinity',
  'env',
  'args',
] as const satisfies readonly (keyof TemplateInput)[]

export const touchesTemplate = (input: TemplateInput): boolean => TEMPLATE_FIELDS.some((k) => input[k] !== undefined)

export function templateFrom(
  principal: Principal,
  input: TemplateInput,
  resolvePriorityClass: (name: string) => number,
  base?: ServiceTemplate,
): ServiceTemplate {
  if (input.priorityClass !== undefined && input.priority !== undefined)
    throw badRequest('give priority or priorityClass, not both')
  let priority = base?.priority ?? 0
  let priorityClass = base?.priorityClass
  if (input.priorityClass !== undefined) {
    priority = resolvePriorityClass(input.priorityClass)
    priorityClass = input.priorityClass
  } else if (input.priority !== undefined) {
    priority = input.priority
    priorityClass = undefined
  }
  // At create always; at an update when it sets the priority (one an admin gave stays the owner's to keep).
  if (!base || input.priority !== undefined || input.priorityClass !== undefined) assertMayUsePriority(principal, priority)
  const affinity = input.affinity !== undefined ? input.affinity : base?.affinity
  return {
    selector: input.selector ?? base?.selector ?? {},
    tolerations: input.tolerations ?? base?.tolerations ?? [],
    ...(affinity ? { affinity } : {}),
    resources: {
      cpu: input.resources?.cpu ?? base?.resources.cpu ?? DEFAULT_POD_REQUEST.cpu,
      memory: input.resources?.memory ?? base?.resources.memory ?? DEFAULT_POD_REQUEST.memory,
    },
    priority,
    ...(priorityClass !== undefined ? { priorityClass } : {}),
    env: input.env ?? base?.env ?? {},
    args: input.args ?? base?.args ?? [],
  }
}
