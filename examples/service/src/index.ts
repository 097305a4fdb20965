import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { definePack, READY_LINE } from '@stark/pack'

/**
 * A service pack: an HTTP server on $PORT (any free port without one) that answers with the pod's
 * name and its count of requests. It prints the ready line once it listens, so a service counts it
 * available from then on, and closes when the pod is stopped (ctx.signal).
 */
export default definePack(async (ctx) => {
  let served = 0
  const server = createServer((_req, res) => {
    served++
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ pod: ctx.pod.name, version: ctx.pack.version, served }))
  })
  await new Promise<void>((resolve) => server.listen(Number(ctx.env.PORT ?? 0), resolve))
  ctx.log(`listening on port ${(server.address() as AddressInfo).port}`)
  ctx.log(READY_LINE)
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }))
  await new Promise((resolve) => server.close(resolve))
  ctx.log(`stopped after ${served} request(s)`)
})
