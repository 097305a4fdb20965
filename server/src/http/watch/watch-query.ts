/**
 * What a watchable list adds to its route: the `watch` and `resourceVersion` query parameters, a
 * `resourceVersion` on the list answer (where to watch from), and the stream as a second content
 * type of its 200, with 410 (too old: list again) and 429 (too many watches open).
 */
import { z } from '@hono/zod-openapi'
import { errorResponses, problemContent } from '../schemas'

export const watchQuery = {
  watch: z
    .enum(['true', 'false'])
    .optional()
    .openapi({
      description:
        '`true`: instead of a page, a text/event-stream of the changes to what this list shows after `resourceVersion` — ' +
        '`data: {"type":"ADDED"|"MODIFIED"|"DELETED","object":…,"resourceVersion":"…"}` with `id:` the resourceVersion ' +
        '(send `Last-Event-ID` to resume), `: keepalive` comments while idle, and `event: error` with code `gone` when the ' +
        'stream fell too far behind (list again). The same filters as the list apply; paging parameters are ignored.',
    }),
  resourceVersion: z
    .string()
    .regex(/^\d{1,16}$/, 'must be the resourceVersion of a list (digits)')
    .optional()
    .openapi({
      description:
        'With `watch=true`: stream the changes after this version — the `resourceVersion` of a list answer, or of the ' +
        'last change seen. Without it (and without `Last-Event-ID`), the stream starts with an `ADDED` for each object ' +
        'the list shows now (events: the newest `limit`), then the changes after them. A version older than the server ' +
        'keeps (or from another server) answers 410: list again.',
      example: '1796000000000042',
    }),
}

/** A list page with the version to watch from. */
export const watchableList = <S extends z.ZodType>(item: S) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
    resourceVersion: z.string().openapi({
      description: 'The version of this answer: watch from it (`watch=true&resourceVersion=…`) to miss no change.',
      example: '1796000000000042',
    }),
  })

/**
 * The answers of a watchable list: the page, or why not. The stream is added to the 200 in the
 * document (`documentWatchStreams`), not here, so the typed client reads the page alone.
 */
export const listedOrWatched = <S extends z.ZodType>(page: S, description: string) => ({
  200: { content: { 'application/json': { schema: page } }, description },
  400: errorResponses[400],
  401: errorResponses[401],
  410: problemContent('The resourceVersion is too old (or from another server): list again'),
  429: problemContent('Too many watches open for this caller'),
})

/** Every GET taking `watch` also answers `text/event-stream` (with watch=true). */
// biome-ignore lint/suspicious/noExplicitAny: the generated document is plain JSON
export function documentWatchStreams(document: { paths?: Record<string, any> }): void {
  for (const item of Object.values(document.paths ?? {})) {
    const get = item.get
    if (!get?.parameters?.some((p: { name?: string; in?: string }) => p.name === 'watch' && p.in === 'query')) continue
    const content = get.responses?.['200']?.content
    if (content && !content['text/event-stream'])
      content['text/event-stream'] = {
        schema: {
          type: 'string',
          description:
            'With watch=true: `data:` records `{type, object, resourceVersion}` (`id:` the resourceVersion); `: keepalive` comments',
        },
      }
  }
}
