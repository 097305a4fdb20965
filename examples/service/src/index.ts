import { definePack, READY_LINE } from '@stark/pack'

/**
 * A service pack: runs until its pod is stopped. Every INTERVAL_MS (default 1000) it does one round
 * of work — here it only counts and says so — and it prints the ready line once it runs, so its
 * service counts it available from then on. Stopped (ctx.signal), it finishes and says how many
 * rounds it did, well within the grace period.
 *
 * (A pack may listen on a port only on nodes whose pod network is open; this one needs no network.)
 */
export default definePack(async (ctx) => {
  const every = Number(ctx.env.INTERVAL_MS ?? 1000)
  let rounds = 0
  const timer = setInterval(() => {
    rounds++
    ctx.log(`round ${rounds} on ${ctx.pod.name} (${ctx.pack.name}@${ctx.pack.version})`)
  }, every)
  ctx.log(READY_LINE)
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }))
  clearInterval(timer)
  ctx.log(`stopped after ${rounds} round(s)`)
})
