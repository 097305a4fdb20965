import { z } from '@hono/zod-openapi'
import { type LabelSelector, matchesLabelSelector, parseSelector } from '@stark/shared'

/**
 * `?labelSelector=` on the list routes of objects with labels (pods, services, nodes), in
 * Kubernetes' grammar (`k=v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`, comma = and). A
 * selector that does not parse is a 400 naming the error, like any other bad query field.
 */
export const labelSelectorQuery = z
  .string()
  .max(4096)
  .superRefine((text, ctx) => {
    const parsed = parseSelector(text)
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error })
  })
  .optional()
  .openapi({
    description: 'Only objects whose labels match this selector (`app=web,tier in (a,b),!canary`).',
    example: 'app=web,tier in (front,edge)',
  })

/** A predicate over labels for a validated `labelSelector` (absent or empty: everything). */
export function labelFilter(text: string | undefined): (labels: Readonly<Record<string, string>>) => boolean {
  if (!text) return () => true
  const parsed = parseSelector(text)
  const selector: LabelSelector = parsed.ok ? parsed.value : []
  return (labels) => matchesLabelSelector(labels, selector)
}
