/**
 * The packs the conformance suite runs: ES module source text, self-contained (no imports), the
 * way `stark pack bundle` emits them, so the same bundles run in a worker_thread or a Web Worker.
 */
export const conformancePacks = {
  returns: `export default async function main() { return 'done' }`,

  throws: `export default async function main() { throw new Error('pack exploded: on purpose') }`,

  console: `export default async function main(ctx) {
  console.log('to', 'stdout', 42)
  console.error('to stderr')
  console.info('info line')
  console.warn('warned')
  ctx.log('via ctx.log', { n: 1 })
  console.log('two\\nlines')
}`,

  context: `export default async function main(ctx) {
  console.log(JSON.stringify({
    pod: ctx.pod,
    pack: ctx.pack,
    env: ctx.env,
    args: ctx.args,
    runtime: ctx.runtime,
    signal: { aborted: ctx.signal.aborted, listenable: typeof ctx.signal.addEventListener === 'function' },
    log: typeof ctx.log,
  }))
}`,

  /** Ends when its signal aborts (a well-behaved pack). */
  stoppable: `export default async function main(ctx) {
  console.log('started')
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve))
  console.log('aborted: ' + ctx.signal.aborted)
}`,

  /** Never ends by itself and ignores its signal: only termination ends it. */
  stubborn: `export default async function main(ctx) {
  setInterval(() => {}, 1000)
  ctx.signal.addEventListener('abort', () => console.log('ignoring the abort'))
  console.log('started')
  await new Promise(() => {})
}`,

  /**
   * Still loading (a top-level await) long after it printed 'loading'; its main waits for an abort
   * without checking signal.aborted first, as most packs do.
   */
  slowToLoad: `console.log('loading')
await new Promise((resolve) => setTimeout(resolve, 600000))
export default async function main(ctx) {
  console.log('main ran')
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve))
}`,

  hello: `export default async function main(ctx) {
  console.log('hello from ' + ctx.pod.name)
}`,
} as const
