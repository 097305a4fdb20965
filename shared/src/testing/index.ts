export * from './fake-clock'
