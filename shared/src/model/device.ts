/**
 * What a browser node says about its device while it runs: live labels (power, battery, tab
 * visibility, WebGPU) and the two taints it puts on and takes off itself. A node may set exactly
 * these on itself (`node:device`); the server refuses any other key.
 */
import type { Labels } from './labels'
import type { Taint } from './taints'

export const DEVICE_LABEL_KEYS = [
  'stark.io/power',
  'stark.io/battery-level',
  'stark.io/visibility',
  'stark.io/webgpu',
  'stark.io/webgpu-vendor',
  'stark.io/webgpu-architecture',
] as const

/** The label a WebGPU pod needs (`--gpu`): `stark.io/webgpu=true`. */
export const WEBGPU_LABEL = 'stark.io/webgpu'

/** On battery below 20%: no new pods. */
export const LOW_BATTERY_TAINT: Taint = { key: 'stark.io/low-battery', effect: 'NoSchedule' }
/** A hidden tab (the browser throttles it): new pods go elsewhere if they can. */
export const HIDDEN_TAINT: Taint = { key: 'stark.io/hidden', effect: 'PreferNoSchedule' }
export const DEVICE_TAINTS: readonly Taint[] = [LOW_BATTERY_TAINT, HIDDEN_TAINT]

export interface DeviceReport {
  /** Device labels now (keys from DEVICE_LABEL_KEYS; one left out is removed). */
  labels: Labels
  /** Device taints now (from DEVICE_TAINTS; one left out is removed). */
  taints: Taint[]
}

const sameTaint = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect

/** What is wrong with a device report (empty: nothing). */
export function deviceReportProblems(r: DeviceReport): string[] {
  const keys: readonly string[] = DEVICE_LABEL_KEYS
  return [
    ...Object.keys(r.labels)
      .filter((k) => !keys.includes(k))
      .map((k) => `label ${k} is not a device label (a node may set ${DEVICE_LABEL_KEYS.join(', ')})`),
    ...r.taints
      .filter((t) => !DEVICE_TAINTS.some((d) => sameTaint(d, t)) || t.value !== undefined)
      .map(
        (t) =>
          `taint ${t.key}:${t.effect} is not a device taint (a node may set stark.io/low-battery:NoSchedule, stark.io/hidden:PreferNoSchedule)`,
      ),
  ]
}
