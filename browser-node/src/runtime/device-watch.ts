/**
 * Watches the device for the node's live labels and taints: the Battery Status API (levelchange,
 * chargingchange), the page's visibility, and a WebGPU adapter (asked once). Calls listeners when
 * the report changes; the hidden-tab taint waits `hiddenAfterMs` of hiding before it goes on and
 * `visibleAfterMs` of being visible before it comes off.
 */
import type { DeviceReport } from '@stark/shared'
import { deviceReport, lowBatteryNow, type DeviceState } from './device-state'

interface BatteryManagerLike extends EventTarget {
  charging: boolean
  level: number
}
interface GpuLike {
  requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string } } | null>
}

export interface DeviceWatchOptions {
  nav?: Navigator
  doc?: Document
  hiddenAfterMs?: number
  visibleAfterMs?: number
}

export function watchDevice(options: DeviceWatchOptions = {}) {
  const nav = (options.nav ?? navigator) as Navigator & { getBattery?: () => Promise<BatteryManagerLike>; gpu?: GpuLike }
  const doc = options.doc ?? document
  const hiddenAfterMs = options.hiddenAfterMs ?? 5000
  const visibleAfterMs = options.visibleAfterMs ?? 2000
  const listeners = new Set<() => void>()
  const visible = () => doc.visibilityState !== 'hidden'
  let state: DeviceState = { visible: visible(), lowBattery: false, hidden: false }
  let last = JSON.stringify(deviceReport(state))
  let visibilityTimer: ReturnType<typeof setTimeout> | undefined

  const update = (next: Partial<DeviceState>) => {
    state = { ...state, ...next }
    state.lowBattery = lowBatteryNow(state.lowBattery, state.battery)
    const now = JSON.stringify(deviceReport(state))
    if (now === last) return
    last = now
    for (const l of listeners) l()
  }

  doc.addEventListener('visibilitychange', () => {
    const v = visible()
    update({ visible: v })
    clearTimeout(visibilityTimer)
    // The taint follows the visibility only once it has held for a while.
    if (v === !state.hidden) return
    visibilityTimer = setTimeout(() => update({ hidden: !visible() }), v ? visibleAfterMs : hiddenAfterMs)
  })

  void nav
    .getBattery?.()
    .then((b) => {
      const read = () => update({ battery: { charging: b.charging, level: b.level } })
      b.addEventListener('levelchange', read)
      b.addEventListener('chargingchange', read)
      read()
    })
    .catch(() => {})

  const gpu = nav.gpu
  if (!gpu) update({ webgpu: null })
  else
    void gpu
      .requestAdapter()
      .then((a) =>
        update({
          webgpu: a
            ? {
                ...(a.info?.vendor ? { vendor: a.info.vendor } : {}),
                ...(a.info?.architecture ? { architecture: a.info.architecture } : {}),
              }
            : null,
        }),
      )
      .catch(() => update({ webgpu: null }))

  return {
    report: (): DeviceReport => deviceReport(state),
    onChange(fn: () => void): () => void {
      listeners.add(fn)
      return () => void listeners.delete(fn)
    },
    /** How many listen now (each running agent adds one and removes it when it stops). */
    get listening() {
      return listeners.size
    },
  }
}
export type DeviceWatch = ReturnType<typeof watchDevice>
