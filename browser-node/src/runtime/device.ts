/**
 * What this device offers and how it describes itself: resources from
 * navigator.hardwareConcurrency / deviceMemory, labels from the user agent.
 */
import type { Labels, Resources } from '@stark/shared'

export interface DeviceFacts {
  userAgent: string
  platform?: string
  hardwareConcurrency?: number
  /** GiB, rounded by the browser (Chromium only; capped at 8). */
  deviceMemory?: number
  mobile?: boolean
}

export function deviceFacts(nav: Navigator = navigator): DeviceFacts {
  const n = nav as Navigator & { deviceMemory?: number; userAgentData?: { platform?: string; mobile?: boolean } }
  return {
    userAgent: n.userAgent,
    ...(n.userAgentData?.platform || n.platform ? { platform: n.userAgentData?.platform || n.platform } : {}),
    ...(n.hardwareConcurrency ? { hardwareConcurrency: n.hardwareConcurrency } : {}),
    ...(n.deviceMemory ? { deviceMemory: n.deviceMemory } : {}),
    ...(n.userAgentData?.mobile !== undefined ? { mobile: n.userAgentData.mobile } : {}),
  }
}

/** The browser family from a user agent string. */
export function browserFamily(ua: string): string {
  if (/HeadlessChrome/.test(ua)) return 'headless-chrome'
  if (/Edg\//.test(ua)) return 'edge'
  if (/OPR\//.test(ua)) return 'opera'
  if (/Firefox\//.test(ua)) return 'firefox'
  if (/Chrom(e|ium)\//.test(ua)) return 'chrome'
  if (/Safari\//.test(ua)) return 'safari'
  return 'other'
}

const labelValue = (v: string) =>
  v
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, 63)

export function deviceLabels(f: DeviceFacts): Labels {
  const platform = labelValue(f.platform ?? '') || 'unknown'
  const mobile = f.mobile ?? /Mobi|Android|iPhone|iPad/.test(f.userAgent)
  return {
    'stark.io/browser': browserFamily(f.userAgent),
    'stark.io/platform': platform,
    'stark.io/form-factor': mobile ? 'mobile' : 'desktop',
  }
}

/**
 * A share of the device: the pages' workers compete with the user's own tabs, so a node offers
 * all but one core and half of the (reported) memory, at least 256 MB.
 */
export function deviceResources(f: DeviceFacts, overrides: Partial<Resources> = {}): Resources {
  const cores = Math.max(1, (f.hardwareConcurrency ?? 2) - 1)
  const memoryMb = Math.max(256, Math.round(((f.deviceMemory ?? 4) * 1024) / 2))
  return {
    cpu: overrides.cpu ?? cores * 1000,
    memory: overrides.memory ?? memoryMb,
    pods: overrides.pods ?? Math.min(20, cores * 4),
  }
}

/** A default node name for this device: browser, platform and a short random suffix. */
export function defaultNodeName(f: DeviceFacts, suffix: string): string {
  // A DNS-1123 label, as every node name must be: no '.' or '_' (label values allow them).
  const platform = labelValue(f.platform ?? '').replace(/[._]+/g, '-') || 'web'
  return `${browserFamily(f.userAgent)}-${platform}-${suffix}`.slice(0, 63).replace(/-+$/, '')
}
