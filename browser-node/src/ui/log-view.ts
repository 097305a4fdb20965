/**
 * A pod's log, followed live: `GET /api/pods/{id}/logs?follow=true` as a text/event-stream — the
 * last lines, then each new one as it arrives, each with its time; a marker when the pod's run
 * or status changes. It keeps to the bottom while the reader is there (scrolling up stops that).
 */
import type { Schema } from '@stark/client'
import type { Api } from '../app/api'
import { readSse } from '../app/sse'
import type { PodItem } from '../app/cluster'
import { h, mount } from './dom'

/** A `log` event's data: a line as the JSON log list has it. */
type LogLine = Schema<'LogLine'>
/** A `status` event's data: these fields of the pod, and when its run reached that status. */
type RunStatus = Pick<Schema<'Pod'>, 'incarnation' | 'status'> & { at: string }

const MAX_LINES = 2000
const time = (iso: string) => {
  const d = new Date(iso)
  return `${d.toLocaleTimeString([], { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`
}

export function logView(api: Api) {
  const box = h('pre#pod-logs', { class: 'logs' })
  const title = h('h3')
  const state = h('small#log-state.meta')
  const section = h('section.card.pod-logs', { hidden: true }, title, state, box)
  let abort: AbortController | undefined
  let count = 0

  // Whether the reader is at the bottom: set by their scrolling, not by the box being drawn again
  // (a box taken out of the page and put back starts at the top).
  let stick = true
  box.addEventListener('scroll', () => {
    if (box.isConnected && box.clientHeight > 0) stick = box.scrollHeight - box.scrollTop - box.clientHeight < 24
  })
  const keep = () => {
    if (stick) box.scrollTop = box.scrollHeight
  }
  function add(el: HTMLElement) {
    if (count === 0) box.replaceChildren()
    box.append(el)
    if (++count > MAX_LINES) box.firstElementChild?.remove()
    keep()
  }

  async function follow(pod: PodItem, signal: AbortSignal) {
    try {
      const url = api.rest.url('/api/pods/{ref}/logs', { params: { ref: pod.id }, query: { follow: 'true', tail: 300 } })
      const res = await api.stream(url, signal)
      state.textContent = 'following'
      await readSse(
        res,
        (e) => {
          if (e.event === 'log') {
            const l = JSON.parse(e.data) as LogLine
            add(h(`span.line.${l.stream === 'stderr' ? 'stderr' : 'stdout'}`, h('time', time(l.ts)), ` ${l.line}\n`))
          } else if (e.event === 'status') {
            const s = JSON.parse(e.data) as RunStatus
            add(h('span.marker', h('time', time(s.at)), ` ── run ${s.incarnation}: ${s.status} ──\n`))
          } else if (e.event === 'end') state.textContent = 'the pod has finished'
        },
        signal,
      )
      if (!signal.aborted && state.textContent === 'following') state.textContent = 'the stream ended'
    } catch (error) {
      if (!signal.aborted) state.textContent = `could not follow the log: ${(error as Error).message}`
    }
  }

  function open(pod: PodItem) {
    abort?.abort()
    abort = new AbortController()
    count = 0
    stick = true
    section.hidden = false
    mount(box, 'no output yet')
    state.textContent = 'connecting…'
    mount(title, `Log of ${pod.namespace}/${pod.name}`, h('button.small', { onclick: close }, 'Close'))
    void follow(pod, abort.signal)
  }
  function close() {
    abort?.abort()
    abort = undefined
    section.hidden = true
  }
  /** After the page is drawn again: back to the bottom if the reader was there. */
  return { section, open, close, keep }
}
