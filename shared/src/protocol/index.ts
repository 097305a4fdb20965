export * from './version'
export * from './errors'
export * from './messages'
export * from './codec'
