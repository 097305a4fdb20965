/**
 * Records for tests and benchmarks, with everything a test does not care about filled in: a pack
 * written through the real repository (its bundle is one byte unless given) and a Ready node as
 * a connected agent leaves it. Pods start from `newPendingPod()`, like the server's own.
 */
import { randomUUID } from 'node:crypto'
import type { Sql } from '../db/sql'
import { packsRepo } from '../store/packs'
import type { NodeRecord, PackRecord } from '../store/records'

export type TestPack = Partial<Omit<PackRecord, 'id' | 'createdAt' | 'ownerId'>>

/** Inserts pack `p@1.0.0` of `ownerId` (a private Node pack), changed by `over`; throws if the version exists. */
export async function insertTestPack(
  db: Sql,
  ownerId: string,
  over: TestPack = {},
  bundle: Uint8Array = new Uint8Array([1]),
): Promise<PackRecord> {
  const pack = await packsRepo.insert(
    db,
    {
      name: 'p',
      version: '1.0.0',
      ownerId,
      namespace: 'default',
      runtime: 'node',
      visibility: 'private',
      sha256: 'a'.repeat(64),
      size: bundle.byteLength,
      description: null,
      ...over,
    },
    bundle,
  )
  if (!pack) throw new Error(`pack ${over.name ?? 'p'}@${over.version ?? '1.0.0'} exists already`)
  return pack
}

/** A Node node that is Ready and connected since `now` (4 CPUs, 8 GiB, 110 pods), changed by `over`. */
export function newReadyNode(over: Partial<NodeRecord> & { name: string }, now: number): NodeRecord {
  return {
    id: randomUUID(),
    runtime: 'node',
    ownerId: null,
    status: 'Ready',
    labels: {},
    taints: [],
    allocatable: { cpu: 4000, memory: 8192, pods: 110 },
    unschedulable: false,
    trusted: false,
    agentVersion: null,
    lastHeartbeatAt: now,
    connectedAt: now,
    createdAt: now,
    updatedAt: now,
    ...over,
  }
}
