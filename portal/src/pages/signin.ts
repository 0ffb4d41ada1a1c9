import { loadConfig } from '../api.js';
import { type Show, field, h } from '../dom.js';
import { startSignIn } from '../cognito.js';
import { session } from '../session.js';

/** Development sign-in: pick a role (and an institution for a customer). In AWS the Cognito hosted UI does this. */
export async function signInPage(show: Show): Promise<void> {
  const config = await loadConfig();
  if (config.auth.mode === 'cognito') {
    const auth = config.auth;
    show('Sign in', h('p', {}, 'You sign in with your university support account.'), h('button', { type: 'button', onclick: () => void startSignIn(auth) }, 'Sign in'));
    return;
  }
  const role = h('select', { name: 'role' }, h('option', { value: 'customer' }, 'Customer (university staff)'), h('option', { value: 'agent' }, 'Support agent'), h('option', { value: 'manager' }, 'Support manager'));
  const institution = h('select', { name: 'institution' }, ...config.institutions.map((i) => h('option', { value: i.id }, i.name)));
  const name = h('input', { name: 'name', autocomplete: 'name', required: true, value: 'Ada Admin' });
  const error = h('p', { class: 'error', role: 'alert', 'data-error-for': 'form' });
  const institutionField = field('Institution', institution, 'Customers see only their own institution’s cases.');
  role.addEventListener('change', () => {
    institutionField.hidden = role.value !== 'customer';
  });
  const form = h(
    'form',
    {
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const response = await fetch('/local/sign-in', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ role: role.value, name: name.value, ...(role.value === 'customer' ? { institution: institution.value } : {}) }),
        });
        if (!response.ok) {
          error.textContent = ((await response.json()) as { detail?: string }).detail ?? 'Sign-in failed.';
          return;
        }
        session.save(((await response.json()) as { token: string }).token);
        location.hash = '#/';
      },
    },
    field('I am', role),
    institutionField,
    field('Name', name),
    error,
    h('button', { type: 'submit' }, 'Sign in'),
  );
  show('Sign in', h('p', { class: 'notice' }, 'Development sign-in: this page exists only on a local server.'), form);
}
