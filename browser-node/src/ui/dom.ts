/** A few lines of DOM building: `h('div.card', { onclick }, child, …)`. Text is always text, never HTML. */
type Child = Node | string | number | null | undefined | false | Child[]
type Props = Record<string, unknown>

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K | `${K}.${string}` | `${K}#${string}`,
  props?: Props | Child,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const name = /^[a-z0-9]+/.exec(tag)![0] as K
  const el = document.createElement(name)
  const id = /#([\w-]+)/.exec(tag)?.[1]
  const classes = [...tag.matchAll(/\.([\w-]+)/g)].map((m) => m[1])
  if (id) el.id = id
  if (classes.length) el.className = classes.join(' ')
  if (props && typeof props === 'object' && !(props instanceof Node) && !Array.isArray(props)) {
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === false || v === null) continue
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener)
      else if (k === 'dataset') Object.assign(el.dataset, v)
      else if (k in el && k !== 'list' && typeof v !== 'string') (el as unknown as Record<string, unknown>)[k] = v
      else el.setAttribute(k, v === true ? '' : String(v))
    }
  } else if (props !== undefined) children.unshift(props as Child)
  append(el, children)
  return el
}

function append(el: Element, children: Child[]) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue
    if (Array.isArray(c)) append(el, c)
    else el.append(c instanceof Node ? c : String(c))
  }
}

/** Replaces the children of `el`. */
export const mount = (el: Element, ...children: Child[]) => {
  el.replaceChildren()
  append(el, children)
}

export const badge = (status: string) => h('span.badge', { dataset: { status } }, status)

export const ago = (iso: string | number | null | undefined, now = Date.now()) => {
  if (!iso) return '—'
  const s = Math.max(0, Math.round((now - (typeof iso === 'number' ? iso : Date.parse(iso))) / 1000))
  return s < 60 ? `${s}s ago` : s < 3600 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`
}
