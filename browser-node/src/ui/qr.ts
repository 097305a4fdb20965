/**
 * A QR code as an SVG element (built node by node, never from markup). The encoding is uqr's:
 * a small, dependency-free, maintained encoder that runs in the browser.
 */
import { encode } from 'uqr'

const SVG = 'http://www.w3.org/2000/svg'

export function qrCode(text: string, options: { size?: number; label?: string } = {}): SVGSVGElement {
  const { data, size } = encode(text, { ecc: 'M', border: 2 })
  let d = ''
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (data[y]?.[x]) d += `M${x} ${y}h1v1h-1z`
  const svg = document.createElementNS(SVG, 'svg')
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`)
  svg.setAttribute('width', String(options.size ?? 180))
  svg.setAttribute('height', String(options.size ?? 180))
  svg.setAttribute('shape-rendering', 'crispEdges')
  svg.setAttribute('role', 'img')
  svg.setAttribute('aria-label', options.label ?? `QR code for ${text}`)
  svg.classList.add('qr')
  const bg = document.createElementNS(SVG, 'rect')
  bg.setAttribute('width', String(size))
  bg.setAttribute('height', String(size))
  bg.setAttribute('fill', '#fff')
  const path = document.createElementNS(SVG, 'path')
  path.setAttribute('d', d)
  path.setAttribute('fill', '#000')
  svg.append(bg, path)
  svg.dataset.text = text
  return svg
}
