/**
 * What the two Node executors (a process per pod, a worker thread per pod) share in their tests:
 * bundles written to a temp directory, captured output, and the cases both must pass alike.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import type { Clock, PodExit, PodIO, PodRun } from '@stark/shared'
import { fakeClock } from '@stark/shared/testing'

/** A temp directory of pack bundles; `remove()` when done. */
export async function bundleDir(prefix: string) {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  let n = 0
  return {
    dir,
    /** Writes `source` as a new bundle file; returns its path. */
    async bundle(source: string): Promise<string> {
      const path = join(dir, `pack-${++n}.mjs`)
      await writeFile(path, source)
      return path
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  }
}

/** A pod's captured output, with a way to wait for a line. */
export function output() {
  const lines: { stream: string; line: string }[] = []
  const waiters: { match: (l: string) => boolean; resolve: () => void }[] = []
  const io: PodIO = {
    log(stream, line) {
      lines.push({ stream, line })
      for (const w of waiters) if (w.match(line)) w.resolve()
    },
  }
  const seen = (match: (l: string) => boolean) =>
    lines.some((l) => match(l.line)) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ match, resolve }))
  return { io, lines, seen, of: (stream: string) => lines.filter((l) => l.stream === stream).map((l) => l.line) }
}

export type RunPack = (
  source: string,
  opts?: { memory?: number; clock?: Clock },
) => Promise<{ out: ReturnType<typeof output>; podRun: PodRun; done: Promise<PodExit> }>

/** The cases every Node executor passes the same way (inside the caller's describe). */
export function sharedExecutorCases(run: RunPack): void {
  it('sizes the heap from the memory request, with a floor', async () => {
    const heapLimit = async (memory: number) => {
      const { done, out } = await run(
        `export default async function main() { const v8 = await import('node:v8'); console.log(String(v8.getHeapStatistics().heap_size_limit)) }`,
        { memory },
      )
      expect((await done).status).toBe('Succeeded')
      return Number(out.of('stdout')[0])
    }
    const [tiny, floor, large] = [await heapLimit(1), await heapLimit(32), await heapLimit(256)]
    expect(tiny).toBe(floor)
    expect(large).toBeGreaterThan(floor + 200 * 1024 * 1024)
  })

  it('captures raw process.stdout/stderr writes line by line, including an unfinished last line', async () => {
    const { done, out } = await run(
      `export default async function main() { process.stdout.write('a\\nb'); process.stdout.write('c\\n'); process.stderr.write('oops') }`,
    )
    expect((await done).status).toBe('Succeeded')
    expect(out.of('stdout')).toEqual(['a', 'bc'])
    expect(out.of('stderr')).toEqual(['oops'])
  })

  it('terminates a busy pack only once the grace period has passed on its clock', async () => {
    const clock = fakeClock()
    const { done, out, podRun } = await run(
      `export default async function main(ctx) {
        let i = 0
        ctx.signal.addEventListener('abort', () => setInterval(() => console.log('after abort ' + ++i), 5))
        console.log('started')
        await new Promise(() => {})
      }`,
      { clock },
    )
    await out.seen((l) => l === 'started')
    podRun.stop(5000)
    await clock.advance(4999)
    // Still running after the abort, at 4999 ms of its 5000 ms grace period.
    await out.seen((l) => l === 'after abort 3')
    await clock.advance(1)
    expect(await done).toMatchObject({ status: 'Stopped', reason: 'Terminated' })
  })

  // A pack's last words: everything it printed, even just before main returned or threw, is read
  // to the end of its output before the run is reported done. Many pods, as a race shows only sometimes.
  const LAST_WORDS = 2000
  const lastWords = (end: string) => `export default async function main() {
    for (let i = 0; i < ${LAST_WORDS}; i++) {
      const line = 'line ' + i + (i % 97 === 0 ? ' ' + 'x'.repeat(20000) : '')
      if (i % 2 === 0) console.log(line)
      else process.stdout.write(line + '\\n')
    }
    console.error('last words')
    ${end}
  }`
  const expectAllLines = (lines: string[]) => {
    const numbered = lines.flatMap((l) => (/^line (\d+)/.exec(l) ? [Number(/^line (\d+)/.exec(l)![1])] : []))
    // console and raw writes may be two channels (a worker's): each in order, all of them there.
    const inOrder = (odd: number) => numbered.filter((n) => n % 2 === odd).every((n, i, all) => i === 0 || n > all[i - 1]!)
    expect([inOrder(0), inOrder(1)]).toEqual([true, true])
    expect([...numbered].sort((a, b) => a - b)).toEqual(Array.from({ length: LAST_WORDS }, (_, i) => i))
  }

  it('reports a pod done only after every line it printed just before returning was read', async () => {
    const pods = await Promise.all(
      Array.from({ length: 20 }, () =>
        run(lastWords('')).then(async ({ done, out }) => ({
          exit: await done,
          stdout: out.of('stdout'),
          stderr: out.of('stderr'),
        })),
      ),
    )
    for (const { exit, stdout, stderr } of pods) {
      expect(exit.status).toBe('Succeeded')
      expectAllLines(stdout)
      expect(stderr).toEqual(['last words'])
    }
  })

  it('reports a pod failed only after every line it printed just before throwing was read', async () => {
    const pods = await Promise.all(
      Array.from({ length: 10 }, () =>
        run(lastWords(`throw new Error('gave up')`)).then(async ({ done, out }) => ({
          exit: await done,
          stdout: out.of('stdout'),
          stderr: out.of('stderr'),
        })),
      ),
    )
    for (const { exit, stdout, stderr } of pods) {
      expect(exit).toMatchObject({ status: 'Failed', message: 'gave up' })
      expectAllLines(stdout)
      expect(stderr[0]).toBe('last words')
      expect(stderr.some((l) => l.includes('Error: gave up'))).toBe(true)
    }
  })
}
