/**
 * Progress on long waits (bundling, uploading, waiting for a rollout): a spinner with a label and
 * the time so far, on stderr and only when stderr is a terminal — never in a pipe, a file or CI
 * logs, and never on stdout, so `-o json` output stays one clean value.
 */
import type { CliContext } from './context'

export interface Progress {
  /** Changes the label (e.g. `uploading 3.2 MB…` → `registering…`). */
  update(label: string): void
  /** Clears the line. */
  done(): void
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
const silent: Progress = { update() {}, done() {} }

export interface ProgressOptions {
  /** Redraw interval (ms). */
  intervalMs?: number
  /** Show nothing for waits shorter than this (ms), so quick commands never flicker. */
  delayMs?: number
}

export function startProgress(
  ctx: Pick<CliContext, 'stderr' | 'stderrIsTTY' | 'env' | 'now'>,
  label: string,
  options: ProgressOptions = {},
): Progress {
  if (!ctx.stderrIsTTY || ctx.env.TERM === 'dumb' || ctx.env.CI) return silent
  const started = ctx.now()
  let text = label
  let frame = 0
  let drawn = false
  const draw = () => {
    const seconds = Math.floor((ctx.now() - started) / 1000)
    ctx.stderr.write(`\r\u001B[2K${FRAMES[frame++ % FRAMES.length]} ${text}${seconds > 0 ? ` ${seconds}s` : ''}`)
    drawn = true
  }
  const timer = setInterval(draw, options.intervalMs ?? 100)
  const first = setTimeout(draw, options.delayMs ?? 300)
  timer.unref?.()
  first.unref?.()
  return {
    update(next) {
      text = next
    },
    done() {
      clearInterval(timer)
      clearTimeout(first)
      if (drawn) ctx.stderr.write('\r\u001B[2K')
    },
  }
}

/** Runs `work` with a progress line that is cleared however it ends. */
export async function withProgress<T>(
  ctx: Parameters<typeof startProgress>[0],
  label: string,
  work: (progress: Progress) => Promise<T>,
  options?: ProgressOptions,
): Promise<T> {
  const progress = startProgress(ctx, label, options)
  try {
    return await work(progress)
  } finally {
    progress.done()
  }
}
