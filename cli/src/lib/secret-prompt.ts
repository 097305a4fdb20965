/**
 * Reading a secret from a terminal without echoing it: raw mode, one keystroke at a time, Enter
 * ends, Backspace erases, Ctrl-C / Ctrl-D give up. Nothing typed is ever written back.
 */
import { CLIError, ExitCode } from './errors'

export interface RawInput {
  setRawMode(mode: boolean): unknown
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown
  resume(): unknown
  pause(): unknown
}

export function promptSecret(input: RawInput, output: { write(text: string): unknown }, question: string): Promise<string> {
  // Raw mode first: what is typed once the question shows is never echoed.
  input.setRawMode(true)
  output.write(question)
  return new Promise((resolve, reject) => {
    let typed = ''
    const finish = (error?: CLIError) => {
      input.off('data', onData)
      input.setRawMode(false)
      input.pause()
      output.write('\n')
      if (error) reject(error)
      else resolve(typed)
    }
    const onData = (chunk: Buffer | string) => {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n') return finish()
        if (ch === '\u0003') return finish(new CLIError('cancelled', ExitCode.failure))
        if (ch === '\u0004') return typed ? finish() : finish(new CLIError('no password given', ExitCode.usage))
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1)
        else if (ch >= ' ') typed += ch
      }
    }
    input.on('data', onData)
    input.resume()
  })
}

/** All of a stream, as text. */
export async function readAll(stream: AsyncIterable<Buffer | string>): Promise<string> {
  let text = ''
  for await (const chunk of stream) text += String(chunk)
  return text
}
