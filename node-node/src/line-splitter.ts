/** Turns a stream of text chunks into complete lines; `flush` hands over an unfinished last line. */
export function createLineSplitter(onLine: (line: string) => void) {
  let partial = ''
  return {
    push(chunk: string) {
      partial += chunk
      let nl: number
      while ((nl = partial.indexOf('\n')) >= 0) {
        onLine(partial.slice(0, nl).replace(/\r$/, ''))
        partial = partial.slice(nl + 1)
      }
    },
    flush() {
      if (partial) onLine(partial)
      partial = ''
    },
  }
}
