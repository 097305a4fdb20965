/**
 * On a plain-HTTP origin other than localhost (a phone opening http://<laptop-ip>:8080) pods still
 * run — bundles are verified with the plain-JavaScript sha256 — but the browser allows neither
 * installing the app nor a service worker (offline use). This card says so, gives the one command
 * that serves HTTPS, and a QR code for the https address of this same server.
 */
import { h } from './dom'
import { qrCode } from './qr'

export const TLS_COMMAND = 'stark server start --tls-self-signed'

/** The https address of the server this page came from (same host and port). */
export const httpsUrl = (location: { host: string }) => `https://${location.host}/`

export function secureOriginNotice(location: { host: string }): HTMLElement {
  const url = httpsUrl(location)
  return h(
    'section#insecure-origin',
    { class: 'card notice' },
    h('h2', 'Plain HTTP: pods run, but no install and no offline use'),
    h(
      'p',
      `This page came over plain HTTP from ${location.host}. Pods run here all the same, but browsers allow installing the app and offline use (a service worker) only over HTTPS.`,
    ),
    h('p', 'On the server, start Stark with HTTPS (keep your ', h('code', '--host'), ' and ', h('code', '--port'), '):'),
    h('pre#tls-command', { class: 'command' }, TLS_COMMAND),
    h(
      'p',
      'then open ',
      h('a#https-link', { href: url }, url),
      ' on this device, or scan the code. The certificate is self-signed: accept it once on each device (or give the server one the device trusts with ',
      h('code', '--tls-cert'),
      ' and ',
      h('code', '--tls-key'),
      ').',
    ),
    qrCode(url, { label: `QR code for ${url}` }),
  )
}
