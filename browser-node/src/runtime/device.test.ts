import { describe, expect, it } from 'vitest'
import { browserFamily, defaultNodeName, deviceLabels, deviceResources } from './device'

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'
const HEADLESS = CHROME.replace('Chrome/', 'HeadlessChrome/')
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1'

describe('device facts', () => {
  it.each([
    [CHROME, 'chrome'],
    [HEADLESS, 'headless-chrome'],
    [IPHONE, 'safari'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0', 'firefox'],
  ])('%s is %s', (ua, family) => expect(browserFamily(ua)).toBe(family))

  it('labels a phone as mobile and keeps label values valid', () => {
    expect(deviceLabels({ userAgent: IPHONE, platform: 'iPhone OS' })).toEqual({
      'stark.io/browser': 'safari',
      'stark.io/platform': 'iphone-os',
      'stark.io/form-factor': 'mobile',
    })
  })

  it('offers all but one core and half the memory', () => {
    expect(deviceResources({ userAgent: CHROME, hardwareConcurrency: 8, deviceMemory: 8 })).toEqual({
      cpu: 7000,
      memory: 4096,
      pods: 20,
    })
    expect(deviceResources({ userAgent: CHROME, hardwareConcurrency: 1 })).toEqual({ cpu: 1000, memory: 2048, pods: 4 })
    expect(deviceResources({ userAgent: CHROME }, { pods: 2 }).pods).toBe(2)
  })

  it('names a device from its browser and platform', () => {
    expect(defaultNodeName({ userAgent: CHROME, platform: 'Linux x86_64' }, 'ab12')).toBe('chrome-linux-x86-64-ab12')
  })
})
