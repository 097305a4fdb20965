// Gets fetch ready in a spare (a pod process or worker started ahead of its pod). Plain JavaScript
// on purpose: loaded by path by pod-process.mjs and pack-worker.mjs, copied as is next to
// dist/index.mjs (and, for pod processes, into the runner folder they may read).
//
// Most packs call fetch. Loading it, compiling its HTTP parser (llhttp, WebAssembly) and the code
// of a first request were most of a pack's first request: a child that had only loaded fetch took
// 41–67 ms for its first request to a local server, one that had also made a request 9–16 ms.

/**
 * Loads fetch (with a data: URL, which reaches no network), runs `afterLoad` (a pod process turns
 * WebAssembly to its baseline tier there, once what it loaded came from Node's code cache), then
 * makes one request to a server of its own on the loopback that answers and closes at once.
 * Nothing of a pack exists yet; a pod process does this before it installs its network guard.
 * Anything failing here only leaves the pack to pay for it on its first request.
 */
export async function readyFetch(net, afterLoad = () => {}) {
  try {
    await (await fetch('data:,')).arrayBuffer()
  } catch {
    // a pack that calls fetch loads it then
  }
  afterLoad()
  const server = net.createServer((socket) => {
    socket.on('error', () => {})
    socket.once('data', () => socket.end('HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n'))
  })
  try {
    await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve))
    await (await fetch(`http://127.0.0.1:${server.address().port}/`, { signal: AbortSignal.timeout(2000) })).arrayBuffer()
  } catch {
    // as above
  } finally {
    server.close()
  }
}
