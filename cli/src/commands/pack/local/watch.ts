/** `stark pack run --watch`: calls `onChange` once a burst of saves under `dir` has settled. */
import { watch, type FSWatcher } from 'node:fs'

const IGNORED = /(^|[/\\])(node_modules|\.git|dist)([/\\]|$)|\.pack\.js$/

export function watchSources(dir: string, onChange: (file: string) => void, settleMs = 150): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  let last = ''
  const watcher: FSWatcher = watch(dir, { recursive: true }, (_event, file) => {
    const name = file ? String(file) : ''
    if (IGNORED.test(name)) return
    last = name
    clearTimeout(timer)
    timer = setTimeout(() => onChange(last), settleMs)
  })
  return () => {
    clearTimeout(timer)
    watcher.close()
  }
}
