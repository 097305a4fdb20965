import { serviceActionCommand } from '../../lib/service-action'

export default serviceActionCommand(
  { name: 'resume', description: 'Resume a paused service: it reconciles again (example: stark service resume web)' },
  (service) => `service ${service.name} resumed`,
)
