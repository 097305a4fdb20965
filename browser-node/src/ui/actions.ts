/**
 * The dashboard's buttons that change the cluster: each asks first when it destroys something,
 * calls the REST API as the signed-in user (the server decides what the role may do), shows
 * the server's refusal where it was pressed, and asks the cluster view to reload.
 */
import type { Api } from '../app/api'
import { h } from './dom'

export interface ActionDeps {
  api: Api
  /** Reload the lists after a change. */
  changed(): void
  /** Where errors show. */
  report(message: string): void
}

export type Call = (api: Api) => Promise<unknown>

export function actionButton(
  deps: ActionDeps,
  label: string,
  call: Call,
  options: { id?: string; danger?: boolean; confirm?: string } = {},
) {
  return h(
    options.danger ? 'button.small.danger' : 'button.small',
    {
      ...(options.id ? { id: options.id } : {}),
      dataset: { action: label.toLowerCase() },
      async onclick(e: Event) {
        e.stopPropagation()
        if (options.confirm && !confirm(options.confirm)) return
        try {
          await call(deps.api)
          deps.changed()
        } catch (error) {
          deps.report(`${label}: ${(error as Error).message}`)
        }
      },
    },
    label,
  )
}
