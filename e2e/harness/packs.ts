/** Pack sources written the way a user would: plain ES modules with a default export. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const HELLO = `
export default async function main(ctx) {
  console.log('hello from ' + ctx.pod.name + ' on ' + ctx.runtime)
  console.error('this line goes to stderr')
  return 'done'
}
`

/** Runs until stopped, printing `tick N` every 100 ms, so a test can tell from its log whether it still runs. */
export const LONG_RUNNING = `
export default async function main(ctx) {
  console.log('started incarnation ' + ctx.pod.incarnation)
  let n = 0
  const timer = setInterval(() => console.log('tick ' + ++n), 100)
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }))
  clearInterval(timer)
  console.log('stopping')
}
`

export const CRASHES = `
export default async function main() {
  console.log('about to fail')
  throw new Error('boom')
}
`

export function writePack(dir: string, name: string, source: string): string {
  const file = join(dir, `${name}.js`)
  writeFileSync(file, source)
  return file
}
