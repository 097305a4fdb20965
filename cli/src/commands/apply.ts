/**
 * `stark apply -f FILE|DIR`: creates what the file describes and updates what differs; the same
 * file again changes nothing (`unchanged` for each object). See lib/manifest-* for the kinds.
 */
import { defineCommand } from 'citty'
import { manifestArgs, openManifests } from '../lib/manifest-command'
import { applyAll, planAll } from '../lib/manifest-run'
import { messageOutput, noOutput } from '../lib/output'

export default defineCommand({
  meta: {
    name: 'apply',
    description:
      'Create or update what a file describes (namespaces, packs, secrets, priority classes, services, pods) in JSON or a .js/.ts module; prints created, configured or unchanged for each (example: stark apply -f stark.config.ts)',
  },
  args: manifestArgs,
  async run({ args, data, rawArgs }) {
    const { ctx, mctx, objects, json, say } = await openManifests(data, args, rawArgs)
    const planned = await planAll(mctx, objects)
    const applied = await applyAll(ctx, planned, say)
    return json ? messageOutput('', { items: applied }) : noOutput
  },
})
