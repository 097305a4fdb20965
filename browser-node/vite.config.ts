/**
 * The PWA build: the app (index.html → src/main.ts), the service worker (src/sw.ts, workbox
 * precaching through vite-plugin-pwa's injectManifest), and the pack worker — one self-contained
 * classic script at /pack-worker.js that the page hands to sandboxed frames as text.
 */
import { build as esbuild } from 'esbuild'
import { defineConfig, type Plugin } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'
import { fileURLToPath } from 'node:url'

const PACK_WORKER_ENTRY = fileURLToPath(new URL('./src/worker/pack-worker.ts', import.meta.url))

/** Bundles the pack worker (Comlink and all) into one IIFE: a blob worker can import nothing. */
export async function buildPackWorker(minify = true): Promise<string> {
  const out = await esbuild({
    entryPoints: [PACK_WORKER_ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    minify,
    platform: 'browser',
  })
  return out.outputFiles[0]!.text
}

/** Serves /pack-worker.js in dev (and under vitest browser mode) and emits it in the build. */
export function packWorker(): Plugin {
  return {
    name: 'stark-pack-worker',
    configureServer(server) {
      server.middlewares.use('/pack-worker.js', (_req, res) => {
        void buildPackWorker(false).then(
          (code) => res.setHeader('content-type', 'text/javascript').end(code),
          (error: unknown) => res.writeHead(500).end(String(error)),
        )
      })
    },
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'pack-worker.js', source: await buildPackWorker() })
    },
  }
}

/** node.html is no app to install: the manifest link the PWA plugin adds to every page is taken off it. */
function nodePageWithoutManifest(): Plugin {
  return {
    name: 'stark-node-page-without-manifest',
    enforce: 'post',
    transformIndexHtml: {
      order: 'post',
      handler: (html, ctx) => (ctx.path.endsWith('/node.html') ? html.replace(/<link rel="manifest"[^>]*>/g, '') : html),
    },
  }
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: { conditions: ['stark-source'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // run.html: the page `stark pack run --runtime browser` opens (the executor alone, no agent);
    // node.html: the page a headless fleet opens (the node alone, no dashboard).
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        run: fileURLToPath(new URL('./run.html', import.meta.url)),
        node: fileURLToPath(new URL('./node.html', import.meta.url)),
      },
    },
  },
  plugins: [
    packWorker(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Stark',
        short_name: 'Stark',
        description: 'Turn this device into a Stark node, and watch your cluster.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#0f172a',
        theme_color: '#0f172a',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      injectManifest: { globPatterns: ['**/*.{js,css,html,svg,png,ico,webmanifest}'] },
      devOptions: { enabled: false },
    }),
    // After the PWA plugin, which adds the link.
    nodePageWithoutManifest(),
  ],
})
