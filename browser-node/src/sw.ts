/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell (workbox, manifest injected at build time), serves
 * navigations from it (so a reload works with the server down), and answers pack bundle requests
 * from the verified-bundle cache the page fills. It holds no WebSocket and runs no agent: the
 * browser ends an idle service worker after ~30 s, so the agent lives in the page.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { BUNDLE_CACHE, bundleKey } from './runtime/bundle-cache'

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> }

precacheAndRoute(self.__WB_MANIFEST)
cleanupOutdatedCaches()

// Every path but the API, the WebSocket and health checks is the app.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//, /^\/ws/, /^\/health/] }))

// Bundles are immutable by hash: a cached (verified) copy answers; otherwise the network does.
registerRoute(
  ({ url }) => /^\/api\/bundles\/[0-9a-f]{64}$/.test(url.pathname),
  async ({ request, url }) => {
    const hit = await (await caches.open(BUNDLE_CACHE)).match(bundleKey(url.pathname.split('/').pop()!))
    return hit ?? fetch(request)
  },
)

// The page asks the new version to take over when the user accepts the update prompt.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting()
})
