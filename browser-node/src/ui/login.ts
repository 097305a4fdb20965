/** Sign-in form (the dashboard is for signed-in users). */
import type { Api } from '../app/api'
import { h, mount } from './dom'

export function loginPanel(root: HTMLElement, api: Api) {
  const email = h('input', { name: 'email', type: 'email', autocomplete: 'username', required: true })
  const password = h('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    minlength: 8,
  })
  const error = h('p.error')
  mount(
    root,
    h(
      'form.card.login',
      {
        async onsubmit(e: Event) {
          e.preventDefault()
          error.textContent = ''
          try {
            await api.login(email.value, password.value)
          } catch (err) {
            error.textContent = (err as Error).message
          }
        },
      },
      h('h2', 'Sign in to see the cluster'),
      h('label', 'Email', email),
      h('label', 'Password', password),
      h('button.primary', { type: 'submit', id: 'login' }, 'Sign in'),
      error,
    ),
  )
}
