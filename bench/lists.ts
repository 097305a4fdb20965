/**
 * bench:lists — what one page of a paged REST list costs the server, in-process and without sockets:
 * a test server (PGlite, on a fake clock so no controller wakes) given NODES nodes and PODS Running
 * pods straight through the state's write entry, then pages of 500 read through `app.request()` as
 * an admin (walking each cursor, as `bench:capacity` does) and as a user who owns a few of the pods.
 * CPU time per page (the process's user + system: load on the machine does not count), median and
 * p99 over SAMPLES pages of each list. One JSON line per list.
 * Run: npm run bench:lists   (NODES=10000 PODS=50000 SAMPLES=50)
 */
import { randomUUID } from 'node:crypto'
import { loadavg } from 'node:os'
import { fakeClock } from '@stark/shared/testing'
import { newPendingPod, newReadyNode, type NodeRecord, type PodRecord, startTestServer } from '@stark/server/testing'
import { percentile, report, round } from './lib'

const NODES = Number(process.env.NODES ?? 10_000)
const PODS = Number(process.env.PODS ?? 50_000)
const SAMPLES = Number(process.env.SAMPLES ?? 50)

const clock = fakeClock()
const server = await startTestServer({ clock })
try {
  const adminToken = await server.admin()
  const call = async (path: string, body: unknown, token?: string) => {
    const r = await server.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    })
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${await r.text()}`)
    return (await r.json()) as any
  }
  const credentials = { email: 'user@example.com', password: 'user-long-password-1' }
  const userId = (await call('/api/auth/register', { ...credentials, role: 'user' }, adminToken)).user.id as string
  const userToken = (await call('/api/auth/login', credentials)).accessToken as string
  const now = clock.now()
  const nodes: NodeRecord[] = Array.from({ length: NODES }, (_, i) => newReadyNode({ name: `cap-${i}` }, now))
  const spec = {
    resources: { cpu: 1, memory: 1 },
    selector: {},
    tolerations: [],
    env: {},
    args: [],
    restartPolicy: 'Always' as const,
  }
  // Owned by the admin but for every 1,000th, a user's: the user's list finds 50 among 50,000.
  const pods: PodRecord[] = Array.from({ length: PODS }, (_, i) => ({
    ...newPendingPod(
      {
        id: randomUUID(),
        name: `cap-${i % 5}-${randomUUID().slice(0, 8)}`,
        namespace: 'default',
        ownerId: i % 1000 === 0 ? userId : 'admin',
        packId: 'bench',
        spec,
      },
      now,
    ),
    status: 'Running' as const,
    nodeId: nodes[i % NODES]!.id,
    incarnation: 1,
  }))
  server.deps.state.apply({ nodes, pods })

  async function pages(path: string, token: string) {
    const cpu: number[] = []
    let cursor: string | null = null
    let rows = 0
    for (let i = 0; i < SAMPLES; i++) {
      const c0 = process.cpuUsage()
      const r = await server.app.request(`${path}?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
        headers: { authorization: `Bearer ${token}` },
      })
      const text = await r.text()
      const c = process.cpuUsage(c0)
      if (r.status !== 200) throw new Error(`${path}: ${r.status} ${text.slice(0, 200)}`)
      const page = JSON.parse(text) as { items: unknown[]; nextCursor: string | null }
      rows += page.items.length
      cpu.push((c.user + c.system) / 1000)
      cursor = page.nextCursor
    }
    return {
      p50_cpu_ms: round(percentile(cpu, 50)),
      p99_cpu_ms: round(percentile(cpu, 99)),
      rows_per_page: round(rows / SAMPLES),
    }
  }

  for (const [path, caller, token] of [
    ['/api/nodes', 'admin', adminToken],
    ['/api/pods', 'admin', adminToken],
    ['/api/pods', 'user', userToken],
  ] as const)
    report({ bench: 'lists', list: path, caller, nodes: NODES, pods: PODS, ...(await pages(path, token)), load: loadavg()[0] })
} finally {
  await server.close()
}
