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
