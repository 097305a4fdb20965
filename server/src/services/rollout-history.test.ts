import { describe, expect, it } from 'vitest'
import { numberRevisions } from './rollout-history'

const template = { selector: {}, tolerations: [], resources: { cpu: 100, memory: 64 }, priority: 0, env: {}, args: [] }
const rev = (packId: string, reason: string, at: number, templateHash = '') => ({ packId, templateHash, template, reason, at })
const service = (over: Partial<Parameters<typeof numberRevisions>[0]> = {}) => ({
  packId: 'v3',
  templateHash: '',
  healthyPackId: 'v3',
  healthyTemplateHash: '',
  rollout: null,
  condition: null,
  ...over,
})

describe('rollout history outcomes', () => {
  it('numbers revisions from the oldest and reads each outcome from the one after it', () => {
    const revisions = [
      rev('v3', 'Updated', 5),
      rev('v1', 'RollbackRequested', 4),
      rev('v2', 'RollbackAfterFailures', 3),
      rev('v4', 'Updated', 2),
      rev('v2', 'Updated', 1),
      rev('v1', 'Created', 0),
    ]
    const out = numberRevisions(service(), revisions)
    expect(out.map((r) => [r.revision, r.packId, r.outcome, r.current])).toEqual([
      [6, 'v3', 'Complete', true],
      [5, 'v1', 'Superseded', false],
      [4, 'v2', 'RolledBack', false],
      [3, 'v4', 'Failed', false],
      [2, 'v2', 'Superseded', false],
      [1, 'v1', 'Superseded', false],
    ])
  })

  it('the newest is Progressing while it rolls out, Failed when the rollout failed', () => {
    const revisions = [rev('v3', 'Updated', 1), rev('v1', 'Created', 0)]
    const rolling = service({ healthyPackId: 'v1', rollout: {} as never })
    expect(numberRevisions(rolling, revisions)[0]!.outcome).toBe('Progressing')
    const failed = service({ healthyPackId: 'v1', condition: { type: 'RolloutFailed' } as never })
    expect(numberRevisions(failed, revisions)[0]!.outcome).toBe('Failed')
  })
})
