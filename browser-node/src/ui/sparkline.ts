/** Small inline-SVG line charts of CPU and memory samples (no chart library: a polyline). */
import type { Sample } from '../app/usage'
import { h } from './dom'

const SVG = 'http://www.w3.org/2000/svg'

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag)
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v))
  return el
}

/** A line over `values` (oldest first), scaled to its own maximum; `label` names it for screen readers. */
export function sparkline(values: readonly number[], label: string, width = 72, height = 18): SVGSVGElement {
  const chart = svg('svg', { class: 'spark', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img' })
  chart.dataset.points = String(values.length)
  const title = svg('title', {})
  title.textContent = label
  chart.append(title)
  const max = Math.max(1, ...values)
  const y = (v: number) => (height - 2 - (v / max) * (height - 4) + 1).toFixed(1)
  const x = (i: number) => (values.length < 2 ? width - 2 : (i / (values.length - 1)) * (width - 2) + 1).toFixed(1)
  if (values.length > 1)
    chart.append(svg('polyline', { points: values.map((v, i) => `${x(i)},${y(v)}`).join(' '), fill: 'none' }))
  if (values.length) chart.append(svg('circle', { cx: x(values.length - 1), cy: y(values.at(-1)!), r: 1.8 }))
  return chart
}

const cpuText = (m: number) => (m >= 1000 ? `${(m / 1000).toFixed(1)} cpu` : `${m}m`)
const memText = (mb: number) => (mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${mb} MB`)

/** CPU and memory of the last minutes: two sparklines with the latest figures; a dash without samples. */
export function usageCharts(samples: readonly Sample[] | undefined, what: string) {
  if (!samples?.length) return h('span.meta', '—')
  const last = samples.at(-1)!
  const minutes = Math.max(1, Math.round((last[0] - samples[0]![0]) / 60_000))
  return h(
    'div.usage',
    { dataset: { samples: String(samples.length) } },
    h(
      'span.use-row',
      sparkline(
        samples.map((s) => s[1]),
        `CPU of ${what}, last ${minutes} min`,
      ),
      h('small', cpuText(last[1])),
    ),
    h(
      'span.use-row',
      sparkline(
        samples.map((s) => s[2]),
        `Memory of ${what}, last ${minutes} min`,
      ),
      h('small', memText(last[2])),
    ),
  )
}
