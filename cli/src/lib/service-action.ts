/**
 * The service commands that post one action on a service and say what became of it
 * (`stark service pause|resume|rollback NAME`).
 */
import { defineCommand } from 'citty'
import { globalArgs } from './args'
import { call } from './client'
import { openCommand } from './command'
import { messageOutput } from './output'
import { namespaceArg } from './pod-flags'
import { serviceRefArg } from './service-flags'

export type ServiceAction = 'pause' | 'resume' | 'rollback'

export function serviceActionCommand(
  meta: { name: ServiceAction; description: string },
  say: (service: { name: string; namespace: string; pack: { namespace: string; name: string; version: string } }) => string,
) {
  return defineCommand({
    meta,
    args: { ...namespaceArg, ...serviceRefArg, ...globalArgs },
    async run({ args, data }) {
      const { namespace, client } = openCommand(data, args)
      const post = client.api.services[':ref'][meta.name].$post
      const service = await call(post({ param: { ref: args.service }, query: { namespace } }))
      return messageOutput(say(service), service)
    },
  })
}
