/**
 * The device's live state as labels and taints (pure). The two taints have hysteresis, so a
 * device near a threshold does not flap: low battery goes on below 20% (on battery power) and off
 * at 25% or once charging; the hidden-tab taint goes on after the tab has been hidden for a while
 * and off after it has been visible for a while (the watcher times those).
 */
import { HIDDEN_TAINT, LOW_BATTERY_TAINT, type DeviceReport, type Labels } from '@stark/shared'

export const LOW_BATTERY_ON = 0.2
export const LOW_BATTERY_OFF = 0.25

export interface BatteryFacts {
  charging: boolean
  /** 0..1 */
  level: number
}

export interface DeviceState {
  /** Absent: the browser has no Battery Status API. */
  battery?: BatteryFacts
  visible: boolean
  /** Absent: not known yet. null: no WebGPU adapter. */
  webgpu?: { vendor?: string; architecture?: string } | null
  /** The taints as they stand (the hysteresis' memory). */
  lowBattery: boolean
  hidden: boolean
}

/** Whether the low-battery taint stays or goes, given whether it was on. */
export function lowBatteryNow(wasOn: boolean, b: BatteryFacts | undefined): boolean {
  if (!b || b.charging) return false
  if (b.level < LOW_BATTERY_ON) return true
  if (b.level >= LOW_BATTERY_OFF) return false
  return wasOn
}

const labelValue = (v: string) =>
  v
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, 63)

export function deviceReport(s: DeviceState): DeviceReport {
  const labels: Labels = { 'stark.io/visibility': s.visible ? 'visible' : 'hidden' }
  if (s.battery) {
    labels['stark.io/power'] = s.battery.charging ? 'ac' : 'battery'
    labels['stark.io/battery-level'] = String(Math.round(s.battery.level * 100))
  }
  if (s.webgpu !== undefined) {
    labels['stark.io/webgpu'] = s.webgpu ? 'true' : 'false'
    const vendor = labelValue(s.webgpu?.vendor ?? '')
    const architecture = labelValue(s.webgpu?.architecture ?? '')
    if (vendor) labels['stark.io/webgpu-vendor'] = vendor
    if (architecture) labels['stark.io/webgpu-architecture'] = architecture
  }
  return { labels, taints: [...(s.lowBattery ? [LOW_BATTERY_TAINT] : []), ...(s.hidden ? [HIDDEN_TAINT] : [])] }
}
