/**
 * The three things `-f` does: plan every object (apply and diff), apply the plans in dependency
 * order, delete in the reverse order. Nothing is changed while any object is invalid or any plan
 * is refused.
 */
import { CLIError, ExitCode, usageError } from './errors'
import type { CliContext } from './context'
import { type FieldChange, renderChanges } from './manifest-compare'
import { namespaceHandler, packHandler, priorityClassHandler, secretHandler } from './manifest-kinds'
import type { LoadedObject } from './manifest-load'
import { type KindHandler, type ManifestContext, namespaceOf, type Outcome, type Plan } from './manifest-plan'
import { isNamespaced, KIND_ORDER, type ManifestObject, positionText } from './manifest-schema'
import { podHandler, serviceHandler } from './manifest-workloads'

const handlers: { [K in ManifestObject['kind']]: KindHandler<Extract<ManifestObject, { kind: K }>> } = {
  Namespace: namespaceHandler,
  PriorityClass: priorityClassHandler,
  Secret: secretHandler,
  Pack: packHandler,
  Service: serviceHandler,
  Pod: podHandler,
}
const handlerOf = (o: ManifestObject) => handlers[o.kind] as KindHandler<ManifestObject>

/** `service/web`, `pack/web@1.0.0`: how kubectl names objects. */
export function displayName(o: ManifestObject): string {
  const kind = o.kind.toLowerCase()
  return o.kind === 'Pack' ? `${kind}/${o.metadata.name}@${o.version}` : `${kind}/${o.metadata.name}`
}

/** The objects in the order they are created in (stable within a kind: file order). */
export const inApplyOrder = (objects: readonly LoadedObject[]) =>
  [...objects].sort((a, b) => KIND_ORDER.indexOf(a.object.kind) - KIND_ORDER.indexOf(b.object.kind))

/** Stops on an invalid file: every problem, nothing sent. */
export function refuseProblems(ctx: CliContext, problems: readonly string[]): void {
  if (problems.length === 0) return
  for (const p of problems) ctx.stderr.write(`${p}\n`)
  throw usageError(`${problems.length} problem(s) in the file(s): nothing was changed`)
}

export interface Planned {
  loaded: LoadedObject
  name: string
  namespace: string | undefined
  plan: Plan
}

export async function planAll(mctx: ManifestContext, objects: readonly LoadedObject[]): Promise<Planned[]> {
  const out: Planned[] = []
  for (const loaded of inApplyOrder(objects)) {
    const o = loaded.object
    const namespace = isNamespaced(o) ? namespaceOf(mctx, o) : undefined
    out.push({ loaded, name: displayName(o), namespace, plan: await handlerOf(o).plan(mctx, o, loaded) })
  }
  return out
}

const where = (p: Planned) => `${p.name}${p.namespace ? ` (namespace ${p.namespace})` : ''}`

/** What would be sent for a new object, as added fields. */
function createdFields(loaded: LoadedObject): FieldChange[] {
  const { kind: _k, metadata: _m, ...fields } = loaded.object as ManifestObject & Record<string, unknown>
  const shown: Record<string, unknown> = { ...fields }
  if (loaded.bundle) shown.bundle = `${String(fields.bundle)} (sha256 ${loaded.bundle.sha256.slice(0, 12)}…)`
  if (loaded.secretData) {
    delete shown.data
    shown.keys = Object.keys(loaded.secretData).sort()
  }
  return Object.entries(shown).map(([k, v]) => ({ path: `/${k}`, from: undefined, to: v }))
}

/** `stark diff`: the text, and whether anything would change. */
export function renderDiff(planned: readonly Planned[]): { text: string; differs: boolean } {
  const lines: string[] = []
  let differs = false
  for (const p of planned) {
    const { plan } = p
    if (plan.action === 'unchanged') continue
    if (plan.action === 'create') {
      differs = true
      lines.push(`+ ${where(p)}: would be created`)
      for (const c of createdFields(p.loaded)) lines.push(`    ${c.path}: ${JSON.stringify(c.to)}`)
    } else if (plan.action === 'configure') {
      if (plan.changes.length > 0) differs = true
      if (plan.changes.length > 0) lines.push(`~ ${where(p)}: would be configured`, ...renderChanges(plan.changes, '    '))
      else if (plan.uncertain) lines.push(`? ${where(p)}: ${plan.uncertain}`)
    } else {
      differs = true
      lines.push(`! ${where(p)}: cannot be applied: ${plan.reason}`, ...renderChanges(plan.changes, '    '))
    }
  }
  return { text: lines.length ? `${lines.join('\n')}\n` : '', differs }
}

export interface Applied {
  kind: string
  name: string
  namespace: string | null
  result: Outcome
  changes: FieldChange[]
}

/** Applies every plan in order; says each result as it happens. Refused plans stop it before any change. */
export async function applyAll(ctx: CliContext, planned: readonly Planned[], say: (line: string) => void): Promise<Applied[]> {
  const refused = planned.filter((p) => p.plan.action === 'refuse')
  if (refused.length > 0) {
    for (const p of refused) {
      if (p.plan.action !== 'refuse') continue
      ctx.stderr.write(`${where(p)} (${positionText(p.loaded.position)}): ${p.plan.reason}\n`)
      for (const line of renderChanges(p.plan.changes, '    ')) ctx.stderr.write(`${line}\n`)
    }
    throw new CLIError(`${refused.length} object(s) cannot be applied as described: nothing was changed`, ExitCode.failure)
  }
  const applied: Applied[] = []
  for (const p of planned) {
    const { plan } = p
    let result: Outcome
    try {
      result = plan.action === 'unchanged' ? 'unchanged' : plan.action === 'refuse' ? 'unchanged' : await plan.run()
    } catch (error) {
      if (error instanceof CLIError)
        throw new CLIError(`${where(p)} (${positionText(p.loaded.position)}): ${error.message}`, error.exitCode, { cause: error })
      throw error
    }
    say(`${p.name} ${result}`)
    applied.push({
      kind: p.loaded.object.kind,
      name: p.loaded.object.metadata.name,
      namespace: p.namespace ?? null,
      result,
      changes: plan.action === 'configure' && result === 'configured' ? plan.changes : [],
    })
  }
  return applied
}

export interface Deleted {
  kind: string
  name: string
  namespace: string | null
  result: string
}

/** Deletes every object, the reverse of the apply order. */
export async function deleteAll(
  mctx: ManifestContext,
  objects: readonly LoadedObject[],
  say: (line: string) => void,
  beforeNamespaces: () => Promise<void>,
): Promise<Deleted[]> {
  const out: Deleted[] = []
  let waited = false
  for (const loaded of inApplyOrder(objects).reverse()) {
    const o = loaded.object
    if (o.kind === 'Namespace' && !waited) {
      waited = true
      await beforeNamespaces()
    }
    const result = await handlerOf(o).remove(mctx, o)
    say(`${displayName(o)} ${result === 'not found' ? 'not found (already gone)' : result}`)
    const namespace = isNamespaced(o) ? namespaceOf(mctx, o) : null
    out.push({ kind: o.kind, name: o.metadata.name, namespace, result })
  }
  return out
}
