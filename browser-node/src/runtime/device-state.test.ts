import { describe, expect, it } from 'vitest'
import { deviceReport, lowBatteryNow } from './device-state'

describe('device state', () => {
  it('puts the low-battery taint on below 20% on battery, and takes it off at 25% or when charging', () => {
    expect(lowBatteryNow(false, { charging: false, level: 0.19 })).toBe(true)
    expect(lowBatteryNow(false, { charging: false, level: 0.21 })).toBe(false)
    // Between the thresholds it stays as it was.
    expect(lowBatteryNow(true, { charging: false, level: 0.22 })).toBe(true)
    expect(lowBatteryNow(false, { charging: false, level: 0.22 })).toBe(false)
    expect(lowBatteryNow(true, { charging: false, level: 0.25 })).toBe(false)
    expect(lowBatteryNow(true, { charging: true, level: 0.05 })).toBe(false)
    expect(lowBatteryNow(true, undefined)).toBe(false)
  })

  it('reports labels and the taints', () => {
    expect(
      deviceReport({
        battery: { charging: false, level: 0.153 },
        visible: false,
        webgpu: { vendor: 'Google Inc.', architecture: 'SwiftShader' },
        lowBattery: true,
        hidden: true,
      }),
    ).toEqual({
      labels: {
        'stark.io/visibility': 'hidden',
        'stark.io/power': 'battery',
        'stark.io/battery-level': '15',
        'stark.io/webgpu': 'true',
        'stark.io/webgpu-vendor': 'google-inc',
        'stark.io/webgpu-architecture': 'swiftshader',
      },
      taints: [
        { key: 'stark.io/low-battery', effect: 'NoSchedule' },
        { key: 'stark.io/hidden', effect: 'PreferNoSchedule' },
      ],
    })
    expect(deviceReport({ visible: true, webgpu: null, lowBattery: false, hidden: false })).toEqual({
      labels: { 'stark.io/visibility': 'visible', 'stark.io/webgpu': 'false' },
      taints: [],
    })
  })
})
