import { serviceActionCommand } from '../../lib/service-action'

export default serviceActionCommand(
  {
    name: 'pause',
    description:
      'Pause a service: its pods keep running; no scaling, replacing or rollouts until resumed (example: stark service pause web)',
  },
  (service) => `service ${service.name} paused`,
)
