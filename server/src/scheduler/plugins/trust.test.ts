import { describe, expect, it } from 'vitest'
import { makeNode, makePod } from '../testing/fixtures'
import { FIT } from '../types'
import {
  ACCEPT_PUBLIC_PACKS_LABEL,
  PRIVATE_FOREIGN_NODE,
  SECRETS_UNTRUSTED,
  PUBLIC_NOT_ACCEPTED,
  SYSTEM_NEEDS_TRUSTED,
  trust,
} from './trust'

const no = (reason: string) => ({ ok: false, reason, unresolvable: true })
const withSecrets = (b: ReturnType<typeof makePod>) => {
  const pod = b.record()
  pod.spec = { ...pod.spec, secrets: ['db'] }
  return b
}

describe('Trust', () => {
  it.each([
    { name: 'private pack on its owner’s node', pod: makePod().owner('alice'), node: makeNode().owner('alice'), want: FIT },
    {
      name: 'private pack on another user’s node',
      pod: makePod().owner('alice'),
      node: makeNode().owner('bob'),
      want: no(PRIVATE_FOREIGN_NODE),
    },
    { name: 'private pack on a trusted node', pod: makePod().owner('alice'), node: makeNode().owner('bob').trusted(), want: FIT },
    {
      name: 'private pack ignores the public opt-in',
      pod: makePod().owner('alice'),
      node: makeNode().owner('bob').label(ACCEPT_PUBLIC_PACKS_LABEL, 'true'),
      want: no(PRIVATE_FOREIGN_NODE),
    },
    {
      name: 'node without owner, untrusted',
      pod: makePod().owner('alice'),
      node: makeNode().owner(null),
      want: no(PRIVATE_FOREIGN_NODE),
    },
    {
      name: 'pod owner’s node, another user’s pack (admin runs it)',
      pod: makePod().owner('admin').packOwner('alice'),
      node: makeNode().owner('admin'),
      want: FIT,
    },
    {
      name: 'pack owner’s node, pod of an admin',
      pod: makePod().owner('admin').packOwner('alice'),
      node: makeNode().owner('alice'),
      want: FIT,
    },
    {
      name: 'public pack on another user’s node',
      pod: makePod().owner('alice').visibility('public'),
      node: makeNode().owner('bob'),
      want: no(PUBLIC_NOT_ACCEPTED),
    },
    {
      name: 'public pack on a node that opted in',
      pod: makePod().owner('alice').visibility('public'),
      node: makeNode().owner('bob').label(ACCEPT_PUBLIC_PACKS_LABEL, 'true'),
      want: FIT,
    },
    {
      name: 'opt-in needs the value true',
      pod: makePod().owner('alice').visibility('public'),
      node: makeNode().owner('bob').label(ACCEPT_PUBLIC_PACKS_LABEL, 'yes'),
      want: no(PUBLIC_NOT_ACCEPTED),
    },
    {
      name: 'system pack on an untrusted node of its owner',
      pod: makePod().owner('admin').namespace('system'),
      node: makeNode().owner('admin'),
      want: no(SYSTEM_NEEDS_TRUSTED),
    },
    {
      name: 'system pack on a trusted node',
      pod: makePod().owner('admin').namespace('system'),
      node: makeNode().owner('bob').trusted(),
      want: FIT,
    },
    {
      name: 'pod in the system namespace',
      pod: makePod().owner('admin').podNamespace('system'),
      node: makeNode().owner('admin'),
      want: no(SYSTEM_NEEDS_TRUSTED),
    },
    {
      name: 'secrets on the pod owner’s node',
      pod: withSecrets(makePod().owner('alice')),
      node: makeNode().owner('alice'),
      want: FIT,
    },
    {
      name: 'secrets on a trusted node',
      pod: withSecrets(makePod().owner('alice')),
      node: makeNode().owner('bob').trusted(),
      want: FIT,
    },
    {
      name: 'secrets, public pack, node opted in to public packs',
      pod: withSecrets(makePod().owner('alice').visibility('public')),
      node: makeNode().owner('bob').label(ACCEPT_PUBLIC_PACKS_LABEL, 'true'),
      want: no(SECRETS_UNTRUSTED),
    },
    {
      name: 'secrets of an admin’s pod on the pack owner’s node',
      pod: withSecrets(makePod().owner('admin').packOwner('alice')),
      node: makeNode().owner('alice'),
      want: no(SECRETS_UNTRUSTED),
    },
    {
      name: 'secrets on a node without owner',
      pod: withSecrets(makePod().owner('alice')),
      node: makeNode().owner(null),
      want: no(SECRETS_UNTRUSTED),
    },
    {
      name: 'secrets, huge advertised capacity changes nothing',
      pod: withSecrets(makePod().owner('alice')),
      node: makeNode().owner('bob').cpu(1e9).memory(1e9),
      want: no(SECRETS_UNTRUSTED),
    },
  ])('$name', ({ pod, node, want }) => {
    expect(trust.filter(pod.build(), node.info())).toEqual(want)
  })
})
