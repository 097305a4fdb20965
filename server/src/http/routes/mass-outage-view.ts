/** The mass-outage guard as /health and /api/status show it. */
import type { ServerDeps } from '../../deps'
import { iso } from '../../store/convert'

export function massOutageView(deps: Pick<ServerDeps, 'nodeHealth'>) {
  const outage = deps.nodeHealth.massOutage()
  return {
    paused: outage !== null,
    massOutage: outage
      ? { since: iso(outage.since)!, until: iso(outage.until)!, nodesDown: outage.nodesDown, nodes: outage.nodes }
      : null,
  }
}
