import { describe, expect, it } from 'vitest'
import { deviceReportProblems } from './device'

describe('a node’s device report', () => {
  it('may carry the device labels and the two device taints', () => {
    expect(
      deviceReportProblems({
        labels: { 'stark.io/power': 'battery', 'stark.io/battery-level': '10', 'stark.io/webgpu': 'true' },
        taints: [
          { key: 'stark.io/low-battery', effect: 'NoSchedule' },
          { key: 'stark.io/hidden', effect: 'PreferNoSchedule' },
        ],
      }),
    ).toEqual([])
  })
  it('may not set any other label or taint, nor a device taint with another effect or a value', () => {
    const problems = deviceReportProblems({
      labels: { 'stark.io/trusted': 'true', zone: 'a' },
      taints: [
        { key: 'stark.io/low-battery', effect: 'NoExecute' },
        { key: 'stark.io/hidden', value: 'x', effect: 'PreferNoSchedule' },
        { key: 'dedicated', effect: 'NoSchedule' },
      ],
    })
    expect(problems).toHaveLength(5)
    expect(problems[0]).toContain('stark.io/trusted is not a device label')
  })
})
