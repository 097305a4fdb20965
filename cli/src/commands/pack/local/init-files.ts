/**
 * The files `stark pack init` writes: a pack that bundles and runs as it stands, typed against
 * @stark/pack, with a unit test (node:test, run by `stark pack test`) and the loop's scripts.
 */
import type { PackRuntime } from '@stark/shared'

export interface InitOptions {
  name: string
  runtime: PackRuntime
  ui: boolean
  /** The @stark/pack dependency: `file:<checkout>/pack`, or a version range. */
  packDependency: string
}

/** The contract package (a template's imports of it are text here, not imports of the CLI). */
const PACK = '@stark/pack'

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`

function packageJson(o: InitOptions): string {
  return json({
    name: o.name,
    version: '0.1.0',
    private: true,
    type: 'module',
    description: `${o.name}: a Stark pack`,
    scripts: {
      test: 'stark pack test',
      dev: 'stark pack run src/index.ts --watch',
      push: 'stark pack push src/index.ts',
    },
    stark: { name: o.name, runtime: o.runtime },
    devDependencies: { '@stark/pack': o.packDependency },
  })
}

function tsconfig(o: InitOptions): string {
  const browser = o.ui || o.runtime === 'browser'
  return json({
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      lib: browser ? ['ES2023', 'DOM', 'DOM.Iterable'] : ['ES2023', 'DOM'],
      types: [],
    },
    include: ['src'],
  })
}

function indexTs(o: InitOptions): string {
  if (o.ui)
    return `import type { ViewContext } from '@stark/pack'

/** A UI pack: it runs in a visible, sandboxed frame on a browser node and owns that frame's document. */
export const view = true

export default async function main(ctx: ViewContext) {
  const title = ctx.view.ownerDocument.createElement('h1')
  title.textContent = \`\${ctx.env.GREETING ?? 'Hello'} from \${ctx.pod.name}\`
  ctx.view.append(title)
  ctx.log('shown')
  // A view stays until the pod is stopped.
  await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }))
}
`
  return `import type { PackContext } from '@stark/pack'

/**
 * ${o.name}: runs on ${o.runtime === 'universal' ? 'Node.js and browser nodes' : o.runtime === 'node' ? 'Node.js nodes' : 'browser nodes'}.
 * Returning ends the pod Succeeded; throwing ends it Failed. A pack that serves awaits ctx.signal instead.
 */
export default async function main(ctx: PackContext) {
  const greeting = ctx.env.GREETING ?? 'Hello'
  const who = ctx.args[0] ?? 'world'
  ctx.log(\`\${greeting}, \${who}! (pod \${ctx.pod.name} on \${ctx.runtime})\`)
}
`
}

/** The node kind the unit test pretends to be: a browser pack's is a browser. */
const runtimeOf = (o: InitOptions) => (o.runtime === 'browser' ? 'browser' : 'node')

function testTs(o: InitOptions): string {
  if (o.ui)
    return `import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runPack } from '${PACK}/testing'
import main from './index'

test('shows a greeting until stopped', async () => {
  // A stand-in for the view's body is enough to check what it shows: the pack only appends to it.
  const shown: string[] = []
  const view = {
    ownerDocument: { createElement: () => ({ textContent: '' }) },
    append: (el: { textContent: string }) => shown.push(el.textContent),
  }
  const result = await runPack((ctx) => main({ ...ctx, runtime: 'browser', view } as never), {
    env: { GREETING: 'Hi' },
    stopWhen: (line) => line === 'shown',
  })
  assert.equal(result.status, 'Succeeded')
  assert.deepEqual(shown, ['Hi from test'])
})
`
  return `import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runPack } from '${PACK}/testing'
import main from './index'

test('greets whoever it is given', async () => {
  const result = await runPack(main, { env: { GREETING: 'Hi' }, args: ['Ada'], runtime: '${runtimeOf(o)}' })
  assert.equal(result.status, 'Succeeded')
  assert.deepEqual(result.lines, ['Hi, Ada! (pod test on ${runtimeOf(o)})'])
})
`
}

function readme(o: InitOptions): string {
  return `# ${o.name}

A Stark pack (runtime \`${o.runtime}\`${o.ui ? ', a UI pack' : ''}). \`src/index.ts\` exports its \`main(ctx)\`; the
types of \`ctx\` come from \`@stark/pack\`.

\`\`\`sh
npm install         # links @stark/pack (no registry needed from a Stark checkout)
npm test            # the unit test: main with a test context (stark pack test)
npm run dev         # runs it on this machine as a node would, again on every save (stark pack run --watch)
npm run push        # bundles it and registers the next version (stark pack push); add -- --service NAME to roll a service to it
\`\`\`

Try it with other input: \`stark pack run src/index.ts --env GREETING=Hi --arg Ada\`${o.runtime === 'universal' ? ', or in a browser: `--runtime browser`' : ''}${o.ui ? ' (add `--headed` to see the view)' : ''}.
Ctrl-C aborts \`ctx.signal\`; the exit code is 0 when \`main\` returns and 1 when it throws.

The \`stark\` field of package.json names the pack and where it may run (\`node\`, \`browser\` or \`universal\`).
`
}

/** Relative path → content. */
export function initFiles(o: InitOptions): Record<string, string> {
  return {
    'package.json': packageJson(o),
    'tsconfig.json': tsconfig(o),
    'src/index.ts': indexTs(o),
    'src/index.test.ts': testTs(o),
    'README.md': readme(o),
    '.gitignore': 'node_modules\n*.pack.js\n',
  }
}
