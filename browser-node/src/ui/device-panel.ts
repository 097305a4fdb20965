/** "This device": join form, or the node's status, pods and their output, with pause/resume/leave. */
import { formatPackRef, type Labels } from '@stark/shared'
import type { DeviceNode, DeviceSnapshot } from '../app/device-node'
import type { TabElection } from '../app/tab-election'
import { ago, badge, h, mount } from './dom'

export interface DevicePanelDeps {
  node: DeviceNode
  /** A credential to join with now (join token, or the signed-in user's token); undefined: cannot join. */
  credential(): Promise<string | undefined>
  suggestedName: string
  baseLabels: Labels
  headless: boolean
  /** Which tab of this browser runs the node. */
  election: TabElection
}

const STATE_TEXT: Record<string, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  registering: 'Registering…',
  ready: 'Ready',
  backoff: 'Reconnecting…',
  stopped: 'Stopped',
}

export function devicePanel(root: HTMLElement, deps: DevicePanelDeps) {
  let selected: string | undefined

  function joinForm(s: DeviceSnapshot) {
    const name = h('input', {
      name: 'name',
      value: s.config.name || deps.suggestedName,
      required: true,
      maxlength: 63,
      autocomplete: 'off',
    })
    const labels = h('input', {
      name: 'labels',
      value: Object.entries(s.config.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(', '),
      placeholder: 'zone=home, kind=phone',
    })
    const error = h('p.error')
    const form = h(
      'form.join',
      {
        async onsubmit(e: Event) {
          e.preventDefault()
          const credential = await deps.credential()
          if (!credential) return void (error.textContent = 'Sign in, or open a join link (stark node token create), to join.')
          const parsed: Labels = {}
          for (const part of labels.value
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean)) {
            const [k, ...v] = part.split('=')
            if (k) parsed[k.trim()] = v.join('=').trim()
          }
          await deps.node.join({ name: name.value.trim(), labels: parsed }, credential)
        },
      },
      h('label', 'Node name', name),
      h('label', 'Labels', labels),
      h(
        'p.hint',
        'Also labelled: ',
        Object.entries(deps.baseLabels).map(([k, v]) => h('code', `${k}=${v} `)),
      ),
      h('button.primary', { type: 'submit', id: 'join' }, 'Join this device'),
      error,
    )
    return form
  }

  function render(s: DeviceSnapshot) {
    if (deps.election.role === 'standby') {
      mount(
        root,
        h('h2', 'This device'),
        h(
          'div#another-tab',
          h(
            'p',
            h('strong', 'This device runs in another tab.'),
            ' One tab runs the node; this one takes over when that tab closes.',
          ),
          s.config.joined ? h('p.meta', `Node ${s.config.name}`) : null,
          h('button.primary', { id: 'take-over', onclick: () => deps.election.takeOver() }, 'Run it in this tab'),
        ),
      )
      return
    }
    if (!s.config.joined) {
      mount(
        root,
        h('h2', 'This device'),
        h('p', 'Turn this browser into a Stark node: pods run here in sandboxed workers.'),
        joinForm(s),
      )
      return
    }
    const live = deps.node.agent !== undefined
    const state = s.config.paused ? 'paused' : live ? s.state : 'offline'
    const pods = s.pods
    if (!selected || !pods.some((p) => p.podId === selected)) selected = pods[0]?.podId
    const lines = selected ? deps.node.logs(selected) : []
    mount(
      root,
      h('h2', 'This device'),
      h(
        'div.node-head',
        h('strong#node-name', s.config.name),
        h(
          'span#node-state',
          { class: 'badge', dataset: { status: state } },
          s.config.paused ? 'Paused' : live ? (STATE_TEXT[s.state] ?? s.state) : 'Offline',
        ),
        s.detail && state !== 'ready' ? h('small.detail', s.detail) : null,
      ),
      s.problem && state !== 'ready' ? h('p.error#node-problem', s.problem) : null,
      h('p.meta', s.nodeId ? `node ${s.nodeId.slice(0, 8)}` : '', !live && s.savedAt ? ` · last seen ${ago(s.savedAt)}` : ''),
      h(
        'div.actions',
        s.config.paused
          ? h('button', { id: 'resume', onclick: async () => deps.node.resume(await deps.credential()) }, 'Resume')
          : h('button', { id: 'pause', onclick: () => void deps.node.pause() }, 'Pause'),
        deps.headless
          ? null
          : h(
              'button.danger',
              {
                id: 'leave',
                onclick: () => confirm('Leave the cluster? This device forgets its node identity.') && void deps.node.leave(),
              },
              'Leave',
            ),
      ),
      h('h3', `Pods here (${pods.filter((p) => p.status === 'Running' || p.status === 'Starting').length} running)`),
      pods.length === 0
        ? h('p.empty', 'No pods yet.')
        : h(
            'ul#device-pods',
            { class: 'pods' },
            pods.map((p) =>
              h(
                'li',
                {
                  class: p.podId === selected ? 'selected' : '',
                  title: p.message ?? '',
                  dataset: { pod: p.name },
                  onclick: () => ((selected = p.podId), render(deps.node.snapshot)),
                },
                h('span.name', p.name),
                badge(p.status),
                h('small', formatPackRef({ ...p.pack, namespace: p.pack.namespace ?? p.namespace }, p.namespace)),
              ),
            ),
          ),
      selected
        ? h(
            'pre#device-logs',
            { class: 'logs' },
            lines.length ? lines.map((l) => h(`span.${l.stream}`, l.line + '\n')) : 'no output yet',
          )
        : null,
    )
  }

  deps.node.on(render)
  deps.election.on(() => render(deps.node.snapshot))
  render(deps.node.snapshot)
  return { render: () => render(deps.node.snapshot) }
}
