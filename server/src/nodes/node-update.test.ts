import { describe, expect, it } from 'vitest'
import type { Principal } from '../auth/principal'
import { makeNode } from '../scheduler/testing/fixtures'
import { applyNodePatch, assertMayUpdateNode, type NodePatch } from './node-update'

const base = () =>
  makeNode('n1')
    .label('zone', 'a')
    .label('disk', 'ssd')
    .taint('gpu', 'true', 'NoSchedule')
    .taint('gpu', 'true', 'NoExecute')
    .record()

describe('applyNodePatch', () => {
  it.each<{ name: string; patch: NodePatch; labels?: Record<string, string>; taints?: string[]; changes: string[] }>([
    { name: 'nothing', patch: {}, changes: [] },
    {
      name: 'set a label',
      patch: { labels: { tier: 'edge' } },
      labels: { zone: 'a', disk: 'ssd', tier: 'edge' },
      changes: ['+label tier=edge'],
    },
    {
      name: 'overwrite a label',
      patch: { labels: { zone: 'b' } },
      labels: { zone: 'b', disk: 'ssd' },
      changes: ['+label zone=b'],
    },
    { name: 'same label value is no change', patch: { labels: { zone: 'a' } }, changes: [] },
    { name: 'remove a label', patch: { removeLabels: ['disk', 'absent'] }, labels: { zone: 'a' }, changes: ['-label disk'] },
    {
      name: 'add a taint',
      patch: { taints: [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }] },
      taints: ['gpu=true:NoSchedule', 'gpu=true:NoExecute', 'spot=true:PreferNoSchedule'],
      changes: ['+taint spot=true:PreferNoSchedule'],
    },
    {
      name: 'a taint of the same key and effect is replaced',
      patch: { taints: [{ key: 'gpu', value: 'false', effect: 'NoSchedule' }] },
      taints: ['gpu=true:NoExecute', 'gpu=false:NoSchedule'],
      changes: ['+taint gpu=false:NoSchedule'],
    },
    {
      name: 'remove one effect of a key',
      patch: { removeTaints: [{ key: 'gpu', effect: 'NoExecute' }] },
      taints: ['gpu=true:NoSchedule'],
      changes: ['-taint gpu=true:NoExecute'],
    },
    {
      name: 'remove every effect of a key',
      patch: { removeTaints: [{ key: 'gpu' }] },
      taints: [],
      changes: ['-taint gpu=true:NoSchedule', '-taint gpu=true:NoExecute'],
    },
    { name: 'cordon', patch: { unschedulable: true }, changes: ['cordoned'] },
    { name: 'trust', patch: { trusted: true }, changes: ['trusted'] },
  ])('$name', ({ patch, labels, taints, changes }) => {
    const node = base()
    const { next, changes: got } = applyNodePatch(node, patch)
    expect(got).toEqual(changes)
    if (labels) expect(next.labels).toEqual(labels)
    if (taints) expect(next.taints.map((t) => `${t.key}=${t.value}:${t.effect}`)).toEqual(taints)
    if (changes.length === 0) expect(next).toBe(node)
  })

  it('refuses more than 64 taints', () => {
    const taints = Array.from({ length: 65 }, (_, i) => ({ key: `k${i}`, effect: 'NoSchedule' as const }))
    expect(() => applyNodePatch(base(), { taints })).toThrow(/at most 64 taints/)
  })
})

describe('assertMayUpdateNode', () => {
  const user = (id: string, role: 'admin' | 'user' | 'viewer') => ({ kind: 'user', id, role }) as Principal
  const node = makeNode('n2').owner('alice').record()
  it.each([
    { name: 'admin, anything', who: user('root', 'admin'), patch: { trusted: true }, ok: true },
    { name: 'owner, labels', who: user('alice', 'user'), patch: { labels: { a: 'b' } }, ok: true },
    { name: 'owner, trusted', who: user('alice', 'user'), patch: { trusted: true }, ok: false },
    { name: 'another user', who: user('bob', 'user'), patch: { unschedulable: true }, ok: false },
    { name: 'viewer', who: user('vic', 'viewer'), patch: {}, ok: false },
    { name: 'a node', who: { kind: 'node', id: node.id, role: 'node' } as Principal, patch: {}, ok: false },
  ])('$name', ({ who, patch, ok }) => {
    const call = () => assertMayUpdateNode(who, node, patch)
    if (ok) expect(call).not.toThrow()
    else expect(call).toThrow()
  })
})
