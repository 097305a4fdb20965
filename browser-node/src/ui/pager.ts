/** Shows a long list a page at a time: "101–200 of 600" with Previous / Next. */
import { h } from './dom'

export interface Page<T> {
  items: T[]
  /** The pager's controls, or null when everything fits on one page. */
  controls: HTMLElement | null
}

export function pager(id: string, pageSize = 100) {
  let page = 0
  return {
    reset() {
      page = 0
    },
    /** The slice of `all` to show now; `rerender` draws again after a page change. */
    of<T>(all: readonly T[], rerender: () => void): Page<T> {
      const pages = Math.max(1, Math.ceil(all.length / pageSize))
      page = Math.min(page, pages - 1)
      const from = page * pageSize
      const items = all.slice(from, from + pageSize)
      if (pages === 1) return { items, controls: null }
      const go = (p: number) => () => {
        page = Math.max(0, Math.min(pages - 1, p))
        rerender()
      }
      return {
        items,
        controls: h(
          'div.pager',
          { id },
          h('button.small', { dataset: { page: 'first' }, disabled: page === 0, onclick: go(0) }, '«'),
          h('button.small', { dataset: { page: 'previous' }, disabled: page === 0, onclick: go(page - 1) }, 'Previous'),
          h('span.meta', `${from + 1}–${from + items.length} of ${all.length}`),
          h('button.small', { dataset: { page: 'next' }, disabled: page === pages - 1, onclick: go(page + 1) }, 'Next'),
          h('button.small', { dataset: { page: 'last' }, disabled: page === pages - 1, onclick: go(pages - 1) }, '»'),
        ),
      }
    },
  }
}
