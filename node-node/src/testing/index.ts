/** `@stark/node-node/testing`: what e2e uses of the Node agent's test kit (source only). */
export * from './network-probes'
