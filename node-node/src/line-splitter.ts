import type { Readable } from 'node:stream'
import type { PodIO } from '@stark/shared'

/**
 * Turns a stream of text chunks into complete lines; `flush` hands over an unfinished last line.
 * With `maxLine`, a line longer than that is handed over in pieces of at most `maxLine`
 * characters, so output without newlines cannot grow the buffer without bound.
 */
export function createLineSplitter(onLine: (line: string) => void, maxLine = Infinity) {
  let partial = ''
  return {
    push(chunk: string) {
      partial += chunk
      let nl: number
      while ((nl = partial.indexOf('\n')) >= 0) {
        let line = partial.slice(0, nl).replace(/\r$/, '')
        while (line.length > maxLine) {
          onLine(line.slice(0, maxLine))
          line = line.slice(maxLine)
        }
        onLine(line)
        partial = partial.slice(nl + 1)
      }
      while (partial.length > maxLine) {
        onLine(partial.slice(0, maxLine))
        partial = partial.slice(maxLine)
      }
    },
    flush() {
      if (partial) onLine(partial)
      partial = ''
    },
  }
}

/**
 * Feeds a pod's raw output stream (a process pipe, a worker's stdout) to its log line by line,
 * cut at `maxLine`; `watch` sees each line first. Resolves when the stream has ended or closed.
 */
export function pipeLines(
  stream: Readable | null,
  name: 'stdout' | 'stderr',
  io: PodIO,
  options: { maxLine?: number; watch?: (line: string) => void } = {},
): Promise<void> {
  if (!stream) return Promise.resolve()
  const lines = createLineSplitter((line) => {
    options.watch?.(line)
    io.log(name, line)
  }, options.maxLine)
  stream.setEncoding('utf8')
  stream.on('data', (chunk: string) => lines.push(chunk))
  return new Promise((resolve) => {
    const ended = () => {
      lines.flush()
      resolve()
    }
    stream.once('end', ended)
    stream.once('close', ended)
    stream.once('error', () => resolve())
  })
}
