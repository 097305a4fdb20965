/** --log-format / --log-level, for the commands that run a long-lived process (server, agent). */
import { defineArgs } from './args'

export const logArgs = defineArgs({
  'log-format': {
    type: 'enum',
    options: ['json', 'pretty'],
    description: 'Log lines on stderr: json, or pretty (default on a terminal) (env STARK_LOG_FORMAT)',
  },
  'log-level': {
    type: 'enum',
    options: ['debug', 'info', 'warn', 'error', 'silent'],
    description: 'Least important level logged (default info) (env STARK_LOG_LEVEL)',
  },
})
