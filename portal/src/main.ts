import { ApiError, loadConfig } from './api.js';
import { completeSignIn, signOutUrl } from './cognito.js';
import { type Show, h, render } from './dom.js';
import { casePage } from './pages/case.js';
import { casesPage } from './pages/cases.js';
import { newCasePage } from './pages/new-case.js';
import { oncallPage } from './pages/oncall.js';
import { queuePage } from './pages/queue.js';
import { reportPage } from './pages/report.js';
import { signInPage } from './pages/signin.js';
import { session } from './session.js';

let leave: (() => void) | undefined;
let currentNavigation = 0;

function navigation(): void {
  const nav = document.getElementById('nav')!;
  const profile = session.profile();
  if (!profile) {
    nav.replaceChildren(h('a', { href: '#/signin' }, 'Sign in'));
    return;
  }
  const links =
    profile.role === 'customer'
      ? [h('a', { href: '#/cases' }, 'Our cases'), h('a', { href: '#/new' }, 'Open a case')]
      : profile.role === 'manager'
        ? [h('a', { href: '#/report' }, 'SLA report'), h('a', { href: '#/queue' }, 'Queue'), h('a', { href: '#/oncall' }, 'On call')]
        : [h('a', { href: '#/queue' }, 'Queue'), h('a', { href: '#/report' }, 'SLA report'), h('a', { href: '#/oncall' }, 'On call')];
  const here = location.hash.split('?')[0];
  for (const link of links) if (link.getAttribute('href') === here) link.setAttribute('aria-current', 'page');
  nav.replaceChildren(
    ...links,
    h('span', { class: 'hint' }, `${profile.name} (${profile.role}${profile.institution ? `, ${profile.institution}` : ''})`),
    h('button', {
      type: 'button',
      class: 'link',
      onclick: async () => {
        session.clear();
        const { auth } = await loadConfig();
        if (auth.mode === 'cognito') location.assign(signOutUrl(auth));
        else location.hash = '#/signin';
      },
    }, 'Sign out'),
  );
}

async function route(): Promise<void> {
  leave?.();
  leave = undefined;
  navigation();
  // A page that finishes loading after the reader has moved on must not replace the newer page.
  const ticket = ++currentNavigation;
  const show: Show = (title, ...content) => {
    if (ticket === currentNavigation) render(title, ...content);
  };
  const [path = '/', search = ''] = location.hash.slice(1).split('?');
  const params = new URLSearchParams(search);
  const profile = session.profile();
  try {
    if (path === '/signin' || !profile) return await signInPage(show);
    const caseMatch = /^\/case\/(\d{8})$/.exec(path);
    if (caseMatch) return await casePage(caseMatch[1]!, show);
    if (path === '/new' && profile.role === 'customer') return await newCasePage(show);
    if (path === '/cases') return await casesPage(params, show);
    if (path === '/queue' && profile.role !== 'customer') {
      leave = await queuePage(params, show);
      return;
    }
    if (path === '/report') return await reportPage(params, show);
    if (path === '/oncall' && profile.role !== 'customer') return await oncallPage(show);
    // Each role lands where its day starts: customers on their cases, agents on the queue, managers on the report.
    location.hash = profile.role === 'customer' ? '#/cases' : profile.role === 'manager' ? '#/report' : '#/queue';
  } catch (error) {
    const message = error instanceof ApiError ? (error.status === 404 ? 'There is no such case, or it is not yours to see.' : error.message) : 'Something went wrong. Please try again.';
    show('Sorry', h('p', { class: 'error', role: 'alert', id: 'page-error' }, message), h('p', {}, h('a', { href: '#/' }, 'Back to the start')));
  }
}

window.addEventListener('hashchange', () => void route());
void (async () => {
  const { auth } = await loadConfig();
  if (auth.mode === 'cognito') await completeSignIn(auth);
  await route();
})();
