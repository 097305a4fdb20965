import type { ViewContext } from '@stark/pack'

/** A UI pack: it runs in a visible, sandboxed frame on a browser node, not in a worker. */
export const view = true

/** A clock in the pack's own view, ticking until the pod is stopped. */
export default async function main(ctx: ViewContext) {
  const doc = ctx.view.ownerDocument
  const title = doc.createElement('h1')
  title.textContent = ctx.env.TITLE ?? `${ctx.pack.name} on ${ctx.pod.nodeId}`
  const clock = doc.createElement('p')
  const tick = () => {
    clock.textContent = new Date().toLocaleTimeString()
  }
  tick()
  ctx.view.append(title, clock)
  ctx.log(`showing "${title.textContent}"`)
  const timer = setInterval(tick, 1000)
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }))
  clearInterval(timer)
  ctx.log('view closed')
}
