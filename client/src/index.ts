export { createStarkClient, type ClientOptions, type StarkClient } from './client'
export { ProblemError } from './problem-error'
export type { components, operations, paths } from './schema'
export type {
  InitArgs,
  ListItem,
  ListPage,
  ListPath,
  Method,
  Operation,
  PathsFor,
  Problem,
  RequestInit,
  ResponseOf,
  Schema,
  Schemas,
} from './types'
