/**
 * `@stark/cli/config`: the types of what `stark apply -f` takes, and `defineConfig` to type a
 * config module's default export (`export default defineConfig([...])`).
 */
export {
  defineConfig,
  type Metadata,
  type NamespaceObject,
  type PackObject,
  type PodObject,
  type PriorityClassObject,
  type SecretObject,
  type ServiceObject,
  type StarkKind,
  type StarkObject,
} from './lib/manifest-config'
