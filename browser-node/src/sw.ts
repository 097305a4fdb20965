/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell (workbox, manifest injected at build time), serves
 * navigations from it (so a reload works with the server down), and answers pack bundle requests
 * from the verified-bundle cache the page fills. It holds no WebSocket and runs no agent: the
 * browser ends an idle service worker after ~30 s, so the agent lives in the page.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { APP_ROUTES } from './app/routes'
import { BUNDLE_CACHE, bundleKey } from './runtime/bundle-cache'

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> }

precacheAndRoute(self.__WB_MANIFEST)
cleanupOutdatedCaches()

// Only the app's own pages are the app: everything else (the API, /metrics, /ws, /health, any
// route the server adds later) goes to the network as if there were no service worker.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { allowlist: APP_ROUTES }))

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
