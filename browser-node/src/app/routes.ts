/**
 * The app's own routes: the one page, at `/` (or `/index.html`), with or without a query; the join
 * link and views live in the fragment. The service worker serves the app shell for these alone.
 */
export const APP_ROUTES: RegExp[] = [/^\/(index\.html)?(\?.*)?$/]

/** Whether a navigation to `pathAndSearch` is the app's (workbox matches pathname + search). */
export const isAppRoute = (pathAndSearch: string) => APP_ROUTES.some((r) => r.test(pathAndSearch))
