export {
  definePack,
  READY_LINE,
  type NodeRuntime,
  type PackContext,
  type PackContextData,
  type PackInfo,
  type PackMain,
  type PackModule,
  type PackRuntime,
  type PodInfo,
  type ViewContext,
  type ViewElement,
} from './context'
