import { defineCommand } from 'citty'
import qrcode from 'qrcode-terminal'
import { globalArgs } from '../../lib/args'
import { call } from '../../lib/client'
import { boundedDurationFlag } from '../../lib/duration'
import { messageOutput } from '../../lib/output'
import { openCommand } from '../../lib/command'

/** The QR code of `text` as terminal art (for a phone's camera). */
const qr = (text: string) => new Promise<string>((resolve) => qrcode.generate(text, { small: true }, resolve))

export default defineCommand({
  meta: {
    name: 'create',
    description:
      'A join link for a browser device: open it (or scan the QR code) to make that device a node you own (example: stark node token create --ttl 10m)',
  },
  args: {
    ttl: {
      type: 'string',
      valueHint: 'duration',
      description: 'How long the link works, e.g. 10m or 2h (default 30m, at most 7d)',
    },
    ...globalArgs,
  },
  async run({ args, data }) {
    const { client } = openCommand(data, args)
    const ttlMs = boundedDurationFlag(args.ttl, 'ttl', { min: 60_000, max: 604_800_000 })
    const ttlSeconds = ttlMs === undefined ? undefined : Math.round(ttlMs / 1000)
    const t = await call(client.api.nodes.tokens.$post({ json: ttlSeconds !== undefined ? { ttlSeconds } : {} }))
    const text = `${t.url}\n\n${await qr(t.url)}\nOpen the link on the device (or scan the code) and press "Join this device".\nIt registers one node, owned by you, until ${t.expiresAt}.`
    return messageOutput(text, { url: t.url, token: t.token, expiresAt: t.expiresAt })
  },
})
