/**
 * `stark diff -f FILE|DIR`: what `stark apply` would do, field by field; exit 1 when something
 * would change (as `kubectl diff`), 0 when nothing would.
 */
import { defineCommand } from 'citty'
import { CLIError, ExitCode } from '../lib/errors'
import { manifestArgs, openManifests } from '../lib/manifest-command'
import { planAll, renderDiff } from '../lib/manifest-run'
import { noOutput } from '../lib/output'

export default defineCommand({
  meta: {
    name: 'diff',
    description:
      'Show what stark apply -f would change, field by field (- live, + described); exit 1 when something would change, 0 when nothing (example: stark diff -f stark.config.ts)',
  },
  args: manifestArgs,
  async run({ args, data, rawArgs }) {
    const { ctx, mctx, objects, json } = await openManifests(data, args, rawArgs)
    const planned = await planAll(mctx, objects)
    const { text, differs } = renderDiff(planned)
    if (json) {
      const items = planned.map((p) => ({
        kind: p.loaded.object.kind,
        name: p.loaded.object.metadata.name,
        namespace: p.namespace ?? null,
        action: p.plan.action,
        changes: p.plan.action === 'configure' || p.plan.action === 'refuse' ? p.plan.changes : [],
      }))
      ctx.stdout.write(`${JSON.stringify({ differs, items }, null, 2)}\n`)
    } else ctx.stdout.write(text)
    // Like kubectl diff: a difference is exit 1 with nothing more said.
    if (differs) throw new CLIError('', ExitCode.failure)
    return noOutput
  },
})
