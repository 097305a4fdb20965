import { formatPackRef } from '@stark/shared'
import { serviceActionCommand } from '../../lib/service-action'

export default serviceActionCommand(
  {
    name: 'rollback',
    description:
      'Go back to the previous version: the one a rollout in progress started from, or the latest earlier one (example: stark service rollback web; follow with stark service status web --wait)',
  },
  (service) =>
    `service ${service.name}: rolling back to ${formatPackRef(service.pack, service.namespace)}; follow with stark service status ${service.name} --wait`,
)
