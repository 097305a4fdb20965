/** Packs written the way a user would, for the browser suite (plain ES modules, no imports). */

/** Logs, then ticks until stopped. */
export const TICKER = `
export default async function main(ctx) {
  console.log('hello from ' + ctx.pod.name + ' on ' + ctx.runtime)
  console.error('a line on stderr')
  let n = 0
  const timer = setInterval(() => console.log('tick ' + (++n)), 1000)
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }))
  clearInterval(timer)
  console.log('stopping')
}
`

/**
 * Tries every way out of the sandbox a pack could try and logs what it got: IndexedDB (where the
 * node token lives), cookies, localStorage, Cache Storage, the parent frame, the app's origin and
 * its API. Each probe prints "<what>: BLOCKED (<why>)" or "<what>: LEAKED <value>".
 */
export const HOSTILE = `
async function probe(what, fn) {
  try {
    const value = await fn()
    console.log(what + ': LEAKED ' + JSON.stringify(value))
  } catch (error) {
    console.log(what + ': BLOCKED (' + String((error && error.name) || error) + ')')
  }
}
export default async function main(ctx) {
  const g = globalThis
  // Ending the worker behind the page's back would leave the pod Running for ever. (A UI pack
  // runs in a frame, where close() does nothing.)
  const inWorker = typeof g.document === 'undefined'
  await probe('worker close()', () => { if (!inWorker) throw new Error('not a worker'); g.close(); return 'closed' })
  await probe('worker prototype close()', () => {
    if (!inWorker) throw new Error('not a worker')
    let o = Object.getPrototypeOf(g)
    while (o && !Object.getOwnPropertyDescriptor(o, 'close')) o = Object.getPrototypeOf(o)
    o.close.call(g)
    return 'closed'
  })
  await new Promise((resolve) => setTimeout(resolve, 200))
  await probe('indexedDB', () => new Promise((resolve, reject) => {
    const r = g.indexedDB.open('stark')
    r.onsuccess = () => {
      const db = r.result
      const tx = db.transaction('identity', 'readonly')
      const all = tx.objectStore('identity').getAll()
      all.onsuccess = () => resolve(all.result)
      all.onerror = () => reject(all.error)
    }
    r.onerror = () => reject(r.error)
  }))
  await probe('indexedDB.databases', async () => { const list = await g.indexedDB.databases(); if (!list.length) throw new Error('empty'); return list })
  await probe('document.cookie', () => { if (typeof g.document === 'undefined') throw new Error('no document'); return g.document.cookie })
  await probe('localStorage', () => { if (!g.localStorage) throw new Error('no localStorage'); return Object.keys(g.localStorage) })
  await probe('caches', async () => { const keys = await g.caches.keys(); return keys })
  await probe('parent frame', () => { if (typeof g.parent === 'undefined') throw new Error('no parent'); return g.parent.document.body.innerHTML.slice(0, 100) })
  await probe('top frame', () => { if (typeof g.top === 'undefined') throw new Error('no top'); return g.top.location.href })
  await probe('origin', () => { if (g.origin === 'null' || !g.origin) throw new Error('opaque origin ' + g.origin); return g.origin })
  await probe('app api', async () => {
    const res = await fetch(ctx.env.SERVER + '/api/nodes', { credentials: 'include' })
    if (!res.ok) throw new Error('HTTP ' + res.status)
    return await res.text()
  })
  await probe('node token in ctx', () => {
    const text = JSON.stringify(ctx)
    if (!/eyJ/.test(text)) throw new Error('no token')
    return text
  })
  await probe('node token in globals', () => {
    const found = Object.getOwnPropertyNames(g).filter((n) => {
      if (/stark|nodeToken/i.test(n)) return true
      try { const v = g[n]; return typeof v === 'string' && /eyJ/.test(v) } catch { return false }
    })
    if (!found.length) throw new Error('none')
    return found
  })
  console.log('probes done')
}
`

/** A UI pack: asks for a view, draws into it, logs, and stays until stopped. */
export const UI_PACK = `
export const view = true
export default async function main(ctx) {
  const title = document.createElement('h1')
  title.textContent = 'Hello from ' + ctx.pod.name
  ctx.view.append(title)
  console.log('drawn in a ' + typeof document + ' at origin ' + origin)
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }))
  console.log('view closing')
}
`
