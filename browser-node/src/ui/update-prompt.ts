/**
 * Registers the service worker through workbox-window and, when a new version is waiting, asks
 * the user before switching (a reload mid-work would drop the node's connection for a moment).
 */
import { Workbox } from 'workbox-window'
import { h, mount } from './dom'

export function registerServiceWorker(banner: HTMLElement): Workbox | undefined {
  if (!('serviceWorker' in navigator)) return undefined
  const wb = new Workbox('/sw.js')
  wb.addEventListener('waiting', () => {
    banner.hidden = false
    mount(
      banner,
      h('span', 'A new version of Stark is ready.'),
      h(
        'button.primary',
        {
          id: 'update',
          onclick: () => {
            wb.addEventListener('controlling', () => location.reload())
            wb.messageSkipWaiting()
          },
        },
        'Update',
      ),
      h('button', { onclick: () => (banner.hidden = true) }, 'Later'),
    )
  })
  void wb.register().catch((error: unknown) => console.warn('[stark] service worker registration failed', error))
  return wb
}
