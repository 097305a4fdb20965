// The pod process's entry: puts V8's flags back to their defaults, then loads pod-process.mjs.
// Plain CommonJS on purpose: it runs before Node's ES module loader is set up.
//
// A pod process starts with its heap limit as a V8 flag (--max-old-space-size=<MB>, see
// pod-process-pool.ts). V8 takes any flag that differs from the default as a reason to refuse
// Node's built-in code cache, so every Node module the pod loads afterwards (the ES module
// loader, net, http, fetch …) would be compiled from source: about a third of a pod process's CPU
// until its pack's first line. The heap's limits are fixed when the process starts, so setting the
// flag back to its default now leaves the limit as it is and lets the code cache apply again.
// (pod-process.mjs then takes v8.setFlagsFromString away from the pack.)
'use strict'
require('node:v8').setFlagsFromString('--max-old-space-size=0')
import('./pod-process.mjs')
