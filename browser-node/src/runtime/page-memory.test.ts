import { describe, expect, it } from 'vitest'
import { pageMemoryMb } from './page-memory'

describe('the page’s memory figure', () => {
  it('is the JS heap in MB where the browser tells it, and nothing where it does not', () => {
    expect(pageMemoryMb({ memory: { usedJSHeapSize: 12.6 * 1024 * 1024 } } as never)).toEqual({ memory: 13 })
    expect(pageMemoryMb({} as never)).toBeUndefined()
    expect(pageMemoryMb({ memory: { usedJSHeapSize: Number.NaN } } as never)).toBeUndefined()
  })
})
